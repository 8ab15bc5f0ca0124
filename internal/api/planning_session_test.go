package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestSessionPatch moves, re-staffs, resizes and cancels one session: each change raises its
// sequence; clashes, seats below the confirmed ones and delivered times are refused.
func TestSessionPatch(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	care := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["venue_id"], p["staff_ids"] = e.Room, []string{e.Teacher1} }))
	e.createProgram(ptProgram("holiday_class", "书法", ptSchedule("2026-09-01", "2026-09-30", "09:00", "10:30", "all_days", "weekdays", []int{6}),
		func(p map[string]any) {
			p["venue_id"], p["staff_ids"], p["category"] = e.Studio, []string{e.Teacher2}, "calligraphy"
		}))
	byDay := byDate(e.sessions("", "program_id="+care.Program.ID))
	s := byDay["2026-09-10"]
	path := "/api/v1/sessions/" + s.ID
	patch := func(body any) ptSession {
		t.Helper()
		var out struct{ Session ptSession }
		e.must(http.StatusOK, e.call("PATCH", path, e.Coord, body), &out)
		return out.Session
	}

	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("PATCH", path, "", "{"))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", path, e.VolunteerCookie, "{"))
	got := patch(map[string]any{"starts_at": "2026-09-12T08:00:00+08:00"})
	if got.StartsAt != "2026-09-12T08:00:00+08:00" || got.EndsAt != "2026-09-12T09:30:00+08:00" || got.Sequence != 1 {
		t.Errorf("moved session: %+v, want 08:00–09:30 on 9/12 with sequence 1", got)
	}
	got = patch(map[string]any{"ends_at": "2026-09-12T09:00:00+08:00"})
	if got.Sequence != 2 || got.EndsAt != "2026-09-12T09:00:00+08:00" {
		t.Errorf("session ending at 09:00: %+v", got)
	}
	got = patch(map[string]any{"staff_ids": []string{e.Teacher2}})
	if len(got.Staff) != 1 || got.Staff[0].Name != "赵芳" || got.Staff[0].TeacherType != "community_teacher" || got.Sequence != 3 {
		t.Errorf("re-staffed session: %+v", got)
	}
	// 赵芳 teaches 书法 in 书画室 09:00–10:30 on Saturdays: running to 09:30 clashes.
	r := e.call("PATCH", path, e.Coord, map[string]any{"ends_at": "2026-09-12T09:30:00+08:00", "venue_id": e.Studio, "capacity": 20})
	e.mustFail(http.StatusConflict, "venue_conflict", "", r)
	if msg := ptError(r).Error.Message; !strings.Contains(msg, "书法") || !strings.Contains(msg, "2026-09-12 09:00") {
		t.Errorf("clash message %q does not name the 书法 session", msg)
	}
	e.mustFail(http.StatusConflict, "staff_conflict", "", e.call("PATCH", path, e.Coord, map[string]any{"ends_at": "2026-09-12T09:30:00+08:00"}))
	if got := e.sessions("", "program_id="+care.Program.ID+"&from=2026-09-12&to=2026-09-12")[0]; got.Sequence != 3 || got.EndsAt != "2026-09-12T09:00:00+08:00" {
		t.Errorf("refused changes altered the session: %+v", got)
	}

	e.exec(`UPDATE sessions SET confirmed = 5 WHERE id = ?`, s.ID)
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", path, e.Coord, map[string]any{"capacity": 4}))
	if got = patch(map[string]any{"capacity": 5}); got.Capacity != 5 || got.Sequence != 4 {
		t.Errorf("capacity 5: %+v", got)
	}
	for _, c := range []struct {
		field string
		body  map[string]any
	}{
		{"ends_at", map[string]any{"ends_at": "2026-09-12T07:00:00+08:00"}},
		{"starts_at", map[string]any{"starts_at": "tomorrow"}},
		{"venue_id", map[string]any{"venue_id": "0190a2b4-0000-7000-8000-000000000000"}},
		{"staff_ids[0]", map[string]any{"staff_ids": []string{e.register("路人", "13900000009")}}},
		{"status", map[string]any{"status": "scheduled"}},
		{"capacity", map[string]any{"capacity": 0}},
		{"capacity", map[string]any{"capacity": 41}},
	} {
		e.mustFail(http.StatusBadRequest, "invalid", c.field, e.call("PATCH", path, e.Coord, c.body))
	}
	if got = patch(map[string]any{"status": "cancelled", "reason": "老师生病"}); got.Status != "cancelled" || got.CancelReason != "老师生病" || got.Sequence != 5 {
		t.Errorf("cancelled session: %+v", got)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", path, e.Coord, map[string]any{"capacity": 6}))

	delivered := byDay["2026-09-11"]
	e.exec(`UPDATE sessions SET status = 'delivered', delivered_at = ? WHERE id = ?`, "2026-09-11T10:00:00.000000Z", delivered.ID)
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", "/api/v1/sessions/"+delivered.ID, e.Coord, map[string]any{"starts_at": "2026-09-11T16:00:00+08:00"}))
}

// TestNeighborVisitVisibility shows neighbour visits only to the community's coordinators and
// the volunteers staffing them; public kinds are for everyone.
func TestNeighborVisitVisibility(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	_, otherVolunteer := e.member("吴敏", "13800000006", "volunteer", "")
	care := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days")))
	visit := e.createProgram(ptProgram("neighbor_visit", "探访 3 号楼张大爷", ptSchedule("2026-09-01", "2026-09-30", "10:00", "11:00", "all_days", "weekdays", []int{2}),
		func(p map[string]any) { p["capacity"], p["staff_ids"] = 1, []string{e.Volunteer} }))
	visitSession := e.sessions(e.Coord, "program_id="+visit.Program.ID)[0]

	anonymous := e.sessions("", "community_id="+e.Community)
	if len(anonymous) != 22 {
		t.Errorf("anonymous sees %d sessions, want the 22 after-school ones", len(anonymous))
	}
	for _, s := range anonymous {
		if s.Kind == "neighbor_visit" {
			t.Errorf("anonymous sees visit %s", s.ID)
		}
	}
	if n := len(e.sessions(e.VolunteerCookie, "community_id="+e.Community+"&kind=neighbor_visit")); n != 5 {
		t.Errorf("the visiting volunteer lists %d visits, want 5", n)
	}
	if n := len(e.sessions(otherVolunteer, "kind=neighbor_visit")); n != 0 {
		t.Errorf("another volunteer lists %d visits", n)
	}
	for _, c := range []struct {
		who    string
		cookie string
		want   int
	}{{"anonymous", "", 404}, {"other volunteer", otherVolunteer, 404}, {"visiting volunteer", e.VolunteerCookie, 200}, {"coordinator", e.Coord, 200}} {
		if r := e.call("GET", "/api/v1/sessions/"+visitSession.ID, c.cookie, nil); r.Status != c.want {
			t.Errorf("%s reading the visit: %d, want %d", c.who, r.Status, c.want)
		}
		if r := e.call("GET", "/api/v1/programs/"+visit.Program.ID, c.cookie, nil); r.Status != c.want {
			t.Errorf("%s reading the visit program: %d, want %d", c.who, r.Status, c.want)
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs/"+care.Program.ID, "", nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("PATCH", "/api/v1/sessions/"+visitSession.ID, otherVolunteer, "{"))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", "/api/v1/sessions/"+visitSession.ID, e.VolunteerCookie, "{"))
	var programs struct{ Items []struct{ Kind string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/programs?community_id="+e.Community, "", nil), &programs)
	if len(programs.Items) != 1 || programs.Items[0].Kind != "after_school" {
		t.Errorf("anonymous lists programs %+v, want the after-school one alone", programs.Items)
	}
}

// TestSessionListFilters pages through sessions and filters them by kind, category, age, seats
// and dates; without from the list starts today.
func TestSessionListFilters(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 15, 20, 0))
	e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-30", "16:30", "18:00", "school_days"),
		func(p map[string]any) { p["age_min"], p["age_max"] = 6, 12 }))
	art := e.createProgram(ptProgram("holiday_class", "美术", ptSchedule("2026-09-01", "2026-09-30", "09:00", "10:30", "all_days", "weekdays", []int{6}),
		func(p map[string]any) { p["age_min"], p["age_max"], p["category"] = 4, 6, "art" }))
	count := func(query string) int { return len(e.sessions("", query)) }
	// From today, 9/15: 12 after-school sessions (make-up Sunday 9/20 in, Mid-Autumn 9/25 out) and 2 Saturday classes.
	if n := count(""); n != 14 {
		t.Errorf("without from: %d sessions, want 14", n)
	}
	if n := count("from=2026-09-01&to=2026-09-07"); n != 5+1 {
		t.Errorf("first week: %d sessions, want 6", n)
	}
	if n := count("from=2026-09-01&category=art"); n != 4 {
		t.Errorf("art: %d sessions, want 4", n)
	}
	if n := count("from=2026-09-01&age=5"); n != 4 {
		t.Errorf("age 5: %d sessions, want 4", n)
	}
	if n := count("from=2026-09-01&age=6"); n != 22+4 {
		t.Errorf("age 6: %d sessions, want 26", n)
	}
	if n := count("from=2026-09-01&kind=holiday_class&program_id=" + art.Program.ID); n != 4 {
		t.Errorf("kind and program: %d sessions, want 4", n)
	}
	e.exec(`UPDATE sessions SET confirmed = capacity WHERE program_id = ?`, art.Program.ID)
	if n := count("from=2026-09-01&has_seats=true"); n != 22 {
		t.Errorf("with seats: %d sessions, want 22", n)
	}
	var seen []string
	cursor := ""
	for range 20 {
		var page struct {
			Items      []ptSession
			NextCursor *string `json:"next_cursor"`
		}
		e.must(http.StatusOK, e.call("GET", "/api/v1/sessions?from=2026-09-01&limit=4"+cursor, "", nil), &page)
		for _, s := range page.Items {
			seen = append(seen, s.StartsAt+" "+s.ID)
		}
		if page.NextCursor == nil {
			break
		}
		cursor = "&cursor=" + *page.NextCursor
	}
	if len(seen) != 26 {
		t.Errorf("paging saw %d sessions, want 26", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Errorf("paging out of order: %s after %s", seen[i], seen[i-1])
		}
	}
	e.mustFail(http.StatusBadRequest, "invalid", "cursor", e.call("GET", "/api/v1/sessions?cursor=bm9wZQ", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "kind", e.call("GET", "/api/v1/sessions?kind=party", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "age", e.call("GET", "/api/v1/sessions?age=old", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "has_seats", e.call("GET", "/api/v1/sessions?has_seats=yes", "", nil))
}
