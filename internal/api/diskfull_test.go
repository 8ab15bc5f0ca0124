package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestDiskFullRefusesBookingAndKeepsReading fills the database (PRAGMA max_page_count on the one
// writer connection forces SQLITE_FULL): a booking gets 503 unavailable and writes nothing, reads
// go on, and bookings work again once there is room.
func TestDiskFullRefusesBookingAndKeepsReading(t *testing.T) {
	e := newBookingEnvWith(t, serverOptions{sqlite: true})
	fams := e.families(2, "2019-03-01")
	session := e.class(10, "2026-07-06")[0]
	e.booked(fams[0].Cookie, map[string]any{"child_id": fams[0].Children[0], "session_id": session})

	bookings := e.count("bookings")
	var pages int
	if err := e.DB.WritePool().QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.WritePool().Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	// Fill every free byte the booking's own audit row could use, down to the smallest row.
	for _, size := range []int{4000, 500, 60, 1} {
		for i := 0; i < 5000; i++ {
			if _, err := e.DB.WritePool().Exec(`INSERT INTO audit_log (at, action, object_type, object_id, detail) VALUES ('0', 'filler', 'x', 'x', hex(randomblob(?)))`, size); err != nil {
				break
			}
		}
	}
	audit := e.count("audit_log")
	r := e.book(fams[1].Cookie, map[string]any{"child_id": fams[1].Children[0], "session_id": session})
	e.mustFail(http.StatusServiceUnavailable, "unavailable", "", r)
	if e.count("bookings") != bookings || e.count("audit_log") != audit {
		t.Fatal("a refused booking wrote rows")
	}
	e.checkCounters()
	// Reads go on.
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+session, "", nil), nil)
	if got := e.myBookings(fams[0].Cookie, ""); len(got) != 1 {
		t.Fatalf("reads while full: %d bookings", len(got))
	}
	e.must(http.StatusOK, e.call("GET", "/readyz", "", nil), nil)
	// Room again: the same booking goes through.
	if _, err := e.DB.WritePool().Exec("DELETE FROM audit_log WHERE action = 'filler'"); err != nil {
		t.Fatal(err)
	}
	e.DB.WritePool().Exec("PRAGMA max_page_count = 1073741823")
	e.booked(fams[1].Cookie, map[string]any{"child_id": fams[1].Children[0], "session_id": session})
	e.checkCounters()
}
