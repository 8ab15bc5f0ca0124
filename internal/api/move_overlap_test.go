package api_test

import (
	"net/http"
	"testing"
)

// TestMoveKeepsPeopleInOnePlace: moving a session onto a time where one of its confirmed children,
// or one of its signed-up volunteers, is already in another session is 409 overlap, and nothing moves.
func TestMoveKeepsPeopleInOnePlace(t *testing.T) {
	e := newBookingEnv(t)
	kid := e.families(1, "2019-03-01")[0]
	morning := e.class(5, "2026-07-06")[0]
	afternoon := e.class(5, "2026-07-06", func(p map[string]any) {
		p["schedule"] = ptSchedule("2026-07-06", "2026-07-06", "14:00", "16:00", "all_days")
	})[0]
	for _, s := range []string{morning, afternoon} {
		e.booked(kid.Cookie, map[string]any{"child_id": kid.Children[0], "session_id": s})
	}
	move := map[string]any{"starts_at": "2026-07-06T10:00:00+08:00"}
	e.mustFail(http.StatusConflict, "overlap", "starts_at", e.call("PATCH", "/api/v1/sessions/"+afternoon, e.Coord, move))
	var s struct{ Session ptSession }
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+afternoon, "", nil), &s)
	if s.Session.StartsAt != "2026-07-06T14:00:00+08:00" || s.Session.Sequence != 0 {
		t.Fatalf("a refused move changed the session: %+v", s.Session)
	}
	// A time clear of the child's other class is fine.
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+afternoon, e.Coord, map[string]any{"starts_at": "2026-07-06T12:00:00+08:00"}), nil)

	// The same for a volunteer signed up for two shifts.
	_, vol := e.member("周强", "13800000005", "volunteer", "")
	shift := func(start, end string) string {
		res := e.createProgram(ptProgram("volunteer_shift", "清扫 "+start, ptSchedule("2026-07-11", "2026-07-11", start, end, "all_days")))
		id := e.sessions(e.Coord, "program_id="+res.Program.ID)[0].ID
		e.must(http.StatusCreated, e.call("POST", "/api/v1/sessions/"+id+"/signup", vol, nil), nil)
		return id
	}
	shift("09:00", "11:00")
	later := shift("13:00", "15:00")
	e.mustFail(http.StatusConflict, "overlap", "starts_at", e.call("PATCH", "/api/v1/sessions/"+later, e.Coord, map[string]any{"starts_at": "2026-07-11T10:00:00+08:00"}))
}
