package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestPickup hands children over at the end of after-school care: to a guardian, a listed pickup
// person or that day's delegation only; a holiday class needs no pickup check.
func TestPickup(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	_, classes := e.holidayClass()
	mon, tue, holiday := care["2026-09-07"].ID, care["2026-09-08"].ID, classes["2026-09-19"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	liu := e.family("刘洋", "13900000002", "刘一鸣", "2017-03-02")
	grandma := e.pickup(chen, "张桂兰", "奶奶", "13900000011")
	neighbour := e.delegation(chen, "李阿姨", "13900000021", "2026-09-07")
	for _, s := range []string{mon, tue, holiday} {
		e.book(chen, s)
		e.book(liu, s)
	}
	e.at(2026, 9, 7, 18, 0)
	teacher := e.Teacher1Cookie

	var got atAttendance
	e.must(http.StatusOK, e.attendance(teacher, mon,
		atRecord(chen.Child, "present", "check_in", "16:25", "check_out", "18:05", "picked_up_by", chen.UserID),
		atRecord(liu.Child, "late", "check_in", "16:50")), &got)
	if len(got.Attendance) != 2 || got.Attendance[0].PickedUpKind != linli.PickupByGuardian || got.Attendance[0].PickedUpName != "陈静" {
		t.Fatalf("a guardian collecting the child: %+v", got.Attendance)
	}

	before := e.snapshot([]string{"attendance", "audit_log"})
	stranger := e.attendance(teacher, mon, atRecord(liu.Child, "late", "check_out", "18:10", "picked_up_by", chen.UserID))
	e.mustFail(http.StatusUnprocessableEntity, "pickup_not_authorized", "records[0].picked_up_by", stranger)
	e.mustFail(http.StatusUnprocessableEntity, "pickup_not_authorized", "records[0].picked_up_by",
		e.attendance(teacher, mon, atRecord(liu.Child, "late", "check_out", "18:10")))
	e.mustFail(http.StatusUnprocessableEntity, "pickup_not_authorized", "records[1].picked_up_by",
		e.attendance(teacher, mon, atRecord(chen.Child, "present"), atRecord(liu.Child, "late", "check_out", "18:10", "picked_up_by", "3f0c4a52-0000-4000-8000-000000000000")))
	e.unchanged(before)

	got = atAttendance{}
	e.must(http.StatusOK, e.attendance(teacher, mon, atRecord(chen.Child, "present", "check_out", "18:06", "picked_up_by", grandma)), &got)
	if got.Attendance[0].PickedUpKind != linli.PickupByPerson || got.Attendance[0].PickedUpName != "张桂兰" || got.Attendance[0].CheckIn == nil {
		t.Fatalf("a listed pickup person collecting the child (check-in kept): %+v", got.Attendance[0])
	}
	got = atAttendance{}
	e.must(http.StatusOK, e.attendance(teacher, mon, atRecord(chen.Child, "present", "check_out", "18:07", "picked_up_by", neighbour)), &got)
	if got.Attendance[0].PickedUpKind != linli.PickupByDelegation || got.Attendance[0].PickedUpName != "李阿姨" {
		t.Fatalf("a delegation collecting the child on its day: %+v", got.Attendance[0])
	}

	e.at(2026, 9, 8, 18, 0)
	e.mustFail(http.StatusUnprocessableEntity, "pickup_not_authorized", "records[0].picked_up_by",
		e.attendance(teacher, tue, atRecord(chen.Child, "present", "check_out", "18:00", "picked_up_by", neighbour)))
	e.must(http.StatusOK, e.attendance(teacher, tue, atRecord(chen.Child, "present", "check_out", "18:00", "picked_up_by", grandma)), nil)

	e.at(2026, 9, 19, 10, 30)
	var class atAttendance
	e.must(http.StatusOK, e.attendance(e.Teacher2Cookie, holiday,
		atRecord(chen.Child, "present", "check_in", "08:55", "check_out", "10:35"),
		atRecord(liu.Child, "absent")), &class)
	if class.Attendance[0].CheckOut == nil || class.Attendance[0].PickedUpBy != "" {
		t.Fatalf("a holiday class checked out without a pickup: %+v", class.Attendance[0])
	}
}

// TestAttendanceRules: only booked children, merged per child, and the ratio warning.
func TestAttendanceRules(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	mon := care["2026-09-07"].ID
	kids := []atFamily{
		e.family("陈静", "13900000001", "陈小雨", "2018-05-12"),
		e.family("刘洋", "13900000002", "刘一鸣", "2017-03-02"),
		e.family("张伟", "13900000003", "张可", "2019-11-20"),
	}
	notBooked := e.family("孙丽", "13900000004", "孙悦", "2018-01-01")
	for _, f := range kids {
		e.book(f, mon)
	}
	e.mustFail(http.StatusConflict, "not_started", "", e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "present")))
	e.at(2026, 9, 7, 16, 40)
	e.mustFail(http.StatusBadRequest, "invalid", "records[1].child_id",
		e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "present"), atRecord(notBooked.Child, "present")))
	e.mustFail(http.StatusBadRequest, "invalid", "records[0].status", e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "here")))
	e.mustFail(http.StatusBadRequest, "invalid", "records[0].check_in", e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "present", "check_in", "4:30pm")))

	var got atAttendance
	e.must(http.StatusOK, e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "present"), atRecord(kids[1].Child, "late")), &got)
	if len(got.Warnings) != 0 {
		t.Errorf("two children, two staff at one each: warnings %v", got.Warnings)
	}
	got = atAttendance{}
	e.must(http.StatusOK, e.attendance(e.Teacher2Cookie, mon, atRecord(kids[2].Child, "present")), &got)
	if len(got.Attendance) != 3 || len(got.Warnings) != 1 || got.Warnings[0] != linli.WarningRatioExceeded {
		t.Errorf("three children, two staff at one each: %d records, warnings %v", len(got.Attendance), got.Warnings)
	}
	var r struct{ Roster linli.Roster }
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+mon+"/roster", e.Coord, nil), &r)
	if r.Roster.Attended != 3 || len(r.Roster.Warnings) != 1 || r.Roster.Warnings[0] != linli.WarningRatioExceeded {
		t.Errorf("the roster shows %d attending, warnings %v", r.Roster.Attended, r.Roster.Warnings)
	}
	got = atAttendance{}
	e.must(http.StatusOK, e.attendance(e.Teacher2Cookie, mon, atRecord(kids[2].Child, "absent")), &got)
	if len(got.Attendance) != 3 || got.Attendance[2].Status != "absent" || len(got.Warnings) != 0 {
		t.Errorf("the third child marked absent: %+v, warnings %v", got.Attendance, got.Warnings)
	}
}

// TestRoster shows staff what handing children over needs, and nothing of other sessions.
func TestRoster(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	mon := care["2026-09-07"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.pickup(chen, "张桂兰", "奶奶", "13900000011")
	e.delegation(chen, "李阿姨", "13900000021", "2026-09-07")
	e.delegation(chen, "王叔叔", "13900000022", "2026-09-08")
	e.book(chen, mon)
	e.at(2026, 9, 7, 16, 30)
	e.must(http.StatusOK, e.attendance(e.Teacher1Cookie, mon, atRecord(chen.Child, "late", "check_in", "16:45")), nil)

	var r struct{ Roster linli.Roster }
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+mon+"/roster", e.Teacher1Cookie, nil), &r)
	if len(r.Roster.Children) != 1 {
		t.Fatalf("roster %+v", r.Roster)
	}
	c := r.Roster.Children[0]
	if c.Name != "陈小雨" || c.Age != 8 || c.Notes == "" {
		t.Errorf("child %q aged %d with notes %q; want 陈小雨, 8, the allergy", c.Name, c.Age, c.Notes)
	}
	if len(c.Guardians) != 1 || c.Guardians[0].Name != "陈静" || c.Guardians[0].Phone != "13900000001" {
		t.Errorf("guardians %+v", c.Guardians)
	}
	if len(c.Pickups) != 1 || c.Pickups[0].Phone != "13900000011" || c.Pickups[0].Relation != "奶奶" {
		t.Errorf("pickups %+v", c.Pickups)
	}
	if len(c.Delegations) != 1 || c.Delegations[0].Name != "李阿姨" {
		t.Errorf("delegations of 7 September %+v", c.Delegations)
	}
	if c.Attendance == nil || c.Attendance.Status != "late" || r.Roster.Attended != 1 {
		t.Errorf("attendance so far %+v (%d attended)", c.Attendance, r.Roster.Attended)
	}
}

// TestRosterAccess: the session's staff and the community's coordinators read a roster, nobody
// else, and every read is in the access log that administrators export.
func TestRosterAccess(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	_, classes := e.holidayClass()
	mon, holiday := care["2026-09-07"].ID, classes["2026-09-19"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.book(chen, holiday)
	roster := func(id string) string { return "/api/v1/sessions/" + id + "/roster" }

	e.must(http.StatusOK, e.call("GET", roster(holiday), e.Teacher2Cookie, nil), nil)
	e.must(http.StatusOK, e.call("GET", roster(holiday), e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("GET", roster(mon), e.Teacher1Cookie, nil), nil)
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", roster(holiday), e.Teacher1Cookie, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", roster(holiday), e.VolunteerCookie, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", roster(holiday), chen.Cookie, nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", roster(holiday), "", nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", roster("0199e5a0-0000-7000-8000-000000000000"), e.Coord, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.attendance(e.Teacher1Cookie, holiday, atRecord(chen.Child, "present")))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/sessions/"+holiday+"/deliver", chen.Cookie, nil))

	var log struct{ Items []linli.RosterRead }
	e.must(http.StatusOK, e.call("GET", "/api/v1/access-log?community_id="+e.Community, e.Admin, nil), &log)
	if len(log.Items) != 3 {
		t.Fatalf("access log %+v; want the three reads that were allowed", log.Items)
	}
	want := []struct{ user, session string }{{"赵芳", holiday}, {"王丽", holiday}, {"李明", mon}}
	for i, w := range want {
		if got := log.Items[i]; got.UserName != w.user || got.SessionID != w.session || got.SessionTitle == "" || got.At.IsZero() {
			t.Errorf("read %d: %+v; want %s reading %s", i, got, w.user, w.session)
		}
	}
	if log.Items[0].Children != 1 || log.Items[2].Children != 0 {
		t.Errorf("children shown: %d and %d, want 1 and 0", log.Items[0].Children, log.Items[2].Children)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/access-log?community_id="+e.Community, e.Coord, nil))
	r := e.call("GET", "/api/v1/access-log?format=csv&from=2026-09-01&to=2026-09-30", e.Admin, nil)
	rows := atCSV(t, r)
	if len(rows) != 4 || rows[1][1] != "赵芳" || rows[0][0] != "查看时间" {
		t.Errorf("access log CSV %q", rows)
	}
}

// TestFeedback: a guardian rates a delivered session their child attended, once per child.
func TestFeedback(t *testing.T) {
	e := newAttendanceEnv(t)
	_, classes := e.holidayClass()
	holiday := classes["2026-09-19"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	liu := e.family("刘洋", "13900000002", "刘一鸣", "2017-03-02")
	other := e.family("孙丽", "13900000004", "孙悦", "2018-01-01")
	e.book(chen, holiday)
	e.book(liu, holiday)
	e.at(2026, 9, 19, 10, 30)
	e.must(http.StatusOK, e.attendance(e.Teacher2Cookie, holiday, atRecord(chen.Child, "present"), atRecord(liu.Child, "absent")), nil)
	feedback := "/api/v1/sessions/" + holiday + "/feedback"
	rating := map[string]any{"rating": 5, "comment": "孩子很喜欢书法老师"}

	e.mustFail(http.StatusConflict, "conflict", "", e.call("POST", feedback, chen.Cookie, rating))
	e.deliver(holiday)
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", feedback, other.Cookie, rating))
	e.mustFail(http.StatusUnprocessableEntity, "not_eligible", "", e.call("POST", feedback, liu.Cookie, rating))
	e.mustFail(http.StatusBadRequest, "invalid", "rating", e.call("POST", feedback, chen.Cookie, map[string]any{"rating": 6}))
	var fb struct{ Feedback linli.Feedback }
	e.must(http.StatusCreated, e.call("POST", feedback, chen.Cookie, rating), &fb)
	if fb.Feedback.ChildID != chen.Child || fb.Feedback.Rating != 5 {
		t.Errorf("feedback %+v", fb.Feedback)
	}
	e.mustFail(http.StatusConflict, "conflict", "child_id", e.call("POST", feedback, chen.Cookie, map[string]any{"rating": 1}))
}

// FuzzAttendanceBodies sends arbitrary bodies to PUT /sessions/{id}/attendance as the session's
// teacher and to POST /sessions/{id}/feedback as a guardian, and checks that the server never
// answers 5xx, always answers in the error shape, and writes nothing when it refuses.
func FuzzAttendanceBodies(f *testing.F) {
	for _, s := range []string{
		`{"records":[{"child_id":"x","status":"present","check_in":"16:25"}]}`, `{"records":null}`, `{"records":[{}]}`,
		`{"records":[{"child_id":"x","status":"absent","check_out":"18:00"}]}`, `{"records":[{"status":"late","check_in":"24:00"}]}`,
		`{"records":[{"child_id":"x","status":"present","check_out":"2026-09-07T18:05:00+08:00","picked_up_by":"y"}]}`,
		`{"rating":5,"comment":"很好"}`, `{"rating":0}`, `{"rating":5.5}`, `{"rating":5,"child_id":"y"}`,
		`{"records":`, `[]`, `null`, "\x00\xff", `{"comment":"\ud800"}`,
	} {
		f.Add(s, uint8(0))
	}
	e := newAttendanceEnv(&testing.T{})
	_, care := e.afterSchool()
	mon := care["2026-09-07"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.book(chen, mon)
	e.at(2026, 9, 7, 18, 0)
	e.must(http.StatusOK, e.attendance(e.Teacher1Cookie, mon, atRecord(chen.Child, "present")), nil)
	e.deliver(mon)
	routes := []struct{ path, cookie, child string }{
		{"/api/v1/sessions/" + mon + "/attendance", e.Teacher1Cookie, chen.Child},
		{"/api/v1/sessions/" + mon + "/feedback", chen.Cookie, chen.Child},
	}
	tables := []string{"attendance", "session_feedback", "audit_log"}
	f.Fuzz(func(t *testing.T, body string, route uint8) {
		e.t = t
		rt := routes[int(route)%len(routes)]
		body = strings.ReplaceAll(strings.ReplaceAll(body, `"x"`, `"`+rt.child+`"`), `"y"`, `"`+chen.UserID+`"`)
		method := "PUT"
		if strings.HasSuffix(rt.path, "/feedback") {
			method = "POST"
		}
		before := e.snapshot(tables)
		r := e.call(method, rt.path, rt.cookie, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %d %s", method, rt.path, body, r.Status, r.Body)
		}
		if r.Status >= 400 {
			if !strings.HasPrefix(string(r.Body), `{"error":{"code":"`) {
				t.Fatalf("error not in the API's shape: %s", r.Body)
			}
			e.unchanged(before)
		}
	})
}

// TestProgramFeedback: the coordinators read a program's ratings newest first, with comments
// but no names or children; the teacher and the parents may not.
func TestProgramFeedback(t *testing.T) {
	e := newAttendanceEnv(t)
	program, classes := e.program(ptProgram("holiday_class", "周末书法班", ptSchedule("2026-09-19", "2026-09-20", "09:00", "10:30", "all_days"),
		func(p map[string]any) { p["staff_ids"] = []string{e.Teacher2} }))
	first, second := classes["2026-09-19"].ID, classes["2026-09-20"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.book(chen, first)
	e.book(chen, second)
	for _, x := range []struct {
		id   string
		day  int
		rate int
		say  string
	}{{first, 19, 4, "孩子很喜欢"}, {second, 20, 2, "教室太冷"}} {
		e.at(2026, 9, x.day, 10, 30)
		e.must(http.StatusOK, e.attendance(e.Coord, x.id, atRecord(chen.Child, "present")), nil)
		e.deliver(x.id)
		e.must(http.StatusCreated, e.call("POST", "/api/v1/sessions/"+x.id+"/feedback", chen.Cookie, map[string]any{"rating": x.rate, "comment": x.say}), nil)
	}
	path := "/api/v1/programs/" + program + "/feedback"
	r := e.call("GET", path, e.Coord, nil)
	var got struct {
		Items []struct {
			SessionID string `json:"session_id"`
			Rating    int
			Comment   string
		}
	}
	e.must(http.StatusOK, r, &got)
	if len(got.Items) != 2 || got.Items[0].Comment != "教室太冷" || got.Items[0].SessionID != second || got.Items[1].Rating != 4 {
		t.Errorf("feedback %+v, want the two ratings newest first", got.Items)
	}
	if strings.Contains(string(r.Body), "陈") || strings.Contains(string(r.Body), chen.Child) {
		t.Errorf("the feedback names the child or the parent: %s", r.Body)
	}
	var page struct {
		Items      []struct{ Comment string }
		NextCursor string `json:"next_cursor"`
	}
	e.must(http.StatusOK, e.call("GET", path+"?limit=1", e.Coord, nil), &page)
	e.must(http.StatusOK, e.call("GET", path+"?limit=1&cursor="+page.NextCursor, e.Coord, nil), &page)
	if len(page.Items) != 1 || page.Items[0].Comment != "孩子很喜欢" {
		t.Errorf("the second page %+v", page.Items)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, chen.Cookie, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, e.Teacher2Cookie, nil))
}
