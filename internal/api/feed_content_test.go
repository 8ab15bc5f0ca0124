package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/ical"
)

// fdLint fails the test unless a feed passes ical.Lint without warnings.
func fdLint(t *testing.T, name string, body []byte) {
	t.Helper()
	if errs := append(ical.Lint(body), ical.LintWarnings(body)...); len(errs) > 0 {
		t.Fatalf("%s: lint: %v", name, errs)
	}
}

// fdLabel is the visited household's label.
const fdLabel = "301室, 李奶奶; 独居\\🏠"

// fdVisit plans one neighbour visit, on 2026-07-08 09:00–10:00, of the volunteer to a household
// (POST /households/{id}/visit-plans) and returns its session and the household's id.
func (e *fdEnv) fdVisit() (ptSession, string) {
	e.t.Helper()
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", e.Coord, map[string]any{"name": "一网格"}), &grid)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", e.Coord, map[string]any{"name": "12号楼"}), &building)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", e.Coord, map[string]any{
		"label": fdLabel, "contact_name": "李秀英", "contact_phone": "13812345678", "needs": []string{"elderly_alone"}}), &household)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/households/"+household.Household.ID+"/visit-plans", e.Coord, map[string]any{
		"volunteer_ids": []string{e.Volunteer}, "cadence": "weekly", "start_date": "2026-07-08", "end_date": "2026-07-08",
		"start_time": "09:00", "end_time": "10:00"}), nil)
	visits := e.sessions(e.Coord, "kind=neighbor_visit&from=2026-07-01")
	if len(visits) != 1 {
		e.t.Fatalf("%d visits planned, want 1", len(visits))
	}
	return visits[0], household.Household.ID
}

// signUp signs the volunteer up for a shift.
func (e *fdEnv) signUp(sessionID string) {
	e.t.Helper()
	e.must(http.StatusCreated, e.call("POST", "/api/v1/sessions/"+sessionID+"/signup", e.VolunteerCookie, nil), nil)
}

// TestFeedPersonal: one event per session whatever the user's roles and children there;
// children by given name, a waitlisted one marked; a visit with its household's label and
// building only.
func TestFeedPersonal(t *testing.T) {
	e := newFeedEnv(t)
	// They subscribe first, so that every relation below reaches the feeds through the triggers
	// (TestFeedICALJS subscribes after the fact).
	teacherCookie := e.login("13800000002")
	parentFeed, teacherFeed, volunteerFeed := e.feedLinks(e.ParentCookie).path(), e.feedLinks(teacherCookie).path(), e.feedLinks(e.VolunteerCookie).path()
	_, sessions := e.class("2026-07-06", "2026-07-09")
	both, waiting := sessions[0], sessions[1]
	e.bookings(both.ID, e.Xiaoming, e.Xiaohong)
	e.patchSession(waiting.ID, map[string]any{"capacity": 1})
	e.register("刘洋", "13900000002")
	otherCookie := e.login("13900000002")
	var kid struct{ Child struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children", otherCookie, map[string]any{
		"name": "刘一", "birth_date": "2018-01-01", "consent_policy_version": "2026-09-01"}), &kid)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/bookings", otherCookie, map[string]any{"child_id": kid.Child.ID, "session_id": waiting.ID}), nil)
	e.bookings(waiting.ID, e.Xiaohong)
	shift := e.createProgram(ptProgram("volunteer_shift", "垃圾分类值守", ptSchedule("2026-07-07", "2026-07-07", "07:00", "08:30", "all_days")))
	shiftSession := e.sessions(e.Coord, "program_id="+shift.Program.ID+"&from=2026-07-01")[0]
	e.signUp(shiftSession.ID)
	visit, household := e.fdVisit()

	parent := e.feed(parentFeed)
	fdLint(t, "parent", parent.Body)
	ev := fdEvents(parent.Body)
	if len(ev) != 2 {
		t.Fatalf("the parent's feed has %d events, want 2 (one per session): %s", len(ev), parent.Body)
	}
	if got := ev[uid(both.ID)]; got["SUMMARY"] != "小明、小红 · "+fdTitle || got["STATUS"] != "CONFIRMED" || got["LOCATION"] != fdVenueName {
		t.Errorf("two children in one session: %v", got)
	}
	if got := ev[uid(waiting.ID)]; got["SUMMARY"] != "小红（候补） · "+fdTitle || got["STATUS"] != "TENTATIVE" {
		t.Errorf("a waitlisted child: %v", got)
	}
	for _, secret := range []string{"张小明", "张小红", "花生过敏", "刘一", "2018-03-01"} {
		if bytes.Contains(parent.Body, []byte(secret)) {
			t.Errorf("the parent's feed shows %q", secret)
		}
	}
	e.Clock.Set(fdNow.Add(time.Hour))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/children/"+e.Xiaoming, e.ParentCookie, map[string]any{"name": "张晓明"}), nil)
	renamed := e.feed(parentFeed)
	if got := fdEvents(renamed.Body)[uid(both.ID)]; got["SUMMARY"] != "晓明、小红 · "+fdTitle || got["LAST-MODIFIED"] <= ev[uid(both.ID)]["LAST-MODIFIED"] {
		t.Errorf("after a child's new name: %v (before: %v)", got, ev[uid(both.ID)])
	}

	teacher := e.feed(teacherFeed)
	fdLint(t, "teacher", teacher.Body)
	tev := fdEvents(teacher.Body)
	if len(tev) != len(sessions) || tev[uid(both.ID)]["SUMMARY"] != fdTitle || !strings.Contains(tev[uid(both.ID)]["DESCRIPTION"], "你负责本场") {
		t.Errorf("the teacher's feed has %d events (want %d, their sessions): %v", len(tev), len(sessions), tev[uid(both.ID)])
	}
	if bytes.Contains(teacher.Body, []byte("小明")) {
		t.Error("the teacher's feed names a child")
	}

	volunteer := e.feed(volunteerFeed)
	fdLint(t, "volunteer", volunteer.Body)
	vev := fdEvents(volunteer.Body)
	if got := vev[uid(shiftSession.ID)]; got["SUMMARY"] != "垃圾分类值守" || !strings.Contains(got["DESCRIPTION"], "你已报名") {
		t.Errorf("the volunteer's shift: %v", got)
	}
	if got := vev[uid(visit.ID)]; got["SUMMARY"] != "探访 · "+fdLabel || got["LOCATION"] != "12号楼" || got["CATEGORIES"] != "探访" {
		t.Errorf("the volunteer's visit: %v", got)
	}
	for _, secret := range []string{"李秀英", "13812345678", "elderly"} {
		if bytes.Contains(volunteer.Body, []byte(secret)) {
			t.Errorf("the visitor's feed shows %q", secret)
		}
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/households/"+household, e.Coord, map[string]any{"label": "302室 王爷爷"}), nil)
	relabelled := e.feed(volunteerFeed)
	if got := fdEvents(relabelled.Body)[uid(visit.ID)]["SUMMARY"]; got != "探访 · 302室 王爷爷" || relabelled.Header.Get("ETag") == volunteer.Header.Get("ETag") {
		t.Errorf("after the household's new label: %q, ETag %s", got, relabelled.Header.Get("ETag"))
	}

	englishCookie := e.ParentCookie
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", englishCookie, map[string]any{"locale": "en"}), nil)
	english := fdEvents(e.feed(parentFeed).Body)
	if got := english[uid(waiting.ID)]["SUMMARY"]; got != "小红 (waitlist) · "+fdTitle {
		t.Errorf("in English: %q", got)
	}
}

// TestFeedPublicPrivacy: public feeds show public kinds only and nothing about people.
func TestFeedPublicPrivacy(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-07")
	e.bookings(sessions[0].ID, e.Xiaoming, e.Xiaohong)
	visit, _ := e.fdVisit()
	community := e.feed("/ical/communities/" + e.Community + ".ics")
	program := e.feed("/ical/programs/" + programID + ".ics")
	for name, body := range map[string][]byte{"community": community.Body, "program": program.Body} {
		fdLint(t, name, body)
		for _, secret := range []string{"小明", "小红", "301", "李奶奶", "12号楼", "李明", visit.ID, "走访"} {
			if bytes.Contains(body, []byte(secret)) {
				t.Errorf("the %s feed shows %q:\n%s", name, secret, body)
			}
		}
		if got := fdEvents(body)[uid(sessions[0].ID)]; got["SUMMARY"] != fdTitle || got["DESCRIPTION"] != fdDescriptionAsFed() {
			t.Errorf("the %s feed's class: %v", name, got)
		}
	}
	if !strings.Contains(string(community.Body), "X-WR-CALNAME:幸福里社区 · 社区日程") {
		t.Error("the community feed is not named after the community")
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.fetch("GET", "/ical/programs/"+visit.ProgramID+".ics"))
	e.mustFail(http.StatusNotFound, "not_found", "", e.fetch("GET", "/ical/communities/0190a000-0000-7000-8000-00000000abcd.ics"))
}

// fdDescriptionAsFed is the class's description as a client reads it back: line breaks as LF.
func fdDescriptionAsFed() string { return strings.ReplaceAll(fdDescription, "\r\n", "\n") }

// TestSessionICS: "add to my calendar" is one event, as a download, for whoever may see the
// session; it names no calendar (Outlook desktop would open it as one), and two sessions of one
// day download under two file names.
func TestSessionICS(t *testing.T) {
	e := newFeedEnv(t)
	_, sessions := e.class("2026-07-06", "2026-07-06")
	morning := e.createProgram(ptProgram("event", "亲子阅读", ptSchedule("2026-07-06", "2026-07-06", "09:00", "10:00", "all_days")))
	sameDay := e.sessions(e.Coord, "program_id="+morning.Program.ID+"&from=2026-07-06")[0]
	r := e.fetch("GET", "/api/v1/sessions/"+sessions[0].ID+".ics")
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		r.Header.Get("Content-Disposition") != `attachment; filename="linli-20260706-`+sessions[0].ID[len(sessions[0].ID)-8:]+`.ics"` {
		t.Fatalf("%d %v", r.Status, r.Header)
	}
	fdLint(t, "session", r.Body)
	if ev := fdEvents(r.Body); len(ev) != 1 || ev[uid(sessions[0].ID)]["SUMMARY"] != fdTitle {
		t.Errorf("events %v", ev)
	}
	for _, calendarName := range []string{"\r\nNAME", "X-WR-CALNAME", "X-WR-CALDESC", "REFRESH-INTERVAL"} {
		if bytes.Contains(r.Body, []byte(calendarName)) {
			t.Errorf("the download carries %s, so Outlook opens it as a calendar:\n%s", calendarName, r.Body)
		}
	}
	other := e.fetch("GET", "/api/v1/sessions/"+sameDay.ID+".ics")
	if other.Status != http.StatusOK || other.Header.Get("Content-Disposition") == r.Header.Get("Content-Disposition") {
		t.Errorf("two sessions of 6 July download as %s and %s", r.Header.Get("Content-Disposition"), other.Header.Get("Content-Disposition"))
	}
	if again := e.fetch("GET", "/api/v1/sessions/"+sessions[0].ID+".ics", "If-None-Match", r.Header.Get("ETag")); again.Status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", again.Status)
	}
	visit, _ := e.fdVisit()
	e.mustFail(http.StatusNotFound, "not_found", "", e.fetch("GET", "/api/v1/sessions/"+visit.ID+".ics"))
	if r := e.call("GET", "/api/v1/sessions/"+visit.ID+".ics", e.VolunteerCookie, nil); r.Status != http.StatusOK || bytes.Contains(r.Body, []byte("李秀英")) {
		t.Errorf("the visit for its volunteer: %d %s", r.Status, r.Body)
	}
}
