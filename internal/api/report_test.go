package api_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// atReport is the class-hours report as the API answers it.
type atReport struct {
	Rows   []linli.ClassHoursRow
	Totals linli.ClassHoursRow
}

// report reads the class-hours report of the test community as cookie.
func (e *atEnv) report(cookie, query string) atReport {
	e.t.Helper()
	var rep atReport
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/class-hours?community_id="+e.Community+"&"+query, cookie, nil), &rep)
	return rep
}

// row returns the row with key, failing the test when there is none.
func (r atReport) row(t *testing.T, key string) linli.ClassHoursRow {
	t.Helper()
	for _, x := range r.Rows {
		if x.Key == key {
			return x
		}
	}
	t.Fatalf("no row %q in %+v", key, r.Rows)
	return linli.ClassHoursRow{}
}

// atCSV checks that r is a CSV file starting with the UTF-8 byte order mark and parses it back.
func atCSV(t *testing.T, r response) [][]string {
	t.Helper()
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d, %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	body, ok := bytes.CutPrefix(r.Body, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("no byte order mark: %q", r.Body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestClassHours: a delivered 90-minute session is 1.5 hours and 2.25 lesson periods, credited
// to each of its staff under the teacher type they had that day; child-hours are attended
// children × hours; sessions not delivered or cancelled count nothing.
func TestClassHours(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	mon, tue := care["2026-09-07"].ID, care["2026-09-08"].ID
	kids := []atFamily{
		e.family("陈静", "13900000001", "陈小雨", "2018-05-12"),
		e.family("刘洋", "13900000002", "刘一鸣", "2017-03-02"),
		e.family("张伟", "13900000003", "张可", "2019-11-20"),
	}
	for _, f := range kids {
		e.book(f, mon)
	}
	e.mustFail(http.StatusConflict, "not_started", "", e.call("POST", "/api/v1/sessions/"+mon+"/deliver", e.Teacher1Cookie, nil))
	e.at(2026, 9, 7, 18, 0)
	e.must(http.StatusOK, e.attendance(e.Teacher1Cookie, mon, atRecord(kids[0].Child, "present"), atRecord(kids[1].Child, "late"), atRecord(kids[2].Child, "absent")), nil)
	var first, again struct{ Session linli.Session }
	e.must(http.StatusOK, e.call("POST", "/api/v1/sessions/"+mon+"/deliver", e.Teacher1Cookie, nil), &first)
	audits := e.count("audit_log")
	e.at(2026, 9, 7, 19, 0)
	e.must(http.StatusOK, e.call("POST", "/api/v1/sessions/"+mon+"/deliver", e.Coord, nil), &again)
	if first.Session.Status != "delivered" || first.Session.DeliveredAt == nil || !again.Session.DeliveredAt.Equal(*first.Session.DeliveredAt) || e.count("audit_log") != audits {
		t.Fatalf("delivered twice: %+v then %+v, audit %d → %d", first.Session.DeliveredAt, again.Session.DeliveredAt, audits, e.count("audit_log"))
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", "/api/v1/sessions/"+mon, e.Coord, map[string]any{"starts_at": "2026-09-07T17:00:00+08:00"}))

	// 8 September passes undelivered; a cancelled session cannot be delivered.
	_, other := e.program(ptProgram("holiday_class", "书法", ptSchedule("2026-09-12", "2026-09-12", "09:00", "10:30", "all_days"),
		func(p map[string]any) { p["staff_ids"] = []string{e.Teacher2} }))
	cancelled := other["2026-09-12"].ID
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+cancelled, e.Coord, map[string]any{"status": "cancelled"}), nil)
	e.at(2026, 9, 12, 12, 0)
	e.mustFail(http.StatusConflict, "conflict", "", e.call("POST", "/api/v1/sessions/"+cancelled+"/deliver", e.Coord, nil))
	if s := e.sessions(e.Coord, "from=2026-09-08&to=2026-09-08&program_id="+care["2026-09-08"].ProgramID); len(s) != 1 || s[0].ID != tue || s[0].Status != "scheduled" {
		t.Fatalf("8 September %+v", s)
	}

	// 李明 becomes a community teacher after the session: it stays credited as a school teacher's.
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/members", e.Coord,
		map[string]any{"user_id": e.Teacher1, "role": "teacher", "teacher_type": "community_teacher"}), nil)

	rep := e.report(e.Coord, "from=2026-09-01&to=2026-09-30&group_by=teacher_type")
	if len(rep.Rows) != 2 {
		t.Fatalf("rows %+v; want the two teacher types of the one delivered session", rep.Rows)
	}
	for _, tt := range []string{"school_teacher", "community_teacher"} {
		r := rep.row(t, tt)
		if r.Sessions != 1 || r.Hours != 1.5 || r.LessonPeriods != 2.25 || r.ChildHours != 3 {
			t.Errorf("%s: %+v; want 1 session, 1.5 hours, 2.25 lesson periods, 3 child-hours", tt, r)
		}
	}
	if rep.row(t, "school_teacher").Label != "学校教师" {
		t.Errorf("label %q", rep.row(t, "school_teacher").Label)
	}
	if rep.Totals.Sessions != 1 || rep.Totals.Hours != 1.5 || rep.Totals.ChildHours != 3 {
		t.Errorf("totals %+v: each session counts once", rep.Totals)
	}
	byTeacher := e.report(e.Admin, "from=2026-09-01&to=2026-09-30&group_by=teacher")
	if r := byTeacher.row(t, e.Teacher1); r.Label != "李明" || r.Hours != 1.5 {
		t.Errorf("李明's row %+v", r)
	}
	byProgram := e.report(e.Coord, "from=2026-09-01&to=2026-09-30")
	if len(byProgram.Rows) != 1 || byProgram.Rows[0].Label != "四点半课堂" || *byProgram.Rows[0].RatingCount != 0 {
		t.Errorf("by program (the default): %+v", byProgram.Rows)
	}
}

// TestDeletedChildStillCounts: a guardian deletes a child who attended; the session's
// child-hours and rating stay, with nothing left that says who collected the child.
func TestDeletedChildStillCounts(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	mon := care["2026-09-07"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.book(chen, mon)
	e.at(2026, 9, 7, 18, 10)
	e.must(http.StatusOK, e.attendance(e.Teacher1Cookie, mon, atRecord(chen.Child, "present", "check_out", "18:05", "picked_up_by", chen.UserID)), nil)
	e.deliver(mon)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/sessions/"+mon+"/feedback", chen.Cookie, map[string]any{"rating": 4, "comment": "陈小雨很喜欢"}), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+chen.Child, chen.Cookie, nil), nil)

	rep := e.report(e.Coord, "group_by=program")
	if rep.Totals.ChildHours != 1.5 || len(rep.Rows) != 1 || *rep.Rows[0].RatingCount != 1 || *rep.Rows[0].RatingAvg != 4 {
		t.Errorf("after the child's deletion: %+v, totals %+v", rep.Rows, rep.Totals)
	}
	var kept int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM attendance WHERE child_id IS NULL AND picked_up_by = '' AND picked_up_name = ''`).Scan(&kept)
	var comments int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM session_feedback WHERE comment <> '' OR user_id <> ''`).Scan(&comments)
	if kept != 1 || comments != 0 {
		t.Errorf("%d anonymous attendance records, %d ratings still naming a guardian or comment", kept, comments)
	}
	var r struct{ Roster linli.Roster }
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+mon+"/roster", e.Coord, nil), &r)
	if len(r.Roster.Children) != 0 {
		t.Errorf("a deleted child on the roster: %+v", r.Roster.Children)
	}
}

// TestClassHoursByMonth buckets sessions by month in the community's zone: a session at 00:30
// on 1 October in Shanghai (30 September in UTC) belongs to October.
func TestClassHoursByMonth(t *testing.T) {
	e := newAttendanceEnv(t)
	_, night := e.program(ptProgram("holiday_class", "中秋观月", ptSchedule("2026-09-30", "2026-10-01", "00:30", "01:30", "all_days"),
		func(p map[string]any) { p["staff_ids"], p["category"] = []string{e.Teacher1}, "science" }))
	e.at(2026, 10, 1, 2, 0)
	e.deliver(night["2026-09-30"].ID)
	e.deliver(night["2026-10-01"].ID)
	rep := e.report(e.Coord, "from=2026-09-01&to=2026-10-31&group_by=month")
	if len(rep.Rows) != 2 || rep.Rows[0].Key != "2026-09" || rep.Rows[1].Key != "2026-10" || rep.Rows[0].Sessions != 1 || rep.Rows[1].Sessions != 1 {
		t.Fatalf("months %+v", rep.Rows)
	}
	if rep.Rows[1].Label != "2026年10月" || rep.Rows[1].Hours != 1 || rep.Rows[1].LessonPeriods != 1.5 {
		t.Errorf("October %+v", rep.Rows[1])
	}
	if october := e.report(e.Coord, "from=2026-10-01&to=2026-10-31&group_by=kind"); october.Totals.Sessions != 1 {
		t.Errorf("from 1 October: %+v", october.Totals)
	}
}

// TestClassHoursCSV: the report as a spreadsheet, in UTF-8 with a BOM and Chinese headers.
func TestClassHoursCSV(t *testing.T) {
	e := newAttendanceEnv(t)
	_, care := e.afterSchool()
	e.at(2026, 9, 8, 18, 0)
	e.deliver(care["2026-09-07"].ID)
	e.deliver(care["2026-09-08"].ID)
	path := "/api/v1/reports/class-hours?community_id=" + e.Community + "&from=2026-09-01&to=2026-09-30&group_by=teacher"
	for _, r := range []response{e.call("GET", path+"&format=csv", e.Coord, nil), e.call("GET", path, e.Coord, nil, "Accept", "text/csv")} {
		if cd := r.Header.Get("Content-Disposition"); cd != "attachment; filename=class-hours-2026-09-by-teacher.csv" {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows := atCSV(t, r)
		want := [][]string{
			{"代码", "教师", "场次", "时长(小时)", "课时", "儿童人时(人·小时)"},
			{e.Teacher1, "李明", "2", "3", "4.5", "0"},
			{e.Teacher2, "赵芳", "2", "3", "4.5", "0"},
			{"", "合计", "2", "3", "4.5", "0"},
		}
		if len(rows) != len(want) {
			t.Fatalf("rows %q", rows)
		}
		for i := range want {
			for j := range want[i] {
				if rows[i][j] != want[i][j] {
					t.Errorf("row %d column %d: %q, want %q", i, j, rows[i][j], want[i][j])
				}
			}
		}
	}
	rows := atCSV(t, e.call("GET", "/api/v1/reports/class-hours?format=csv&community_id="+e.Community, e.Coord, nil))
	if rows[0][1] != "项目" || rows[0][7] != "评分人数" || rows[1][1] != "四点半课堂" {
		t.Errorf("by program: %q", rows)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "format", e.call("GET", path+"&format=pdf", e.Coord, nil))
}

// TestReportAccess: coordinators read their own community's report, administrators any; a
// parent, a teacher or another community's coordinator cannot.
func TestReportAccess(t *testing.T) {
	e := newAttendanceEnv(t)
	parent := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	var other struct{ Community linli.Community }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "和平里社区"}), &other)
	e.register("钱进", "13900000009")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+other.Community.ID+"/members", e.Admin, map[string]any{"login": "13900000009", "role": "coordinator"}), nil)
	otherCoord := e.login("13900000009")
	path := "/api/v1/reports/class-hours?community_id=" + e.Community

	e.must(http.StatusOK, e.call("GET", path, e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("GET", path, e.Admin, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", path, parent.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", path+"&format=csv", otherCoord, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, e.Teacher1Cookie, nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", path, "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "community_id", e.call("GET", "/api/v1/reports/class-hours", e.Coord, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "group_by", e.call("GET", path+"&group_by=week", e.Coord, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "to", e.call("GET", path+"&from=2026-09-02&to=2026-09-01", e.Coord, nil))
}
