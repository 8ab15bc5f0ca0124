package api_test

import (
	"context"

	"github.com/linli/linli/internal/storage"
	"net/http"
	"slices"
	"testing"
)

// ptHolidayCN2028 is a holiday-cn year file for 2028 made up for the tests (the State Council had
// not announced 2028 when they were written): New Year, a Spring Festival of nine days from
// Wednesday 1/26 (正月初一) to Thursday 2/3, make-up Sunday 1/23 and Saturday 2/5.
const ptHolidayCN2028 = `{"$schema": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/schema.json",
 "$id": "https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/2028.json", "year": 2028, "papers": [],
 "days": [
  {"name": "元旦", "date": "2028-01-01", "isOffDay": true}, {"name": "元旦", "date": "2028-01-02", "isOffDay": true},
  {"name": "元旦", "date": "2028-01-03", "isOffDay": true}, {"name": "春节", "date": "2028-01-23", "isOffDay": false},
  {"name": "春节", "date": "2028-01-26", "isOffDay": true}, {"name": "春节", "date": "2028-01-27", "isOffDay": true},
  {"name": "春节", "date": "2028-01-28", "isOffDay": true}, {"name": "春节", "date": "2028-01-29", "isOffDay": true},
  {"name": "春节", "date": "2028-01-30", "isOffDay": true}, {"name": "春节", "date": "2028-01-31", "isOffDay": true},
  {"name": "春节", "date": "2028-02-01", "isOffDay": true}, {"name": "春节", "date": "2028-02-02", "isOffDay": true},
  {"name": "春节", "date": "2028-02-03", "isOffDay": true}, {"name": "春节", "date": "2028-02-05", "isOffDay": false}]}`

// cityWithWinterBreaks creates a city calendar on cn with the winter breaks 2027-01-16 … 02-28 and
// 2028-01-15 … 02-20, and has the test community follow it.
func (e *ptEnv) cityWithWinterBreaks() string {
	e.t.Helper()
	var city struct{ Calendar ptCalendar }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}), &city)
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city.Calendar.ID+"/days", e.Admin, map[string]any{
		"ranges": []any{
			map[string]any{"from": "2027-01-16", "to": "2027-02-28", "kind": "school_break", "note": "寒假"},
			map[string]any{"from": "2028-01-15", "to": "2028-02-20", "kind": "school_break", "note": "寒假"},
		},
	}), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"calendar_id": city.Calendar.ID}), nil)
	return city.Calendar.ID
}

// dates returns the local dates of the scheduled sessions among ss.
func scheduledDates(ss []ptSession) []string {
	var out []string
	for _, s := range ss {
		if s.Status == "scheduled" {
			out = append(out, s.Date())
		}
	}
	return out
}

// TestWinterClass2027RunsOnTheBreaksWorkdays plans a 寒假 class in December 2026 on the official 2027
// arrangement: its day filter defaults to break_workdays, it meets on the make-up Sundays 1/31 and
// 2/14 and never over the Spring Festival 2/5 … 2/13.
func TestWinterClass2027RunsOnTheBreaksWorkdays(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 12, 3, 10, 0))
	e.cityWithWinterBreaks()
	sched := ptSchedule("2027-01-18", "2027-02-28", "09:00", "11:00", "")
	delete(sched, "day_filter")
	res := e.createProgram(ptProgram("holiday_class", "寒假书法班", sched))
	if res.Program.Schedule.DayFilter != "break_workdays" || len(res.Warnings) != 0 {
		t.Errorf("day filter %q, warnings %v; want break_workdays and none (2027 is official)", res.Program.Schedule.DayFilter, res.Warnings)
	}
	got := scheduledDates(e.sessions("", "program_id="+res.Program.ID+"&from=2027-01-01"))
	var want []string
	for d := ptAt(2027, 1, 18, 0, 0); d.Before(ptAt(2027, 3, 1, 0, 0)); d = d.AddDate(0, 0, 1) {
		day := d.Format("2006-01-02")
		spring := day >= "2027-02-05" && day <= "2027-02-13"
		if !spring && (d.Weekday() >= 1 && d.Weekday() <= 5 || day == "2027-01-31" || day == "2027-02-14") {
			want = append(want, day)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sessions\n got %v\nwant %v", got, want)
	}
	var again struct {
		Program struct {
			Schedule struct {
				DayFilter string `json:"day_filter"`
			}
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs/"+res.Program.ID, "", nil), &again)
	if again.Program.Schedule.DayFilter != "break_workdays" {
		t.Errorf("GET shows day filter %q", again.Program.Schedule.DayFilter)
	}

	// Outside any break a holiday class defaults to days without school; other kinds to school days.
	spring := ptSchedule("2027-04-01", "2027-04-30", "09:00", "11:00", "")
	delete(spring, "day_filter")
	if p := e.createProgram(ptProgram("holiday_class", "春季科学课", spring)).Program; p.Schedule.DayFilter != "non_school_days" {
		t.Errorf("holiday class outside a break defaults to %q", p.Schedule.DayFilter)
	}
	care := ptSchedule("2027-03-01", "2027-06-30", "16:30", "18:00", "")
	delete(care, "day_filter")
	careRes := e.createProgram(ptProgram("after_school", "四点半课堂", care, func(p map[string]any) {
		p["schedule"].(map[string]any)["weekdays"] = []int{1, 2, 3, 4, 5}
	}))
	if careRes.Program.Schedule.DayFilter != "school_days" {
		t.Errorf("after-school care defaults to %q", careRes.Program.Schedule.DayFilter)
	}
	if got := scheduledDates(e.sessions("", "program_id="+careRes.Program.ID+"&from=2027-05-08&to=2027-05-08")); !slices.Equal(got, []string{"2027-05-08"}) {
		t.Errorf("Monday–Friday care on make-up Saturday 2027-05-08: %v", got)
	}
}

// TestProvisional2028AndItsOfficialImport plans 2028 before anyone announced it: no session from
// the day before 除夕 (1/24) to 初八 (2/2), a calendar_year_provisional warning; importing the
// official file re-plans both programs and tells the booked family whose session went.
func TestProvisional2028AndItsOfficialImport(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 12, 3, 10, 0))
	e.cityWithWinterBreaks()
	care := e.createProgram(ptProgram("after_school", "四点半课堂",
		ptSchedule("2028-01-03", "2028-02-29", "16:30", "18:00", "school_days", "weekdays", []int{1, 2, 3, 4, 5})))
	class := e.createProgram(ptProgram("holiday_class", "寒假科学课",
		ptSchedule("2028-01-17", "2028-02-18", "09:00", "11:00", "break_workdays")))
	for _, r := range []ptResult{care, class} {
		if !slices.Equal(r.Warnings, []string{"calendar_year_provisional"}) {
			t.Errorf("%s: warnings %v, want calendar_year_provisional", r.Program.Title, r.Warnings)
		}
		for _, d := range scheduledDates(e.sessions("", "program_id="+r.Program.ID+"&from=2028-01-01")) {
			if d >= "2028-01-24" && d <= "2028-02-02" {
				t.Errorf("%s has a session on %s, inside the provisional Spring Festival", r.Program.Title, d)
			}
		}
	}
	classDates := scheduledDates(e.sessions("", "program_id="+class.Program.ID+"&from=2028-01-01"))
	if !slices.Contains(classDates, "2028-02-03") || !slices.Contains(classDates, "2028-01-21") || slices.Contains(classDates, "2028-01-23") {
		t.Fatalf("provisional class dates %v: want 1/21 and 2/3, no Sunday", classDates)
	}
	var days struct {
		Items []struct {
			Date        string
			Provisional bool
			Reason      string
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/cn/days?from=2028-01-24&to=2028-01-24", "", nil), &days)
	if d := days.Items[0]; !d.Provisional || d.Reason != "public_holiday" {
		t.Errorf("2028-01-24 reads %+v, want a provisional public holiday", d)
	}

	// A family books the class on Thursday 2/3, which the official arrangement makes a holiday.
	mum := e.guardian("陈妈妈", "13900000001", "zh-CN")
	yu := e.addChild(mum, childBody())
	byDay := byDate(e.sessions("", "program_id="+class.Program.ID+"&from=2028-01-01"))
	e.bookRow(byDay["2028-02-03"].ID, yu.ID, "confirmed")

	e.Clock.Set(ptAt(2026, 12, 10, 10, 0))
	e.Admin = e.login("admin@linli.test", "admin-password")
	var out ptReplanned
	e.must(http.StatusOK, e.call("POST", "/api/v1/calendars/cn/import", e.Admin, ptHolidayCN2028), &out)
	if r := out.Replanned; r.Programs != 2 || len(r.Clashes) != 0 {
		t.Errorf("replanned %+v, want both programs", r)
	}
	var y2028 *ptYear
	for i, y := range out.Calendar.Years {
		if y.Year == 2028 {
			y2028 = &out.Calendar.Years[i]
		}
	}
	if y2028 == nil || y2028.Source != "imported" || y2028.ImportedAt == nil {
		t.Errorf("2028 after the import: %+v, want imported with its time", y2028)
	}
	after := scheduledDates(e.sessions("", "program_id="+class.Program.ID+"&from=2028-01-01"))
	for _, want := range []string{"2028-01-23", "2028-01-24", "2028-01-25"} {
		if !slices.Contains(after, want) {
			t.Errorf("class: no session on %s, a workday of the official 2028 inside the break", want)
		}
	}
	if slices.Contains(after, "2028-02-03") {
		t.Error("class still meets on 2028-02-03, an official holiday")
	}
	careAfter := scheduledDates(e.sessions("", "program_id="+care.Program.ID+"&from=2028-01-01"))
	if slices.Contains(careAfter, "2028-01-03") || slices.Contains(careAfter, "2028-01-24") || !slices.Contains(careAfter, "2028-02-21") {
		t.Errorf("care after the import %v: none on New Year's Monday 1/3 nor inside the break, back on 2/21", careAfter)
	}
	l := e.notices(mum, "")
	if len(l.Items) != 1 || l.Items[0].Kind != "session_cancelled" || l.Items[0].SessionID != byDay["2028-02-03"].ID {
		t.Errorf("the booked family was told %+v, want the cancellation of 2/3", l.Items)
	}
	var got struct{ Program struct{ Warnings []string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs/"+class.Program.ID, "", nil), &got)
	if len(got.Program.Warnings) != 0 {
		t.Errorf("warnings %v after the import", got.Program.Warnings)
	}
}

// TestMakeupDayTimetable sets which weekday a make-up day follows and reads it back; a
// Tuesday/Thursday class gets the day only then.
func TestMakeupDayTimetable(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 12, 3, 10, 0))
	city := e.cityWithWinterBreaks()
	res := e.createProgram(ptProgram("after_school", "周二周四阅读", ptSchedule("2027-09-01", "2027-10-31", "16:30", "18:00", "school_days", "weekdays", []int{2, 4})))
	if d := scheduledDates(e.sessions("", "program_id="+res.Program.ID+"&from=2027-09-26&to=2027-10-09")); slices.Contains(d, "2027-09-26") || slices.Contains(d, "2027-10-09") {
		t.Errorf("Tue/Thu class on a make-up day nobody said it follows: %v", d)
	}
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city+"/days", e.Admin, map[string]any{
		"days": []any{map[string]any{"date": "2027-09-26", "kind": "workday", "follows_weekday": 4, "note": "国庆节调休"}},
	}), nil)
	var days struct {
		Items []struct {
			Date           string
			IsMakeup       bool `json:"is_makeup_workday"`
			FollowsWeekday *int `json:"follows_weekday"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/calendars/"+city+"/days?from=2027-09-26&to=2027-10-09", "", nil), &days)
	for _, d := range days.Items {
		switch d.Date {
		case "2027-09-26":
			if !d.IsMakeup || d.FollowsWeekday == nil || *d.FollowsWeekday != 4 {
				t.Errorf("9/26: %+v, want a make-up day following Thursday", d)
			}
		case "2027-10-09":
			if !d.IsMakeup || d.FollowsWeekday != nil {
				t.Errorf("10/9: %+v, want a make-up day following no weekday", d)
			}
		}
	}
	got := scheduledDates(e.sessions("", "program_id="+res.Program.ID+"&from=2027-09-26&to=2027-10-09"))
	if !slices.Contains(got, "2027-09-26") || slices.Contains(got, "2027-10-09") {
		t.Errorf("after the timetable: %v, want 9/26 and not 10/9", got)
	}
}

// TestLibraryUpgradeReplansAtStartUp stands for a server that planned 2027 before lunar-go shipped
// it (as plain weekdays: a session on Monday 2/8, in the Spring Festival) and starts with the new
// library: the year's change of source is seen, the program re-planned and the booked family told.
func TestLibraryUpgradeReplansAtStartUp(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 12, 3, 10, 0))
	planning := storage.Planning{DB: e.DB}
	if _, _, err := planning.SyncOfficialYears(context.Background()); err != nil {
		t.Fatal(err)
	}
	res := e.createProgram(ptProgram("after_school", "四点半课堂",
		ptSchedule("2027-01-04", "2027-02-26", "16:30", "18:00", "school_days", "weekdays", []int{1, 2, 3, 4, 5})))
	wed := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2027-02-03&to=2027-02-03"))["2027-02-03"]
	e.exec(`INSERT INTO sessions (id, program_id, community_id, kind, title, category, venue_id, starts_at, ends_at, local_date, plan_date, capacity, created_at, updated_at)
		SELECT '01900000-0000-7000-8000-000000000208', program_id, community_id, kind, title, category, venue_id,
			replace(starts_at, '2027-02-03', '2027-02-08'), replace(ends_at, '2027-02-03', '2027-02-08'), '2027-02-08', '2027-02-08', capacity, created_at, updated_at
		FROM sessions WHERE id = ?`, wed.ID)
	mum := e.guardian("陈妈妈", "13900000001", "zh-CN")
	e.bookRow("01900000-0000-7000-8000-000000000208", e.addChild(mum, childBody()).ID, "confirmed")

	// Nothing changed since the last start: nothing is re-planned.
	if changed, sum, err := planning.SyncOfficialYears(context.Background()); err != nil || len(changed) != 0 || sum.Programs != 0 {
		t.Fatalf("a start with the same library changed %v, re-planned %+v (%v)", changed, sum, err)
	}
	// The last start ran a library without 2027.
	e.exec(`DELETE FROM calendar_sources WHERE year >= 2027`)
	e.exec(`INSERT INTO calendar_sources (year, source, fingerprint, seen_at) VALUES (2027, 'provisional', 'provisional', '')`)
	changed, sum, err := planning.SyncOfficialYears(context.Background())
	if err != nil || !slices.Equal(changed, []int{2027}) || sum.Programs != 1 || sum.SessionsCancelled != 1 {
		t.Fatalf("changed %v, re-planned %+v (%v); want 2027 and the Spring Festival session cancelled", changed, sum, err)
	}
	if s := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2027-02-08&to=2027-02-08"))["2027-02-08"]; s.Status != "cancelled" {
		t.Errorf("the session of 2/8 is %q, want cancelled", s.Status)
	}
	if l := e.notices(mum, ""); len(l.Items) != 1 || l.Items[0].Kind != "session_cancelled" {
		t.Errorf("the booked family was told %+v", l.Items)
	}
	if n := e.count("calendar_sources"); n != 28 {
		t.Errorf("%d years recorded, want 28 (2002 … 2029)", n)
	}
}

// TestAdminsHearOfAProvisionalYear60DaysAhead: from 2 November 2027 (60 days before 2028) every
// administrator is told once that 2028 is still provisional; after an import nobody is.
func TestAdminsHearOfAProvisionalYear60DaysAhead(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2027, 11, 1, 23, 59))
	outbox := storage.Outbox{DB: e.DB}
	scan := func() {
		t.Helper()
		if err := outbox.ScanDue(context.Background(), 20); err != nil {
			t.Fatal(err)
		}
	}
	scan()
	if n := e.count("notifications"); n != 0 {
		t.Fatalf("61 days ahead: %d notifications", n)
	}
	e.Clock.Set(ptAt(2027, 11, 2, 0, 0))
	scan()
	scan()
	e.Admin = e.login("admin@linli.test", "admin-password")
	l := e.notices(e.Admin, "")
	if len(l.Items) != 1 || l.Items[0].Kind != "calendar_year_provisional" || l.Items[0].Title != "2028年放假安排尚未公布" {
		t.Fatalf("the administrator was told %+v, want one calendar_year_provisional for 2028", l.Items)
	}
	if n := e.count("notifications"); n != 1 {
		t.Errorf("%d notifications, want the administrator's alone", n)
	}

	// Where 2028 was imported in time, nobody is told.
	f := newNoticeEnv(t, ptAt(2027, 10, 1, 10, 0))
	f.must(http.StatusOK, f.call("POST", "/api/v1/calendars/cn/import", f.Admin, ptHolidayCN2028), nil)
	f.Clock.Set(ptAt(2027, 11, 20, 10, 0))
	if err := (storage.Outbox{DB: f.DB}).ScanDue(context.Background(), 20); err != nil {
		t.Fatal(err)
	}
	if n := f.count("notifications"); n != 0 {
		t.Errorf("2028 imported: %d notifications", n)
	}
}

// TestExtraDatesAndBadSchedules: a 补课 on a holiday is added and shown in the schedule; extra
// dates outside the range, or also excepted, and an unknown filter are refused on their field.
func TestExtraDatesAndBadSchedules(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 12, 3, 10, 0))
	res := e.createProgram(ptProgram("after_school", "周二周四阅读",
		ptSchedule("2027-09-01", "2027-10-31", "16:30", "18:00", "school_days", "rrule", "FREQ=WEEKLY;BYDAY=TU,TH", "extra_dates", []string{"2027-10-09", "2027-10-02"})))
	if got := res.Program.Schedule.ExtraDates; len(got) != 2 || got[0].String() != "2027-10-09" {
		t.Errorf("extra dates answered %v", got)
	}
	got := scheduledDates(e.sessions("", "program_id="+res.Program.ID+"&from=2027-09-26&to=2027-10-10"))
	want := []string{"2027-09-28", "2027-09-30", "2027-10-02", "2027-10-09"}
	if !slices.Equal(got, want) {
		t.Errorf("sessions %v, want %v (no make-up 9/26 without a timetable; 10/2 and 10/9 by hand)", got, want)
	}
	for field, sched := range map[string]map[string]any{
		"schedule.extra_dates": ptSchedule("2027-09-01", "2027-10-31", "16:30", "18:00", "school_days", "extra_dates", []string{"2027-11-01"}),
		"schedule.day_filter":  ptSchedule("2027-09-01", "2027-10-31", "16:30", "18:00", "holidays"),
	} {
		e.mustFail(http.StatusBadRequest, "invalid", field, e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.Coord, ptProgram("after_school", "x", sched)))
	}
	both := ptSchedule("2027-09-01", "2027-10-31", "16:30", "18:00", "school_days", "extra_dates", []string{"2027-10-09"}, "except_dates", []string{"2027-10-09"})
	e.mustFail(http.StatusBadRequest, "invalid", "schedule.extra_dates", e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.Coord, ptProgram("after_school", "x", both)))
}
