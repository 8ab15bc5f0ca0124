package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// atEnv is an attendance test: the planning environment (coordinator 王丽, school teacher 李明,
// community teacher 赵芳, volunteer 周强, two venues) on a server that also serves children,
// bookings and attendance, with the clock at 2026-09-01 08:00 in Shanghai unless moved.
type atEnv struct {
	*ptEnv
	Teacher1Cookie, Teacher2Cookie string
}

// atNow is where the clock of an attendance test starts: a Tuesday before the first sessions.
var atNow = ptAt(2026, 9, 1, 8, 0)

func newAttendanceEnv(t *testing.T) *atEnv {
	t.Helper()
	te, clock := startServer(t, serverOptions{now: atNow})
	e := &atEnv{ptEnv: &ptEnv{testEnv: te, Clock: clock}}
	_, e.Coord = e.member("王丽", "13800000001", "coordinator", "")
	e.Teacher1, e.Teacher1Cookie = e.member("李明", "13800000002", "teacher", "school_teacher")
	e.Teacher2, e.Teacher2Cookie = e.member("赵芳", "13800000003", "teacher", "community_teacher")
	e.Volunteer, e.VolunteerCookie = e.member("周强", "13800000005", "volunteer", "")
	e.Room = e.venue("社区活动室", 40)
	e.Studio = e.venue("书画室", 20)
	return e
}

// program creates a program as the coordinator and returns its sessions by local date.
func (e *atEnv) program(body map[string]any) (string, map[string]ptSession) {
	e.t.Helper()
	res := e.createProgram(body)
	return res.Program.ID, byDate(e.sessions(e.Coord, "from=2026-01-01&program_id="+res.Program.ID))
}

// afterSchool is 四点半课堂 on the school days of 7–8 September 2026, 16:30–18:00 (90 minutes),
// staffed by both teachers, one child per staff member at most.
func (e *atEnv) afterSchool() (string, map[string]ptSession) {
	return e.program(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-07", "2026-09-08", "16:30", "18:00", "school_days"),
		func(p map[string]any) {
			p["staff_ids"], p["venue_id"], p["max_children_per_staff"] = []string{e.Teacher1, e.Teacher2}, e.Room, 1
		}))
}

// holidayClass is 周末书法班 on Saturday 19 September 2026, 09:00–10:30, taught by 赵芳.
func (e *atEnv) holidayClass() (string, map[string]ptSession) {
	return e.program(ptProgram("holiday_class", "周末书法班", ptSchedule("2026-09-19", "2026-09-19", "09:00", "10:30", "non_school_days"),
		func(p map[string]any) { p["staff_ids"], p["category"] = []string{e.Teacher2}, "calligraphy" }))
}

// atFamily is a parent signed in with one child.
type atFamily struct {
	UserID, Cookie, Child string
}

// family registers a parent with a mobile login and their child.
func (e *atEnv) family(parent, login, child, birth string) atFamily {
	e.t.Helper()
	f := atFamily{UserID: e.register(parent, login)}
	f.Cookie = e.login(login)
	body := with(childBody(), "name", child)
	f.Child = e.addChild(f.Cookie, with(body, "birth_date", birth)).ID
	return f
}

// pickup names a pickup person of the family's child and returns its id.
func (e *atEnv) pickup(f atFamily, name, relation, phone string) string {
	e.t.Helper()
	var p struct{ Pickup linli.PickupPerson }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+f.Child+"/pickups", f.Cookie, map[string]any{"name": name, "relation": relation, "phone": phone}), &p)
	return p.Pickup.ID
}

// delegation allows an adult to collect the family's child on date and returns its id.
func (e *atEnv) delegation(f atFamily, name, phone, date string) string {
	e.t.Helper()
	var d struct{ Delegation linli.Delegation }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+f.Child+"/pickup-delegations", f.Cookie, map[string]any{"name": name, "phone": phone, "date": date}), &d)
	return d.Delegation.ID
}

// book books the family's child into the session, confirmed.
func (e *atEnv) book(f atFamily, sessionID string) {
	e.t.Helper()
	var out struct{ Bookings []struct{ Status string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/bookings", f.Cookie, map[string]any{"child_id": f.Child, "session_id": sessionID}), &out)
	if len(out.Bookings) != 1 || out.Bookings[0].Status != "confirmed" {
		e.t.Fatalf("booking %+v", out.Bookings)
	}
}

// attendance puts attendance records as cookie.
func (e *atEnv) attendance(cookie, sessionID string, records ...map[string]any) response {
	e.t.Helper()
	return e.call("PUT", "/api/v1/sessions/"+sessionID+"/attendance", cookie, map[string]any{"records": records})
}

// atRecord is an attendance record body.
func atRecord(child, status string, kv ...any) map[string]any {
	r := map[string]any{"child_id": child, "status": status}
	for i := 0; i+1 < len(kv); i += 2 {
		r[kv[i].(string)] = kv[i+1]
	}
	return r
}

// atAttendance is the answer to PUT /sessions/{id}/attendance.
type atAttendance struct {
	Attendance []linli.Attendance
	Warnings   []string
}

// deliver marks a session delivered as the coordinator.
func (e *atEnv) deliver(sessionID string) {
	e.t.Helper()
	e.must(http.StatusOK, e.call("POST", "/api/v1/sessions/"+sessionID+"/deliver", e.Coord, nil), nil)
}

// at moves the clock to a Shanghai wall-clock time.
func (e *atEnv) at(y int, m time.Month, d, hh, mm int) { e.Clock.Set(ptAt(y, m, d, hh, mm)) }
