package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestARoundFromApplicationToACoursePassedOn follows one oversubscribed class through its round
// with the rounds' own routes: before the draw it takes no first-come booking, between close and
// draw it cannot change and its applicants cannot be booked over it, and after the draw the
// family that cancels one of its sessions gives the whole course to the first on the waiting list.
func TestARoundFromApplicationToACoursePassedOn(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 1, 6, 10, "09:00", "10:30")
	other := e.holidayClass("科学实验", 5, 6, 10, "10:00", "11:00")
	r := e.createRound(roundBody([]string{class}))
	var sessions, otherSessions []string
	for _, s := range e.sessions(e.Coord, "program_id="+class) {
		sessions = append(sessions, s.ID)
	}
	for _, s := range e.sessions(e.Coord, "program_id="+other) {
		otherSessions = append(otherSessions, s.ID)
	}
	type family struct {
		cookie string
		kids   []string
		app    string
	}
	var fams []family
	e.Clock.Set(rtOpen.Add(time.Hour))
	for range 3 {
		cookie, kids := e.family("2018-03-01")
		fams = append(fams, family{cookie: cookie, kids: kids, app: e.apply(cookie, r.ID, kids, class).ID})
	}
	e.mustFail(http.StatusConflict, "booking_closed", "session_id", e.call("POST", "/api/v1/bookings", fams[0].cookie,
		map[string]any{"child_id": fams[0].kids[0], "session_id": sessions[0]}))

	e.Clock.Set(rtClose.Add(time.Minute))
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), nil)
	e.mustFail(http.StatusConflict, linli.ERoundClosed, "", e.call("PATCH", "/api/v1/programs/"+class, e.Coord, map[string]any{"capacity": 3}))
	e.mustFail(http.StatusConflict, "overlap", "child_id", e.call("POST", "/api/v1/bookings", fams[1].cookie,
		map[string]any{"child_id": fams[1].kids[0], "session_id": otherSessions[0]}))

	e.Clock.Set(rtDraw)
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, map[string]any{}), nil)
	var result struct {
		Applications []struct {
			ID         string
			Placed     []string
			Waitlisted []struct {
				ProgramID string `json:"program_id"`
				Position  int
			}
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", e.Coord, nil), &result)
	placed, first := -1, -1
	for _, a := range result.Applications {
		for i, f := range fams {
			if f.app != a.ID {
				continue
			}
			if len(a.Placed) == 1 {
				placed = i
			}
			if len(a.Waitlisted) == 1 && a.Waitlisted[0].Position == 1 {
				first = i
			}
		}
	}
	if placed < 0 || first < 0 {
		t.Fatalf("the draw placed %d and put %d first in line: %+v", placed, first, result)
	}
	confirmed := func(f family) []bkBooking {
		var page struct{ Items []bkBooking }
		e.must(http.StatusOK, e.call("GET", "/api/v1/bookings?child_id="+f.kids[0], f.cookie, nil), &page)
		var out []bkBooking
		for _, b := range page.Items {
			if b.Status == "confirmed" {
				out = append(out, b)
			}
		}
		return out
	}
	course := confirmed(fams[placed])
	if len(course) != len(sessions) {
		t.Fatalf("the placed child holds %d sessions of %d", len(course), len(sessions))
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+course[2].ID, fams[placed].cookie, nil), nil)
	if got := confirmed(fams[placed]); len(got) != 0 {
		t.Errorf("after cancelling one session the family still holds %d", len(got))
	}
	if got := confirmed(fams[first]); len(got) != len(sessions) {
		t.Errorf("the first on the waiting list holds %d sessions of %d", len(got), len(sessions))
	}
	if n := noticeOf(e.inbox(fams[first].cookie), linli.NoticeBookingPromoted, ""); n == nil {
		t.Errorf("the promoted family was not told")
	}
	for i, f := range fams {
		if i != placed && i != first {
			if got := confirmed(f); len(got) != 0 {
				t.Errorf("the second on the waiting list holds %d sessions", len(got))
			}
		}
	}
	// The published result still shows the draw as drawn, and still checks out.
	var after linli.RoundResult
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil), &after)
	if err := linli.VerifyRoundResult(after); err != nil {
		t.Errorf("after the course passed on, the published draw no longer verifies: %v", err)
	}
}
