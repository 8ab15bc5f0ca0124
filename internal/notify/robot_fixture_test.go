package notify_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
)

// robotSecret signs the posts of the test robots of 钉钉 and 飞书 (钉钉's secrets start SEC).
const robotSecret = "SECa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7"

// robotPath is, per kind, the path and query a robot's URL has at its service (the test service
// listens on 127.0.0.1 in place of the service's host) and the credential in it.
var robotPath = map[string]string{
	linli.RobotWeCom:    "/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
	linli.RobotDingTalk: "/robot/send?access_token=8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
	linli.RobotFeishu:   "/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
}

// robotGot is one post a test service took: its signing timestamp ("" unsigned) and its text.
type robotGot struct {
	Timestamp string
	Text      string
}

// robotService stands in for the service of one robot kind the way it checks a post: the path
// and credential, the JSON shape of its documentation, and, with a secret, the signature,
// recomputed from the timestamp received and refused when more than an hour from the service's
// clock. It answers HTTP 200 with errcode (企业微信, 钉钉) or code (飞书): answer(n) for the
// n-th post that passed the checks, the service's own code for one that did not.
type robotService struct {
	*httptest.Server
	t      testing.TB
	kind   string
	secret string
	now    func() time.Time
	answer func(n int) int

	mu      sync.Mutex
	got     []robotGot
	refused []string
}

func newRobotService(t testing.TB, kind, secret string, now func() time.Time, answer func(n int) int) *robotService {
	rs := &robotService{t: t, kind: kind, secret: secret, now: now, answer: answer}
	rs.Server = httptest.NewServer(http.HandlerFunc(rs.serve))
	t.Cleanup(rs.Close)
	return rs
}

// URL is the robot's webhook URL at the test service.
func (rs *robotService) URL() string { return rs.Server.URL + robotPath[rs.kind] }

func (rs *robotService) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	got, problem, code := rs.check(r, body)
	rs.mu.Lock()
	if problem != "" {
		rs.refused = append(rs.refused, problem)
	} else {
		rs.got = append(rs.got, got)
		code = rs.answer(len(rs.got))
	}
	rs.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if rs.kind == linli.RobotFeishu {
		fmt.Fprintf(w, `{"code":%d,"msg":"%s","data":{}}`, code, map[bool]string{true: "success", false: "sign match fail or timestamp is not within one hour from current time"}[code == 0])
		return
	}
	fmt.Fprintf(w, `{"errcode":%d,"errmsg":"%s"}`, code, map[bool]string{true: "ok", false: "send too fast"}[code == 0])
}

// check returns what a post says, or why the service refuses it and the code it answers.
func (rs *robotService) check(r *http.Request, body []byte) (robotGot, string, int) {
	var got robotGot
	want := strings.SplitN(robotPath[rs.kind], "?", 2)
	if r.Method != http.MethodPost || r.URL.Path != want[0] || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return got, fmt.Sprintf("%s %s (%s)", r.Method, r.URL.Path, r.Header.Get("Content-Type")), 404
	}
	if len(want) == 2 && !strings.HasPrefix(r.URL.RawQuery, want[1]) && !strings.Contains(r.URL.RawQuery, want[1]) {
		return got, "the credential is missing from the query " + r.URL.RawQuery, 300001
	}
	switch rs.kind {
	case linli.RobotWeCom, linli.RobotDingTalk:
		var m struct {
			MsgType string            `json:"msgtype"`
			Text    map[string]string `json:"text"`
		}
		if err := strictJSON(body, &m); err != nil || m.MsgType != "text" || len(m.Text) != 1 || m.Text["content"] == "" {
			return got, fmt.Sprintf("body %s", body), 40008
		}
		got.Text = m.Text["content"]
		if rs.kind == linli.RobotDingTalk && rs.secret != "" {
			got.Timestamp = r.URL.Query().Get("timestamp")
			ms, err := strconv.ParseInt(got.Timestamp, 10, 64)
			if err != nil || absDuration(rs.now().Sub(time.UnixMilli(ms))) > time.Hour {
				return got, "stale or missing timestamp " + got.Timestamp, 310000
			}
			mac := hmac.New(sha256.New, []byte(rs.secret))
			mac.Write([]byte(got.Timestamp + "\n" + rs.secret))
			if r.URL.Query().Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
				return got, "sign not match", 310000
			}
		}
	case linli.RobotFeishu:
		var m struct {
			Timestamp string            `json:"timestamp"`
			Sign      string            `json:"sign"`
			MsgType   string            `json:"msg_type"`
			Content   map[string]string `json:"content"`
		}
		if err := strictJSON(body, &m); err != nil || m.MsgType != "text" || len(m.Content) != 1 || m.Content["text"] == "" {
			return got, fmt.Sprintf("body %s", body), 9499
		}
		got.Text = m.Content["text"]
		if rs.secret != "" {
			got.Timestamp = m.Timestamp
			s, err := strconv.ParseInt(m.Timestamp, 10, 64)
			if err != nil || absDuration(rs.now().Sub(time.Unix(s, 0))) > time.Hour {
				return got, "stale or missing timestamp " + m.Timestamp, 19021
			}
			mac := hmac.New(sha256.New, []byte(m.Timestamp+"\n"+rs.secret))
			if m.Sign != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
				return got, "sign match fail", 19021
			}
		}
	}
	return got, "", 0
}

func strictJSON(body []byte, v any) error {
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.DisallowUnknownFields()
	return d.Decode(v)
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func (rs *robotService) posts() []robotGot {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return slices.Clone(rs.got)
}

func (rs *robotService) refusals() []string {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return slices.Clone(rs.refused)
}

// robotWorker returns a worker on db, on the fixture's clock, without jitter, allowed to call
// 127.0.0.1, with links under https://linli.example, logging into log.
func (f *fixture) robotWorker(db *storage.DB, id string, log io.Writer) *notify.Worker {
	w := notify.New(storage.Outbox{DB: db}, slog.New(slog.NewTextHandler(log, nil)))
	w.Now, w.ID, w.AllowPrivate, w.PublicURL = f.Clock.Now, id, true, "https://linli.example"
	w.Jitter = func() float64 { return 0 }
	return w
}

// robot adds a robot of kind posting to rs for events, as the coordinator.
func (f *fixture) robot(rs *robotService, events ...string) *linli.ChatRobot {
	f.t.Helper()
	r, err := storage.ChatRobots{DB: f.DB}.CreateChatRobot(f.ctx, f.coordinator(),
		f.Community, linli.Given(linli.NewChatRobot{Kind: rs.kind, URL: rs.URL(), Secret: rs.secret, Events: events}))
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// robotPosts reads a robot's posts: status, attempts and last error, oldest first.
func (f *fixture) robotPosts(robot *linli.ChatRobot) [][3]string {
	f.t.Helper()
	rows, err := f.DB.WritePool().Query(`SELECT status, attempts, last_error FROM chat_robot_posts WHERE robot_id = ? ORDER BY created_at, id`, robot.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out [][3]string
	for rows.Next() {
		var p [3]string
		if err := rows.Scan(&p[0], &p[1], &p[2]); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// coordinator is the community's coordinator as the API sees her.
func (f *fixture) coordinator() *linli.Actor {
	return &linli.Actor{User: *f.Coord, Memberships: []linli.Membership{{CommunityID: f.Community, UserID: f.Coord.ID, Role: linli.RoleCoordinator}}}
}

// failOnceWith answers code first, then 0.
func failOnceWith(code int) func(int) int {
	return func(n int) int {
		if n == 1 {
			return code
		}
		return 0
	}
}

// listed is the robot as its coordinator's list shows it.
func (f *fixture) listed(robot *linli.ChatRobot) linli.ChatRobot {
	f.t.Helper()
	items, err := storage.ChatRobots{DB: f.DB}.FindChatRobots(f.ctx, f.coordinator(), f.Community)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range items {
		if r.ID == robot.ID {
			return r
		}
	}
	f.t.Fatalf("robot %s is not listed", robot.ID)
	return linli.ChatRobot{}
}
