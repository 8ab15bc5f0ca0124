package api_test

import (
	"net/http"
	"testing"
)

// TestMoreSeatsPromoteTheLine: when a coordinator raises a full session's capacity, the first
// families in line are confirmed in the same change, in arrival order.
func TestMoreSeatsPromoteTheLine(t *testing.T) {
	e := newBookingEnv(t)
	fams := e.families(3, "2019-03-01")
	session := e.class(1, "2026-07-06")[0]
	var ids []string
	for _, f := range fams {
		ids = append(ids, e.booked(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": session})[0].ID)
	}
	if e.status(ids[1]) != "waitlisted" || e.status(ids[2]) != "waitlisted" {
		t.Fatal("the class did not fill up: the test would prove nothing")
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+session, e.Coord, map[string]any{"capacity": 2}), nil)
	if e.status(ids[0]) != "confirmed" || e.status(ids[1]) != "confirmed" || e.status(ids[2]) != "waitlisted" {
		t.Fatalf("after a second seat: %s, %s, %s; want the first in line confirmed", e.status(ids[0]), e.status(ids[1]), e.status(ids[2]))
	}
	if got := e.myBookings(fams[2].Cookie, ""); len(got) != 1 || got[0].Position != 1 {
		t.Fatalf("the last family's place in line: %+v, want 1", got)
	}
	e.checkCounters()
}
