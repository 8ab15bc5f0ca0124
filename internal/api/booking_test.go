package api_test

import (
	"net/http"
	"testing"
)

func TestBookingWaitlistPromotion(t *testing.T) {
	e := newBookingEnv(t)
	s1 := e.class(2, "2026-07-06")[0]
	other := e.class(5, "2026-07-06", func(p map[string]any) { p["title"] = "书法" })[0]
	fams := e.families(4, "2018-03-01")
	a, b, c, f := fams[0], fams[1], fams[2], fams[3]
	twins := e.families(1, "2018-03-01", "2018-03-01")[0]
	g := e.families(1, "2018-03-01")[0]
	one := func(fam bkFamily) bkBooking {
		return e.booked(fam.Cookie, map[string]any{"child_id": fam.Children[0], "session_id": s1})[0]
	}
	ba, bb, bc := one(a), one(b), one(c)
	be := e.booked(twins.Cookie, map[string]any{"child_ids": twins.Children, "session_id": s1})
	bf, bg := one(f), one(g)
	if ba.Status != "confirmed" || bb.Status != "confirmed" || bc.Position != 1 || be[0].Position != 2 || be[1].Position != 2 || bf.Position != 3 || bg.Position != 4 {
		t.Fatalf("line: %+v %+v %+v %+v %+v %+v", ba, bb, bc, be, bf, bg)
	}
	// C, waiting for s1, is confirmed in a class at the same time.
	if x := e.booked(c.Cookie, map[string]any{"child_id": c.Children[0], "session_id": other}); x[0].Status != "confirmed" {
		t.Fatalf("other class: %+v", x)
	}
	// One seat frees: C would overlap, the twins do not fit, F (before G) is confirmed.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+ba.ID, a.Cookie, nil), nil)
	if e.status(bc.ID) != "waitlisted" || e.status(be[0].ID) != "waitlisted" || e.status(bf.ID) != "confirmed" || e.status(bg.ID) != "waitlisted" {
		t.Fatalf("after one cancel: c=%s twins=%s f=%s g=%s", e.status(bc.ID), e.status(be[0].ID), e.status(bf.ID), e.status(bg.ID))
	}
	// The twins keep their place ahead of G, who passes them only while they do not fit.
	if got := e.myBookings(twins.Cookie, ""); len(got) != 2 || got[0].Position != 2 || got[1].Position != 2 {
		t.Fatalf("twins list %+v", got)
	}
	if got := e.myBookings(g.Cookie, ""); got[0].Position != 3 {
		t.Fatalf("G lists %+v", got)
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+bb.ID, b.Cookie, nil), nil)
	if e.status(bg.ID) != "confirmed" || e.status(be[0].ID) != "waitlisted" {
		t.Fatalf("after the second cancel: G=%s twins=%s", e.status(bg.ID), e.status(be[0].ID))
	}
	// Two seats free at once: the twins go in together.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+bf.ID, f.Cookie, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+bg.ID, g.Cookie, nil), nil)
	if e.status(be[0].ID) != "confirmed" || e.status(be[1].ID) != "confirmed" || e.status(bc.ID) != "waitlisted" {
		t.Fatalf("twins %s %s, C %s", e.status(be[0].ID), e.status(be[1].ID), e.status(bc.ID))
	}
	if got := e.myBookings(c.Cookie, "child_id="+c.Children[0]); len(got) != 2 || got[0].Position+got[1].Position != 1 {
		t.Fatalf("C lists %+v", got)
	}
	var promoted int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'booking.promote'`).Scan(&promoted)
	if promoted != 4 {
		t.Fatalf("%d promotions in the audit log, want 4 (F, G, both twins)", promoted)
	}
	e.checkCounters()
}

func TestBookingRules(t *testing.T) {
	e := newBookingEnv(t)
	days := e.class(1, "2026-07-08", func(p map[string]any) {
		p["waitlist"], p["booking_opens_at"], p["cancel_cutoff_minutes"] = false, "2026-07-02T08:00:00+08:00", 24*60
	})
	fams := e.families(2, "2018-03-01")
	a, b := fams[0], fams[1]
	young := e.families(1, "2021-01-01")[0]
	body := func(f bkFamily, session string) map[string]any {
		return map[string]any{"child_id": f.Children[0], "session_id": session}
	}
	e.mustFail(http.StatusConflict, "booking_closed", "", e.book(a.Cookie, body(a, days[0])))
	e.Clock.Set(ptAt(2026, 7, 2, 8, 0))
	e.mustFail(http.StatusUnprocessableEntity, "not_eligible", "child_id", e.book(young.Cookie, body(young, days[0])))
	ba := e.booked(a.Cookie, body(a, days[0]))[0]
	e.mustFail(http.StatusConflict, "already_booked", "child_id", e.book(a.Cookie, body(a, days[0])))
	e.mustFail(http.StatusConflict, "full", "", e.book(b.Cookie, body(b, days[0])))
	// A whole program: each session on its own, the one already booked reported as refused.
	var prog struct{ Bookings []bkBooking }
	e.must(http.StatusCreated, e.book(a.Cookie, map[string]any{"child_id": a.Children[0], "program_id": e.programOf(days[0])}), &prog)
	if len(prog.Bookings) != 3 || prog.Bookings[0].Error == nil || prog.Bookings[0].Error.Code != "already_booked" ||
		prog.Bookings[1].Status != "confirmed" || prog.Bookings[2].Status != "confirmed" {
		t.Fatalf("program booking %+v", prog.Bookings)
	}
	// Every session of the program is now full or booked: a second program booking is refused whole.
	e.mustFail(http.StatusConflict, "full", "", e.book(b.Cookie, map[string]any{"child_id": b.Children[0], "program_id": e.programOf(days[0])}))
	// A guardian may cancel until 24 hours before; the office until the start.
	e.Clock.Set(ptAt(2026, 7, 5, 9, 0))
	e.mustFail(http.StatusConflict, "session_closed", "", e.call("DELETE", "/api/v1/bookings/"+ba.ID, a.Cookie, nil))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+ba.ID, e.Coord, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+ba.ID, e.Coord, nil), nil) // again: no change
	e.Clock.Set(ptAt(2026, 7, 7, 9, 0))
	e.mustFail(http.StatusConflict, "booking_closed", "", e.book(b.Cookie, body(b, days[1])))
	e.mustFail(http.StatusConflict, "session_closed", "", e.call("DELETE", "/api/v1/bookings/"+prog.Bookings[1].ID, e.Coord, nil))
	e.checkCounters()
}

func TestBookingOverlapExpiryAndSessionCancel(t *testing.T) {
	e := newBookingEnv(t)
	s1 := e.class(1, "2026-07-06")[0]
	clash := e.class(10, "2026-07-06", func(p map[string]any) {
		p["title"], p["schedule"].(map[string]any)["start_time"] = "口才", "10:30"
		p["schedule"].(map[string]any)["end_time"] = "12:00"
	})[0]
	later := e.class(10, "2026-07-06", func(p map[string]any) {
		p["title"], p["schedule"].(map[string]any)["start_time"] = "阅读", "11:00"
		p["schedule"].(map[string]any)["end_time"] = "12:00"
	})[0]
	fams := e.families(2, "2018-03-01")
	a, b := fams[0], fams[1]
	e.booked(a.Cookie, map[string]any{"child_id": a.Children[0], "session_id": s1})
	e.mustFail(http.StatusConflict, "overlap", "child_id", e.book(a.Cookie, map[string]any{"child_id": a.Children[0], "session_id": clash}))
	// Back to back is no overlap.
	e.booked(a.Cookie, map[string]any{"child_id": a.Children[0], "session_id": later})
	// B waits for s1 and books the class at 10:30 too: waiting is not being confirmed.
	wb := e.booked(b.Cookie, map[string]any{"child_id": b.Children[0], "session_id": s1})[0]
	e.booked(b.Cookie, map[string]any{"child_id": b.Children[0], "session_id": clash})
	// The 阅读 class is cancelled: A's booking ends with it and its seat counters are empty.
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+later, e.Coord, map[string]any{"status": "cancelled", "reason": "老师生病"}), nil)
	e.mustFail(http.StatusConflict, "booking_closed", "", e.book(b.Cookie, map[string]any{"child_id": b.Children[0], "session_id": later}))
	// Once s1 starts, B's place in line has expired.
	e.Clock.Set(ptAt(2026, 7, 6, 9, 30))
	got := e.myBookings(a.Cookie, "from=2026-07-06&to=2026-07-06")
	if len(got) != 2 || got[0].Status != "confirmed" || got[1].Status != "session_cancelled" || got[1].Session.Title != "阅读" {
		t.Fatalf("A lists %+v", got)
	}
	got = e.myBookings(b.Cookie, "child_id="+b.Children[0])
	if len(got) != 2 || got[0].ID != wb.ID || got[0].Status != "expired" || got[0].Position != 0 {
		t.Fatalf("B lists %+v", got)
	}
	if got := e.myBookings(b.Cookie, "from=2026-07-07"); len(got) != 0 {
		t.Fatalf("B lists %+v after 07-07", got)
	}
	e.checkCounters()
}

func TestBookingIdempotencyKey(t *testing.T) {
	e := newBookingEnv(t)
	s := e.class(5, "2026-07-06")[0]
	f := e.families(1, "2018-03-01")[0]
	body := map[string]any{"child_id": f.Children[0], "session_id": s}
	first := e.call("POST", "/api/v1/bookings", f.Cookie, body, "Idempotency-Key", "k-1")
	again := e.call("POST", "/api/v1/bookings", f.Cookie, body, "Idempotency-Key", "k-1")
	if first.Status != http.StatusCreated || again.Status != http.StatusCreated || string(first.Body) != string(again.Body) ||
		again.Header.Get("Idempotent-Replayed") != "true" || e.count("bookings") != 1 {
		t.Fatalf("first %d %s, again %d %s, %d rows", first.Status, first.Body, again.Status, again.Body, e.count("bookings"))
	}
}

// programOf returns the program id of a session.
func (e *bkEnv) programOf(session string) string {
	e.t.Helper()
	var id string
	if err := e.DB.ReadPool().QueryRow(`SELECT program_id FROM sessions WHERE id = ?`, session).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}
