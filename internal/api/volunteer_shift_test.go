package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/testclock"
)

// TestShiftSignupRace sends 200 sign-ups of 200 volunteers at once for a shift of 5 places:
// exactly 5 get a place, the other 195 hear full, and the session shows 5 places taken.
func TestShiftSignupRace(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	s := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5)["2026-09-05"]
	const n = 200
	cookies := make([]string, n)
	for i := range cookies {
		login := fmt.Sprintf("137%08d", i)
		_, cookies[i] = e.member(fmt.Sprintf("志愿者%d", i), login, "volunteer", "")
	}
	statuses := make([]int, n)
	codes := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range cookies {
		wg.Go(func() {
			<-start
			r := e.signup(cookies[i], s.ID, nil)
			statuses[i], codes[i] = r.Status, ptError(r).Error.Code
		})
	}
	elapsed := testclock.Stopwatch()
	close(start)
	wg.Wait()
	t.Logf("%d concurrent sign-ups for 5 places answered in %v", n, elapsed())
	count := map[string]int{}
	for i := range statuses {
		count[fmt.Sprint(statuses[i], codes[i])]++
	}
	if count["201"] != 5 || count["409full"] != n-5 {
		t.Errorf("answers %v, want 5 × 201 and %d × 409 full", count, n-5)
	}
	got := e.sessions("", "program_id="+s.ProgramID+"&from=2026-09-05")[0]
	if got.Confirmed != 5 || got.Capacity != 5 || got.Sequence != s.Sequence {
		t.Errorf("session after the rush: %d of %d places taken, sequence %d; want 5 of 5 and the sequence unchanged", got.Confirmed, got.Capacity, got.Sequence)
	}
	var active int
	if err := e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM session_signups WHERE session_id = ? AND status = 'active'`, s.ID).Scan(&active); err != nil || active != 5 {
		t.Errorf("%d active sign-ups (%v), want 5", active, err)
	}
	if r := e.call("GET", "/api/v1/sessions?has_seats=true&kind=volunteer_shift&from=2026-09-05", "", nil); r.Status != http.StatusOK || len(e.sessions("", "has_seats=true&kind=volunteer_shift&from=2026-09-05")) != 0 {
		t.Errorf("a full shift is still listed with seats: %s", r.Body)
	}
}

// TestShiftSignupRules checks joining and leaving a shift: clashes with visits and other shifts,
// the leave cutoff, coordinators signing others up, and sessions that take no sign-ups.
func TestShiftSignupRules(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	shifts := e.shift("周六社区环境整治", "2026-09-05", "2026-09-12", 3, func(p map[string]any) { p["cancel_cutoff_minutes"] = 24 * 60 })
	sat := shifts["2026-09-05"]
	e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-05", "2026-09-05", "09:30", "10:30")

	r := e.signup(e.VolunteerCookie, sat.ID, nil)
	e.mustFail(http.StatusConflict, "overlap", "", r)
	if msg := ptError(r).Error.Message; !containsAll(msg, "走访", "周强") {
		t.Errorf("overlap message %q does not name the visit", msg)
	}
	var g struct {
		Signup struct {
			UserID, Name, Status string
			SessionID            string `json:"session_id"`
		}
	}
	e.must(http.StatusCreated, e.signup(e.Volunteer2Cookie, sat.ID, ""), &g)
	if g.Signup.Name != "吴敏" || g.Signup.Status != "active" || g.Signup.SessionID != sat.ID {
		t.Errorf("signup %+v", g.Signup)
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.signup(e.Volunteer2Cookie, sat.ID, nil))
	// Planned onto a visit during the shift she signed up for: a staff clash names the shift.
	h2 := e.household("2 单元 202 室", 0)
	r = e.call("POST", "/api/v1/households/"+h2+"/visit-plans", e.Coord, map[string]any{"volunteer_ids": []string{e.Volunteer2},
		"cadence": "weekly", "start_date": "2026-09-05", "end_date": "2026-09-05", "start_time": "10:00", "end_time": "10:30"})
	e.mustFail(http.StatusConflict, "staff_conflict", "", r)
	if msg := ptError(r).Error.Message; !containsAll(msg, "周六社区环境整治", "signed up") {
		t.Errorf("staff clash message %q does not name the shift", msg)
	}

	// A coordinator signs up a teacher by id (a minute later), and can leave no volunteer's place to a parent.
	e.Clock.Set(e.Clock.Now().Add(time.Minute))
	e.must(http.StatusCreated, e.signup(e.Coord, sat.ID, map[string]any{"user_id": e.Teacher1}), nil)
	e.mustFail(http.StatusBadRequest, "invalid", "user_id", e.signup(e.Coord, sat.ID, map[string]any{"user_id": e.register("路人", "13900000009")}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.signup(e.Volunteer2Cookie, shifts["2026-09-12"].ID, map[string]any{"user_id": e.Teacher2}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.signup(e.Coord, sat.ID, nil))
	if got := e.sessions("", "program_id="+sat.ProgramID)[0]; got.Confirmed != 2 {
		t.Errorf("%d places taken, want 2", got.Confirmed)
	}

	// Leaving: until 24 hours before the start for volunteers, at any time for coordinators.
	e.Clock.Set(ptAt(2026, 9, 4, 9, 30))
	e.mustFail(http.StatusConflict, "session_closed", "", e.call("DELETE", "/api/v1/sessions/"+sat.ID+"/signup", e.Volunteer2Cookie, nil))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/sessions/"+sat.ID+"/signup?user_id="+e.Volunteer2, e.Coord, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/sessions/"+sat.ID+"/signup?user_id="+e.Volunteer2, e.Coord, nil))
	next := shifts["2026-09-12"]
	e.must(http.StatusCreated, e.signup(e.Volunteer2Cookie, next.ID, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/sessions/"+next.ID+"/signup", e.Volunteer2Cookie, nil), nil)
	e.must(http.StatusCreated, e.signup(e.Volunteer2Cookie, next.ID, nil), nil)
	var list struct {
		Items []struct{ Name, Status string }
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+sat.ID+"/signups", e.Coord, nil), &list)
	if len(list.Items) != 2 || list.Items[0].Name != "吴敏" || list.Items[0].Status != "left" || list.Items[1].Status != "active" {
		t.Errorf("sign-ups of the first Saturday: %+v", list.Items)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/sessions/"+sat.ID+"/signups", e.Volunteer2Cookie, nil))
	for date, want := range map[string]int{"2026-09-05": 1, "2026-09-12": 1} {
		if got := byDate(e.sessions("", "program_id="+sat.ProgramID))[date]; got.Confirmed != want {
			t.Errorf("%s: %d places taken, want %d", date, got.Confirmed, want)
		}
	}

	// Started shifts, cancelled shifts and sessions of other kinds take no sign-ups.
	e.Clock.Set(ptAt(2026, 9, 5, 9, 0))
	e.mustFail(http.StatusConflict, "session_closed", "", e.signup(e.Volunteer2Cookie, sat.ID, nil))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+next.ID, e.Coord, map[string]any{"status": "cancelled"}), nil)
	e.mustFail(http.StatusConflict, "session_closed", "", e.signup(e.Coord, next.ID, map[string]any{"user_id": e.Teacher2}))
	care := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-07", "2026-09-07", "16:30", "18:00", "school_days")))
	careSession := e.sessions("", "program_id="+care.Program.ID)[0]
	e.mustFail(http.StatusConflict, "conflict", "", e.signup(e.Volunteer2Cookie, careSession.ID, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "nickname", e.signup(e.Volunteer2Cookie, careSession.ID, map[string]any{"nickname": "x"}))
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
