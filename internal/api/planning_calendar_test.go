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
	Years        []ptYear
}

// ptYear is one year of a calendar and where its holidays come from.
type ptYear struct {
	Year       int
	Source     string
	ImportedAt *string `json:"imported_at"`
}

// ptOfficialYears are the years lunar-go v1.4.7 ships: 2002 … 2027.
var ptOfficialYears = func() []int {
	var ys []int
	for y := 2002; y <= 2027; y++ {
		ys = append(ys, y)
	}
	return ys
}()

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

// TestCalendarRead shows the built-in calendar, its days and the bounds of a days query.
func TestCalendarRead(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	var cn struct{ Calendar ptCalendar }
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/cn", "", nil), &cn)
	if cn.Calendar.BaseID != nil || !slices.Equal(cn.Calendar.YearsCovered, ptOfficialYears) {
		t.Errorf("cn = %+v, want no base and years 2002 … 2027", cn.Calendar)
	}
	ys := cn.Calendar.Years
	if len(ys) != 28 || ys[0].Year != 2002 || ys[0].Source != "official" || ys[25].Year != 2027 || ys[25].Source != "official" ||
		ys[26].Year != 2028 || ys[26].Source != "provisional" || ys[27].Year != 2029 || ys[27].Source != "provisional" || ys[25].ImportedAt != nil {
		t.Errorf("years %+v, want 2002 … 2027 official, 2028 and 2029 provisional", ys)
	}
	var days struct {
		Items []struct {
			Date        string
			IsWorkday   bool `json:"is_workday"`
			IsSchoolDay bool `json:"is_school_day"`
			IsMakeup    bool `json:"is_makeup_workday"`
			Provisional *bool
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
			if !d.IsSchoolDay || d.Reason != "makeup_workday" || !d.IsMakeup {
				t.Errorf("make-up Saturday: %+v", d)
			}
		case "2026-10-11":
			if d.IsWorkday || d.Reason != "weekend" || d.IsMakeup {
				t.Errorf("Sunday: %+v", d)
			}
		}
		if d.Provisional == nil || *d.Provisional {
			t.Errorf("%s: provisional %v, want false in an official year", d.Date, d.Provisional)
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
	if c := created.Calendar; c.BaseID == nil || *c.BaseID != "cn" || !slices.Equal(c.YearsCovered, ptOfficialYears) {
		t.Errorf("created %+v, want base cn covering 2002 … 2027", c)
	}
	path := "/api/v1/calendars/" + created.Calendar.ID + "/days"
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PUT", path, e.Coord, "{"))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("PUT", "/api/v1/calendars/nowhere/days", e.Admin, "{"))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].kind", e.call("PUT", path, e.Admin, map[string]any{"days": []any{map[string]any{"date": "2026-10-12", "kind": "party"}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].follows_weekday", e.call("PUT", path, e.Admin, map[string]any{"days": []any{map[string]any{"date": "2027-10-01", "kind": "holiday", "follows_weekday": 2}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].follows_weekday", e.call("PUT", path, e.Admin, map[string]any{"days": []any{map[string]any{"date": "2027-10-09", "kind": "workday", "follows_weekday": 6}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "ranges[0].to", e.call("PUT", path, e.Admin, map[string]any{"ranges": []any{map[string]any{"from": "2026-10-12", "to": "2026-10-01", "kind": "school_break"}}}))
	e.mustFail(http.StatusBadRequest, "invalid", "days", e.call("POST", "/api/v1/calendars/cn/import", e.Admin, `{"year": 2027, "papers": [], "days": []}`))
	e.mustFail(http.StatusBadRequest, "invalid", "days[0].isOffDay", e.call("POST", "/api/v1/calendars/cn/import", e.Admin, `{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01"}]}`))
	if n := e.count("calendar_days") + e.count("calendar_years"); n != 0 {
		t.Errorf("refused changes left %d rows", n)
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
