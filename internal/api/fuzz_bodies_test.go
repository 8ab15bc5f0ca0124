package api_test

import (
	"encoding/json"
	"testing"
)

// fzRoute is a write route a fuzz target sends bodies to, as one of the matrix's callers who
// may call it (so that bodies reach the decoder and the rules, not a 404).
type fzRoute struct {
	who          int
	method, path string
}

// fuzzBodies sends arbitrary bodies to routes in the world of the authorisation matrix and checks
// that the server never answers 5xx, that every refusal has the error shape with a code and a
// message, and that a refusal writes nothing: tables keep their row counts (audit_log is always
// among them, and every change writes an entry there). In bodies, {placeholders} of the
// fixture's ids are replaced, so seeds name real children, sessions and households in every
// fuzzing process.
func fuzzBodies(f *testing.F, routes []fzRoute, tables []string, seeds ...string) {
	for _, s := range seeds {
		for i := range routes {
			f.Add(s, uint8(i))
		}
	}
	fx := buildMatrixFixture(&testing.T{}, f)
	tables = append(tables, "audit_log")
	f.Fuzz(func(t *testing.T, body string, route uint8) {
		fx.t = t
		rt := routes[int(route)%len(routes)]
		path := fx.resolveKnown(rt.path)
		before := fx.snapshot(tables)
		r := fx.call(rt.method, path, fx.Callers[rt.who].Cookie, fx.resolveKnown(body))
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, r.Status, r.Body)
		}
		if r.Status < 400 {
			return
		}
		var ae apiError
		if err := json.Unmarshal(r.Body, &ae); err != nil || ae.Error.Code == "" || ae.Error.Message == "" {
			t.Fatalf("%s %s %q: %d not in the error shape: %s", rt.method, rt.path, body, r.Status, r.Body)
		}
		fx.unchanged(before)
	})
}

// resolveKnown replaces the placeholders of the fixture's ids in s and leaves anything else.
func (f *mxFixture) resolveKnown(s string) string {
	return mxPlaceholder.ReplaceAllStringFunc(s, func(p string) string {
		if v, ok := f.IDs[p[1:len(p)-1]]; ok {
			return v
		}
		return p
	})
}

// FuzzPlanningBodies: programs with their schedules (weekdays, RRULEs, day filters, exceptions),
// session changes, a calendar's days and a holiday-cn import, and webhooks.
func FuzzPlanningBodies(f *testing.F) {
	fuzzBodies(f, []fzRoute{
		{mxCoordinator, "POST", "/api/v1/communities/{community}/programs"},
		{mxCoordinator, "PATCH", "/api/v1/programs/{program_after_school}"},
		{mxCoordinator, "PATCH", "/api/v1/sessions/{session_after_school}"},
		{mxCoordinator, "PATCH", "/api/v1/sessions/{session_to_book}"},
		{mxAdmin, "PUT", "/api/v1/calendars/{calendar}/days"},
		{mxAdmin, "POST", "/api/v1/calendars/{calendar}/import"},
		{mxAdmin, "POST", "/api/v1/webhooks"},
	}, []string{"programs", "sessions", "session_staff", "calendar_days", "calendar_years", "calendars", "webhooks", "notifications"},
		`{"kind":"holiday_class","title":"暑期科学营","category":"science","age_min":6,"age_max":9,"capacity":20,"venue_id":"{venue}","staff_ids":["{user_teacher}"],
			"schedule":{"start_date":"2026-10-05","end_date":"2026-10-30","start_time":"09:00","end_time":"11:00","rrule":"FREQ=WEEKLY;BYDAY=MO,WE","day_filter":"all_days","except_dates":["2026-10-07"]}}`,
		`{"kind":"event","title":"议事会","capacity":1,"staff_ids":[],"schedule":{"start_date":"2026-10-01","end_date":"2028-10-01","start_time":"23:00","end_time":"01:00","day_filter":"school_days"}}`,
		`{"schedule":{"rrule":"RRULE:FREQ=DAILY;COUNT=3"}}`, `{"schedule":{"rrule":"FREQ=SECONDLY"}}`, `{"schedule":{"rrule":"FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=-40"}}`,
		`{"schedule":{"weekdays":[0,8],"start_time":"24:00"}}`, `{"capacity":1e309}`, `{"capacity":0}`, `{"booking_opens_at":"2026-02-30T00:00:00Z"}`,
		`{"starts_at":"2026-09-09T16:30:00+08:00"}`, `{"status":"cancelled","reason":"暴雨"}`, `{"status":"cancelled","capacity":3}`, `{"staff_ids":["{volunteer}","{volunteer}"]}`,
		`{"venue_id":""}`, `{"capacity":1}`,
		`{"days":[{"date":"2026-10-10","kind":"school_break","note":"秋假"}],"ranges":[{"from":"2026-10-20","to":"2026-10-01","kind":"holiday"}]}`,
		`{"year":2027,"papers":[],"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`, `{"year":2027,"days":[{"date":"2026-01-01","isOffDay":"yes"}]}`,
		`{"url":"http://127.0.0.1:9/hook","events":["session_cancelled","session_cancelled"],"secret":"0123456789abcdef"}`,
		`{"kind":`, `[]`, `null`, `"x"`, "\x00\xff", `{"title":"\ud800"}`, `{"kind":"neighbor_visit","x":1}`,
	)
}

// FuzzBookingBodies: bookings of one child, of siblings and of a whole program, as a parent, with
// children and sessions of every kind the fixture has. (Attendance and feedback bodies are
// FuzzAttendanceBodies'.)
func FuzzBookingBodies(f *testing.F) {
	fuzzBodies(f, []fzRoute{{mxParentA, "POST", "/api/v1/bookings"}}, []string{"bookings", "session_lines", "notifications"},
		`{"child_id":"{child_of_A}","session_id":"{session_to_book}"}`, `{"child_ids":["{child_of_A}","{child_of_A}"],"session_id":"{session_to_book}"}`,
		`{"child_ids":["{child_of_A}","{child_of_B}"],"session_id":"{session_to_book}"}`, `{"child_id":"{child_of_A}","program_id":"{program_after_school}"}`,
		`{"child_id":"{child_of_B}","session_id":"{session_to_book}"}`, `{"child_id":"{child_of_A}","session_id":"{visit_session}"}`,
		`{"child_id":"{child_of_A}","session_id":"{shift_session}"}`, `{"child_id":"{child_of_A}","session_id":"{session_cancelled}"}`,
		`{"child_id":"{child_of_A}","session_id":"{session_after_school}"}`, `{"child_id":"{child_of_A}","program_id":"{program_visit}"}`,
		`{"child_ids":[],"session_id":"{session_to_book}"}`, `{"child_id":7}`, `{"child_id":"{child_of_A}","session_id":"{session_to_book}","program_id":"{program_after_school}"}`,
		`{"child_id":`, `[]`, `null`, "\x00\xff", `{"child_id":"\ud800"}`,
	)
}

// FuzzVolunteerBodies: shift sign-ups, service sheets, corrections and their decisions, visit
// plans (cadences and RRULEs), visit logs with troubles, and changes of troubles.
func FuzzVolunteerBodies(f *testing.F) {
	fuzzBodies(f, []fzRoute{
		{mxVolunteer, "POST", "/api/v1/sessions/{shift_session}/signup"},
		{mxCoordinator, "PUT", "/api/v1/sessions/{shift_past}/service"},
		{mxVolunteer, "POST", "/api/v1/service/{service_record}/corrections"},
		{mxCoordinator, "POST", "/api/v1/households/{household}/visit-plans"},
		{mxCoordinator, "PATCH", "/api/v1/visit-plans/{visit_plan}"},
		{mxVolunteer, "POST", "/api/v1/sessions/{visit_session}/visit-log"},
		{mxVolunteer, "PATCH", "/api/v1/concerns/{concern}"},
	}, []string{"session_signups", "service_records", "service_corrections", "visit_plans", "visit_logs", "concerns", "concern_events", "sessions", "notifications"},
		`{}`, `{"user_id":"{volunteer2}"}`,
		`{"records":[{"user_id":"{volunteer}","check_in":"2026-09-05T09:00:00+08:00","check_out":"2026-09-05T11:00:00+08:00"}]}`,
		`{"records":[{"user_id":"{volunteer}","check_in":"2026-09-05T11:00:00+08:00","check_out":"2026-09-05T09:00:00+08:00"}]}`,
		`{"check_in":"2026-09-05T09:00:00+08:00","check_out":"2026-09-05T11:30:00+08:00","reason":"多干了半小时"}`, `{"reason":""}`,
		`{"volunteer_ids":["{volunteer2}"],"cadence":"monthly","start_date":"2026-10-31","end_date":"2027-03-31","start_time":"09:00","end_time":"10:00"}`,
		`{"volunteer_ids":["{volunteer2}"],"cadence":"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101","start_date":"2026-10-01","end_date":"2026-10-31","start_time":"09:00","end_time":"10:00"}`,
		`{"cadence":"fortnightly"}`, `{"end_time":"11:00"}`, `{"volunteer_ids":[]}`, `{"start_date":"2026-02-29"}`,
		`{"outcome":"done","minutes":30,"notes":"一切正常","concerns":[{"category":"repairs","text":"水龙头漏水"}]}`,
		`{"outcome":"missed"}`, `{"outcome":"done","minutes":601}`, `{"outcome":"done","minutes":30,"concerns":[{"category":"ufo","text":""}]}`,
		`{"status":"in_progress","note":"已上报"}`, `{"status":"resolved"}`, `{"note":""}`,
		`{"outcome":`, `[]`, `null`, "\x00\xff", `{"notes":"\ud800"}`,
	)
}
