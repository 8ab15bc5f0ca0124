package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAfterSchoolFollowsSchoolDays plans a 四点半课堂 on school days through September and October
// 2026: no session over National Day, one on each make-up weekend workday.
func TestAfterSchoolFollowsSchoolDays(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 8, 20, 9, 0))
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-10-31", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Room, []string{e.Teacher1} }))
	if res.SessionsCreated != 40 || len(res.Warnings) != 0 {
		t.Fatalf("created %d sessions with warnings %v; want 40 and none", res.SessionsCreated, res.Warnings)
	}
	got := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01&to=2026-10-31"))
	if len(got) != 40 {
		t.Fatalf("listed %d sessions, want 40", len(got))
	}
	for d := ptAt(2026, 10, 1, 0, 0); d.Day() <= 7; d = d.AddDate(0, 0, 1) {
		if _, ok := got[d.Format(time.DateOnly)]; ok {
			t.Errorf("a session on %s, a National Day holiday", d.Format(time.DateOnly))
		}
	}
	for _, makeUp := range []string{"2026-09-20", "2026-10-10"} {
		s, ok := got[makeUp]
		if !ok {
			t.Fatalf("no session on make-up workday %s", makeUp)
		}
		if s.StartsAt != makeUp+"T16:30:00+08:00" || s.EndsAt != makeUp+"T18:00:00+08:00" {
			t.Errorf("session on %s runs %s–%s, want 16:30–18:00 +08:00", makeUp, s.StartsAt, s.EndsAt)
		}
		if s.Venue == nil || s.Venue.Name != "社区活动室" || len(s.Staff) != 1 || s.Staff[0].Name != "李明" || s.Staff[0].TeacherType != "school_teacher" {
			t.Errorf("session on %s shows venue %+v and staff %+v", makeUp, s.Venue, s.Staff)
		}
	}
}

// TestRRuleAndExceptDates plans Saturday classes by an RRULE and leaves out excluded dates.
func TestRRuleAndExceptDates(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 8, 20, 9, 0))
	res := e.createProgram(ptProgram("holiday_class", "周六书法", ptSchedule("2026-09-01", "2026-09-30", "09:00", "10:30", "all_days",
		"rrule", "FREQ=WEEKLY;BYDAY=SA", "except_dates", []string{"2026-09-19"}), func(p map[string]any) { p["category"] = "calligraphy" }))
	var dates []string
	for _, s := range e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01") {
		dates = append(dates, s.Date())
	}
	if want := []string{"2026-09-05", "2026-09-12", "2026-09-26"}; !slices.Equal(dates, want) {
		t.Errorf("sessions on %v, want %v", dates, want)
	}
}

// TestProgramBoundAndBadInput refuses schedules and fields out of bounds with the field named,
// and writes nothing.
func TestProgramBoundAndBadInput(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 8, 20, 9, 0))
	var other struct{ Community struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "另一个社区"}), &other)
	stranger := e.register("路人", "13900000009")
	sched := func(extra ...any) map[string]any {
		return ptSchedule("2026-09-01", "2026-12-31", "16:30", "18:00", "school_days", extra...)
	}
	cases := []struct {
		name, field string
		body        map[string]any
	}{
		{"over two years", "schedule.end_date", ptProgram("after_school", "托管", ptSchedule("2026-09-01", "2028-09-01", "16:30", "18:00", "school_days"))},
		{"end before start", "schedule.end_date", ptProgram("after_school", "托管", ptSchedule("2026-09-01", "2026-08-31", "16:30", "18:00", "school_days"))},
		{"end time before start time", "schedule.end_time", ptProgram("after_school", "托管", ptSchedule("2026-09-01", "2026-09-30", "18:00", "16:30", "school_days"))},
		{"bad rrule", "schedule.rrule", ptProgram("after_school", "托管", sched("rrule", "FREQ=SOMETIMES"))},
		{"rrule with until", "schedule.rrule", ptProgram("after_school", "托管", sched("rrule", "FREQ=WEEKLY;UNTIL=20261231T000000Z"))},
		{"bad date", "schedule.start_date", ptProgram("after_school", "托管", ptSchedule("2026-9-1", "2026-09-30", "16:30", "18:00", "school_days"))},
		{"bad kind", "kind", ptProgram("party", "托管", sched())},
		{"bad category", "category", ptProgram("holiday_class", "书法", sched(), func(p map[string]any) { p["category"] = "cooking" })},
		{"age below 3", "age_min", ptProgram("holiday_class", "书法", sched(), func(p map[string]any) { p["age_min"], p["age_max"] = 2, 6 })},
		{"age above 12", "age_max", ptProgram("holiday_class", "书法", sched(), func(p map[string]any) { p["age_min"], p["age_max"] = 6, 13 })},
		{"ages reversed", "age_max", ptProgram("holiday_class", "书法", sched(), func(p map[string]any) { p["age_min"], p["age_max"] = 9, 6 })},
		{"ages on a shift", "age_min", ptProgram("volunteer_shift", "清扫", sched(), func(p map[string]any) { p["age_min"] = 6 })},
		{"no capacity", "capacity", ptProgram("after_school", "托管", sched(), func(p map[string]any) { delete(p, "capacity") })},
		{"unknown venue", "venue_id", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["venue_id"] = "0190a2b4-0000-7000-8000-000000000000" })},
		{"more seats than the venue", "capacity", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["venue_id"], p["capacity"] = e.Studio, 21 })},
		{"staff not a member", "staff_ids[1]", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["staff_ids"] = []string{e.Teacher1, stranger} })},
		{"staff twice", "staff_ids[1]", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["staff_ids"] = []string{e.Teacher1, e.Teacher1} })},
		{"bad booking time", "booking_opens_at", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["booking_opens_at"] = "2026-08-25 09:00" })},
		{"negative cutoff", "cancel_cutoff_minutes", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["cancel_cutoff_minutes"] = -1 })},
		{"unknown field", "colour", ptProgram("after_school", "托管", sched(), func(p map[string]any) { p["colour"] = "red" })},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.mustFail(http.StatusBadRequest, "invalid", c.field, e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.Coord, c.body))
		})
	}
	e.mustFail(http.StatusBadRequest, "invalid", "timezone", e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"timezone": "Asia/Atlantis"}))
	if n := e.count("programs") + e.count("sessions") + e.count("program_staff"); n != 0 {
		t.Errorf("refused programs left %d rows", n)
	}
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/communities/"+e.Community+"/programs", "", "{"))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.VolunteerCookie, "{"))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("POST", "/api/v1/communities/"+other.Community.ID+"/programs", e.Coord, "{"))
}

// TestClashRejectsWholeProgram refuses a program whose venue or staff are taken at one of its
// sessions, names that session and writes nothing.
func TestClashRejectsWholeProgram(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 8, 20, 9, 0))
	first := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Room, []string{e.Teacher1} }))
	clashing := e.sessions("", "program_id="+first.Program.ID+"&from=2026-09-16&to=2026-09-16")[0]
	programs, sessions, staff := e.count("programs"), e.count("sessions"), e.count("session_staff")
	for _, c := range []struct {
		code string
		edit func(map[string]any)
	}{
		{"venue_conflict", func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Room, []string{e.Teacher2} }},
		{"staff_conflict", func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Studio, []string{e.Teacher2, e.Teacher1} }},
	} {
		// Wednesdays 17:00–18:30 from mid-September overlap the after-school session of 9/16 first.
		body := ptProgram("holiday_class", "口才", ptSchedule("2026-09-14", "2026-12-31", "17:00", "18:30", "all_days", "weekdays", []int{3}), c.edit)
		r := e.call("POST", "/api/v1/communities/"+e.Community+"/programs", e.Coord, body)
		e.mustFail(http.StatusConflict, c.code, "", r)
		msg := ptError(r).Error.Message
		for _, want := range []string{clashing.ID, "四点半课堂", "2026-09-16 16:30"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s message %q does not name %q", c.code, msg, want)
			}
		}
	}
	if e.count("programs") != programs || e.count("sessions") != sessions || e.count("session_staff") != staff {
		t.Error("a refused program left rows behind")
	}
	// Back to back is no clash: 18:00–19:00 in the same room with the same teacher.
	e.createProgram(ptProgram("holiday_class", "阅读", ptSchedule("2026-09-14", "2026-09-30", "18:00", "19:00", "all_days", "weekdays", []int{3}),
		func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Room, []string{e.Teacher1} }))
}

// TestProgramPatchReplansFutureOnly changes a running program's time and end date: past sessions
// stay as they were, surviving future ones keep their ids with a higher sequence, dropped dates
// are cancelled and kept, new dates are added.
func TestProgramPatchReplansFutureOnly(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 8, 20, 9, 0))
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["venue_id"] = e.Room }))
	before := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01"))
	e.Clock.Set(ptAt(2026, 9, 15, 12, 0))
	var out ptResult
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/programs/"+res.Program.ID, e.Coord, map[string]any{
		"title": "四点半课堂（秋）", "schedule": ptSchedule("2026-09-01", "2026-10-16", "16:00", "17:30", "school_days", "except_dates", []string{"2026-09-24"}),
	}), &out)
	after := byDate(e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01"))
	for date, old := range before {
		now := after[date]
		switch {
		case date < "2026-09-15":
			if now.ID != old.ID || now.StartsAt != old.StartsAt || now.Title != old.Title || now.Sequence != 0 || now.Status != "scheduled" {
				t.Errorf("past session of %s changed: %+v → %+v", date, old, now)
			}
		case date == "2026-09-24":
			if now.ID != old.ID || now.Status != "cancelled" || now.CancelReason == "" || now.Sequence != 1 {
				t.Errorf("dropped date %s: %+v, want the same session cancelled with a reason", date, now)
			}
		default:
			if now.ID != old.ID || now.StartsAt != date+"T16:00:00+08:00" || now.Title != "四点半课堂（秋）" || now.Sequence != 1 || now.Status != "scheduled" {
				t.Errorf("surviving session of %s: %+v, want id %s at 16:00 with sequence 1", date, now, old.ID)
			}
		}
	}
	added := 0
	for date, s := range after {
		if _, ok := before[date]; !ok {
			added++
			if date < "2026-10-08" || s.Sequence != 0 || s.Status != "scheduled" {
				t.Errorf("new session %s: %+v", date, s)
			}
		}
	}
	// 10/8, 10/9, make-up Saturday 10/10 and 10/12–10/16.
	if added != 8 || out.SessionsCreated != 8 || out.SessionsCancelled != 1 || out.SessionsUpdated != 11 {
		t.Errorf("added %d; answer created %d, updated %d, cancelled %d; want 8, 8, 11, 1", added, out.SessionsCreated, out.SessionsUpdated, out.SessionsCancelled)
	}
}

// TestDeleteProgramCancelsFuture keeps the program and its past, and cancels what is to come.
func TestDeleteProgramCancelsFuture(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 15, 12, 0))
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days")))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("DELETE", "/api/v1/programs/"+res.Program.ID, e.VolunteerCookie, nil))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/programs/"+res.Program.ID, e.Coord, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/programs/"+res.Program.ID, e.Coord, nil), nil)
	for _, s := range e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01") {
		if want := map[bool]string{true: "scheduled", false: "cancelled"}[s.Date() < "2026-09-15"]; s.Status != want {
			t.Errorf("session of %s is %s, want %s", s.Date(), s.Status, want)
		}
	}
	var got struct{ Program struct{ Status string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs/"+res.Program.ID, "", nil), &got)
	if got.Program.Status != "deleted" {
		t.Errorf("program status %q, want deleted", got.Program.Status)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", "/api/v1/programs/"+res.Program.ID, e.Coord, map[string]any{"title": "新"}))
}
