package api_test

import (
	"bytes"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// fdPublicURL is the public URL of the feed tests' server: links and UIDs use it.
const fdPublicURL = "https://linli.example.cn"

// fdNow is where the clock of a feed test starts: Wednesday 2026-07-01 10:00 in Shanghai.
var fdNow = ptAt(2026, 7, 1, 10, 0)

// Texts that feeds must carry intact: Chinese, the characters TEXT escapes, line breaks (CRLF
// too), a 4-byte emoji, and a description of 300 characters.
var (
	fdTitle       = "少儿书法（初级, 零基础; 带\\毛笔）🖌️"
	fdVenueName   = "活动中心 201, 南楼; 入口\\东侧 🏫"
	fdDescription = fdLongText(300)
)

// fdLongText returns n runes of text with every character that needs care in a feed.
func fdLongText(n int) string {
	const unit = "写好中国字，做好中国人; 请带毛笔\\墨汁, 宣纸。\r\n雨天照常 🌧️！\n"
	runes := []rune(strings.Repeat(unit, n/len([]rune(unit))+1))
	return string(runes[:n])
}

// fdEnv is a feed test: a server with every service on a fresh SQLite file, a settable clock,
// the planning cast of ptEnv, and a parent with two children.
type fdEnv struct {
	*ptEnv
	Parent, ParentCookie string
	Xiaoming, Xiaohong   string // the parent's children: 张小明 and 张小红
	Secret               []byte
}

func newFeedEnv(t *testing.T) *fdEnv {
	t.Helper()
	secret, _, err := auth.LoadSecret(filepath.Join(t.TempDir(), "feed-secret"))
	if err != nil {
		t.Fatal(err)
	}
	te, clock := startServer(t, serverOptions{
		now:        fdNow,
		feedSecret: secret,
		server:     func(srv *api.Server) { srv.PublicURL = fdPublicURL },
	})
	e := &fdEnv{ptEnv: &ptEnv{testEnv: te, Clock: clock}, Secret: secret}
	_, e.Coord = e.member("王丽", "13800000001", "coordinator", "")
	e.Teacher1, _ = e.member("李明", "13800000002", "teacher", "school_teacher")
	e.Volunteer, e.VolunteerCookie = e.member("周强", "13800000005", "volunteer", "")
	e.Room = e.venue(fdVenueName, 40)
	e.Parent = e.register("张伟", "13900000001")
	e.ParentCookie = e.login("13900000001")
	e.Xiaoming = e.child("张小明", "2018-03-01")
	e.Xiaohong = e.child("张小红", "2019-05-01")
	return e
}

// child registers a child of the parent and returns its id.
func (e *fdEnv) child(name, birth string) string {
	e.t.Helper()
	var out struct{ Child linli.Child }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children", e.ParentCookie, map[string]any{
		"name": name, "birth_date": birth, "notes": "花生过敏", "consent_policy_version": linli.ChildPolicyVersion}), &out)
	return out.Child.ID
}

// class creates a holiday class for ages 6–9 in the room, staffed by Teacher1, on the dates
// from–to at 16:30–18:00, and returns its id and its sessions in order.
func (e *fdEnv) class(from, to string) (string, []ptSession) {
	e.t.Helper()
	res := e.createProgram(ptProgram("holiday_class", fdTitle, ptSchedule(from, to, "16:30", "18:00", "all_days"), func(p map[string]any) {
		p["venue_id"], p["staff_ids"], p["age_min"], p["age_max"], p["description"] = e.Room, []string{e.Teacher1}, 6, 9, fdDescription
	}))
	return res.Program.ID, e.sessions(e.Coord, "program_id="+res.Program.ID+"&from="+from)
}

// bookings books children into a session as the parent and returns the bookings' ids.
func (e *fdEnv) bookings(sessionID string, children ...string) []string {
	e.t.Helper()
	var out struct{ Bookings []struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/bookings", e.ParentCookie, map[string]any{"child_ids": children, "session_id": sessionID}), &out)
	var ids []string
	for _, b := range out.Bookings {
		ids = append(ids, b.ID)
	}
	return ids
}

// patchSession changes a session as the coordinator.
func (e *fdEnv) patchSession(id string, body map[string]any) {
	e.t.Helper()
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+id, e.Coord, body), nil)
}

// feedLinks returns the caller's personal feed item of GET /me/feeds.
func (e *fdEnv) feedLinks(cookie string) fdLink {
	e.t.Helper()
	var out struct{ Items []fdLink }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/feeds", cookie, nil), &out)
	if len(out.Items) != 1 || out.Items[0].Kind != "personal" {
		e.t.Fatalf("GET /me/feeds: %+v, want one personal feed", out.Items)
	}
	return out.Items[0]
}

// fdLink is an item of GET /me/feeds.
type fdLink struct {
	Kind, URL     string
	WebcalURL     string     `json:"webcal_url"`
	LastFetchedAt *time.Time `json:"last_fetched_at"`
}

// path is the link's path on the test server.
func (l fdLink) path() string { return strings.TrimPrefix(l.URL, fdPublicURL) }

// fdClient sends requests as they are written: unlike http.DefaultClient it asks for no gzip by
// itself, so a feed test sees the answer's bytes and headers as sent, and gzip only when it sends
// Accept-Encoding.
var fdClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// fetch GETs a feed path with no cookie and no Accept header, as calendar clients do.
func (e *fdEnv) fetch(method, path string, headers ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.Srv.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := fdClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	body.ReadFrom(resp.Body)
	return response{resp.StatusCode, resp.Header, body.Bytes()}
}

// feed GETs a feed and checks that it is a valid calendar.
func (e *fdEnv) feed(path string) response {
	e.t.Helper()
	r := e.fetch("GET", path)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		e.t.Fatalf("GET %s: %d %s: %s", path, r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	return r
}

// fdEvent is one VEVENT of a feed: its properties by name (parameters dropped), values
// unescaped.
type fdEvent map[string]string

// fdEvents reads the VEVENTs of a feed by UID.
func fdEvents(body []byte) map[string]fdEvent {
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	out := map[string]fdEvent{}
	var cur fdEvent
	for _, line := range strings.Split(text, "\r\n") {
		switch {
		case line == "BEGIN:VEVENT":
			cur = fdEvent{}
		case line == "END:VEVENT":
			out[cur["UID"]] = cur
			cur = nil
		case cur != nil:
			name, value, _ := strings.Cut(line, ":")
			name, _, _ = strings.Cut(name, ";")
			cur[name] = strings.NewReplacer(`\n`, "\n", `\,`, ",", `\;`, ";", `\\`, `\`).Replace(value)
		}
	}
	return out
}

// uid is the UID of a session's event.
func uid(sessionID string) string { return sessionID + "@linli.example.cn" }
