package api_test

import (
	"net/http"
	"slices"
	"testing"
)

// ptCalendar is a day calendar as the API shows it.
type ptCalendar struct {
	ID           string
	Name         string
	BaseID       *string `json:"base_id"`
	YearsCovered []int   `json:"years_covered"`
}

// ptReplanned is the answer to a change of a calendar's days.
type ptReplanned struct {
	Calendar  ptCalendar
	Replanned struct {
		Programs          int
		SessionsAdded     int `json:"sessions_added"`
		SessionsCancelled int `json:"sessions_cancelled"`
		Clashes           []string
	}
}

// ptHolidayCN2027 is a holiday-cn year file for 2027 made up for the tests (the State Council
// had not announced 2027 when they were written): New Year, a Spring Festival week and one
// make-up Saturday.
const ptHolidayCN2027 = `{"$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
 "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2027.json", "year": 2027, "papers": [],
 "days": [
  {"name": "元旦", "date": "2027-01-01", "isOffDay": true}, {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
  {"name": "元旦", "date": "2027-01-03", "isOffDay": true},
  {"name": "春节", "date": "2027-02-06", "isOffDay": true}, {"name": "春节", "date": "2027-02-07", "isOffDay": true},
  {"name": "春节", "date": "2027-02-08", "isOffDay": true}, {"name": "春节", "date": "2027-02-09", "isOffDay": true},
  {"name": "春节", "date": "2027-02-10", "isOffDay": true}, {"name": "春节", "date": "2027-02-11", "isOffDay": true},
  {"name": "春节", "date": "2027-02-12", "isOffDay": true}, {"name": "春节", "date": "2027-02-20", "isOffDay": false}]}`

// TestCalendarRead shows the built-in calendar, its days and the bounds of a days query.
func TestCalendarRead(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	var cn struct{ Calendar ptCalendar }
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/cn", "", nil), &cn)
	if cn.Calendar.BaseID != nil || !slices.Equal(cn.Calendar.YearsCovered, []int{2025, 2026}) {
		t.Errorf("cn = %+v, want no base and years 2025, 2026", cn.Calendar)
	}
	var days struct {
		Items []struct {
			Date        string
			IsWorkday   bool `json:"is_workday"`
			IsSchoolDay bool `json:"is_school_day"`
			Reason      string
			Note        string
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/cn/days?from=2026-09-30&to=2026-10-11", "", nil), &days)
	if len(days.Items) != 12 {
		t.Fatalf("%d days, want 12", len(days.Items))
	}
	for _, d := range days.Items {
		switch d.Date {
		case "2026-10-01":
			if d.IsWorkday || d.Reason != "public_holiday" || d.Note == "" {
				t.Errorf("National Day: %+v", d)
			}
		case "2026-10-10":
			if !d.IsSchoolDay || d.Reason != "makeup_workday" {
				t.Errorf("make-up Saturday: %+v", d)
			}
		case "2026-10-11":
			if d.IsWorkday || d.Reason != "weekend" {
				t.Errorf("Sunday: %+v", d)
			}
		}
	}
	e.mustFail(http.StatusBadRequest, "invalid", "to", e.call("GET", "/api/v1/calendars/cn/days?from=2026-01-01&to=2028-01-02", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "from", e.call("GET", "/api/v1/calendars/cn/days?from=2026-1-1", "", nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/calendars/nowhere/days", "", nil))
	var all struct{ Items []ptCalendar }
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars", "", nil), &all)
	if len(all.Items) != 1 || all.Items[0].ID != "cn" {
		t.Errorf("calendars = %+v, want cn alone", all.Items)
	}
}

// TestCalendarWritesAreForAdmins checks who may create and mark calendars, and the fields of bad input.
func TestCalendarWritesAreForAdmins(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	city := map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/calendars", "", city))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/calendars", e.Coord, city))
	e.mustFail(http.StatusBadRequest, "invalid", "base_id", e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "x", "base_id": "nowhere"}))
	var created struct{ Calendar ptCalendar }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, city), &created)
	if c := created.Calendar; c.BaseID == nil || *c.BaseID != "cn" || !slices.Equal(c.YearsCovered, []int{2025, 2026}) {
		t.Errorf("created %+v, want base cn covering 2025 and 2026", c)
	}
	path := "/api/v1/calendars/" + created.Calendar.ID + "/days"
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PUT", path, e.Coord, "{"))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("PUT", "/api/v1/calendars/nowhere/days", e.Admin, "{"))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].kind", e.call("PUT", path, e.Admin, map[string]any{"days": []any{map[string]any{"date": "2026-10-12", "kind": "party"}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "ranges[0].to", e.call("PUT", path, e.Admin, map[string]any{"ranges": []any{map[string]any{"from": "2026-10-12", "to": "2026-10-01", "kind": "school_break"}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "days", e.call("POST", "/api/v1/calendars/cn/import", e.Admin, `{"year": 2027, "papers": [], "days": []}`))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].isOffDay", e.call("POST", "/api/v1/calendars/cn/import", e.Admin, `{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01"}]}`))
	if n := e.count("calendar_days") + e.count("calendar_years"); n != 0 {
		t.Errorf("refused changes left %d rows", n)
	}
}

// TestImportCoversYearAndReplans imports 2027 into cn: the program reaching into 2027 loses its
// warning, its future sessions follow the new holidays and its past ones stay.
func TestImportCoversYearAndReplans(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 11, 25, 12, 0))
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-12-01", "2027-02-28", "16:30", "18:00", "school_days")))
	if !slices.Equal(res.Warnings, []string{"calendar_year_missing"}) {
		t.Fatalf("warnings %v, want calendar_year_missing", res.Warnings)
	}
	before := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2026-12-01"))
	for _, d := range []string{"2027-01-01", "2027-02-08", "2027-02-12"} {
		if before[d].Status != "scheduled" {
			t.Fatalf("before the import, %s (a plain weekday) has no session", d)
		}
	}
	e.Clock.Set(ptAt(2027, 1, 5, 12, 0))
	e.Admin = e.login("admin@linli.test", "admin-password") // the first sign-in has ended by now
	var out ptReplanned
	e.must(http.StatusOK, e.call("POST", "/api/v1/calendars/cn/import", e.Admin, ptHolidayCN2027), &out)
	if !slices.Equal(out.Calendar.YearsCovered, []int{2025, 2026, 2027}) {
		t.Errorf("years covered %v", out.Calendar.YearsCovered)
	}
	if r := out.Replanned; r.Programs != 1 || r.SessionsCancelled != 5 || r.SessionsAdded != 1 || len(r.Clashes) != 0 {
		t.Errorf("replanned %+v, want 1 program, 5 cancelled, 1 added", r)
	}
	after := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2026-12-01"))
	if s := after["2027-01-01"]; s.ID != before["2027-01-01"].ID || s.Status != "scheduled" || s.Sequence != 0 {
		t.Errorf("past session of New Year's Day changed: %+v", s)
	}
	for _, d := range []string{"2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"} {
		if s := after[d]; s.ID != before[d].ID || s.Status != "cancelled" || s.CancelReason == "" {
			t.Errorf("Spring Festival %s: %+v, want its session cancelled", d, s)
		}
	}
	if s, ok := after["2027-02-20"]; !ok || s.Status != "scheduled" {
		t.Errorf("no session on make-up Saturday 2027-02-20")
	}
	var got struct{ Program struct{ Warnings []string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs/"+res.Program.ID, "", nil), &got)
	if len(got.Program.Warnings) != 0 {
		t.Errorf("warnings %v after the import", got.Program.Warnings)
	}
}

// TestSchoolBreakCancelsFutureSessions adds an autumn break to a city calendar layered on cn: the
// after-school sessions of the community following it are cancelled from now on, not before.
func TestSchoolBreakCancelsFutureSessions(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 10, 15, 12, 0))
	var city struct{ Calendar ptCalendar }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}), &city)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"calendar_id": city.Calendar.ID}), nil)
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-12-31", "16:30", "18:00", "school_days")))
	shift := e.createProgram(ptProgram("volunteer_shift", "周六清扫", ptSchedule("2026-09-01", "2026-12-31", "09:00", "11:00", "all_days", "weekdays", []int{6})))
	var out ptReplanned
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city.Calendar.ID+"/days", e.Admin, map[string]any{
		"ranges": []any{map[string]any{"from": "2026-10-12", "to": "2026-10-23", "kind": "school_break", "note": "秋假"}},
	}), &out)
	if r := out.Replanned; r.Programs != 1 || r.SessionsCancelled != 7 || r.SessionsAdded != 0 {
		t.Errorf("replanned %+v, want 7 sessions of 1 program cancelled", r)
	}
	for _, s := range e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01") {
		inBreak := s.Date() >= "2026-10-12" && s.Date() <= "2026-10-23"
		want := map[bool]string{true: "cancelled", false: "scheduled"}[inBreak && s.Date() >= "2026-10-15"]
		if s.Status != want {
			t.Errorf("session of %s is %s, want %s", s.Date(), s.Status, want)
		}
	}
	for _, s := range e.sessions("", "program_id="+shift.Program.ID+"&from=2026-09-01") {
		if s.Status != "scheduled" || s.Sequence != 0 {
			t.Errorf("the all-days shift of %s changed: %+v", s.Date(), s)
		}
	}
	var days struct {
		Items []struct {
			IsWorkday   bool `json:"is_workday"`
			IsSchoolDay bool `json:"is_school_day"`
			Reason      string
			Note        string
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/"+city.Calendar.ID+"/days?from=2026-10-12&to=2026-10-12", "", nil), &days)
	if d := days.Items[0]; !d.IsWorkday || d.IsSchoolDay || d.Reason != "school_break" || d.Note != "秋假" {
		t.Errorf("a break day reads %+v", d)
	}
}
