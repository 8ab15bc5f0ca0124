package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/linli/linli/internal/linli"
)

func TestBookingAuthorization(t *testing.T) {
	e := newBookingEnv(t)
	s := e.class(1, "2026-07-06", func(p map[string]any) { p["cancel_cutoff_minutes"] = 24 * 60 })[0]
	fams := e.families(2, "2018-03-01")
	a, b := fams[0], fams[1]
	ba := e.booked(a.Cookie, map[string]any{"child_id": a.Children[0], "session_id": s})[0]
	wb := e.booked(b.Cookie, map[string]any{"child_id": b.Children[0], "session_id": s})[0]

	// Parent B sees neither A's child nor its bookings, and cannot cancel them.
	e.mustFail(http.StatusNotFound, "not_found", "child_id", e.call("GET", "/api/v1/bookings?child_id="+a.Children[0], b.Cookie, nil))
	if got := e.myBookings(b.Cookie, ""); len(got) != 1 || got[0].ID != wb.ID {
		t.Fatalf("B lists %+v", got)
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/bookings/"+ba.ID, b.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "child_ids[1]", e.call("POST", "/api/v1/bookings", b.Cookie,
		map[string]any{"child_ids": []string{b.Children[0], a.Children[0]}, "session_id": s}))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/children/"+a.Children[0]+"/export", b.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/children/"+a.Children[0], b.Cookie, nil))

	// A teacher of the community and the coordinator of another community cannot cancel it either.
	_, teacher := e.member("李明", "13800000002", "teacher", "school_teacher")
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/bookings/"+ba.ID, teacher, nil))
	var c struct{ Community linli.Community }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "光明社区"}), &c)
	far := e.register("孙静", "13800000009")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+c.Community.ID+"/members", e.Admin, map[string]any{"user_id": far, "role": "coordinator"}), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/bookings/"+ba.ID, e.login("13800000009"), nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("DELETE", "/api/v1/bookings/"+ba.ID, "", nil))
	if e.status(ba.ID) != "confirmed" || e.status(wb.ID) != "waitlisted" {
		t.Fatal("a refused cancel changed a booking")
	}

	// The session's own coordinator may, after the guardians' cutoff: B moves up.
	e.Clock.Set(ptAt(2026, 7, 5, 20, 0))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+ba.ID, e.Coord, nil), nil)
	if e.status(ba.ID) != "cancelled" || e.status(wb.ID) != "confirmed" {
		t.Fatalf("after the office cancelled: A %s, B %s", e.status(ba.ID), e.status(wb.ID))
	}
	var detail string
	e.DB.ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'booking.cancel' AND object_id = ?`, ba.ID).Scan(&detail)
	var by struct{ By string }
	json.Unmarshal([]byte(detail), &by)
	if by.By != "office" {
		t.Fatalf("the audit log says the cancel was by %q", by.By)
	}
}

func TestBookingBadInput(t *testing.T) {
	e := newBookingEnv(t)
	s := e.class(5, "2026-07-06")[0]
	program := e.programOf(s)
	fams := e.families(2, "2018-03-01", "2019-03-01")
	a, other := fams[0], fams[1]
	kid, kid2 := a.Children[0], a.Children[1]
	unknown := "0190c8e4-7f2a-7000-8000-000000000000"
	for _, tc := range []struct {
		name   string
		body   any
		status int
		code   string
		field  string
	}{
		{"unknown session", map[string]any{"child_id": kid, "session_id": unknown}, 404, "not_found", "session_id"},
		{"a program id as session_id", map[string]any{"child_id": kid, "session_id": program}, 404, "not_found", "session_id"},
		{"a session id as program_id", map[string]any{"child_id": kid, "program_id": s}, 404, "not_found", "program_id"},
		{"not an id", map[string]any{"child_id": kid, "session_id": "'; DROP TABLE bookings; --"}, 404, "not_found", "session_id"},
		{"unknown child", map[string]any{"child_id": unknown, "session_id": s}, 404, "not_found", "child_id"},
		{"a session id as child_id", map[string]any{"child_id": s, "session_id": s}, 404, "not_found", "child_id"},
		{"another family's child", map[string]any{"child_id": other.Children[0], "session_id": s}, 404, "not_found", "child_id"},
		{"another family's sibling", map[string]any{"child_ids": []string{kid, other.Children[1]}, "session_id": s}, 404, "not_found", "child_ids[1]"},
		{"both child_id and child_ids", map[string]any{"child_id": kid, "child_ids": []string{kid2}, "session_id": s}, 400, "invalid", "child_ids"},
		{"empty child_ids", map[string]any{"child_ids": []string{}, "session_id": s}, 400, "invalid", "child_ids"},
		{"duplicate child", map[string]any{"child_ids": []string{kid, kid2, kid}, "session_id": s}, 400, "invalid", "child_ids[2]"},
		{"no child", map[string]any{"session_id": s}, 400, "invalid", "child_id"},
		{"no session", map[string]any{"child_id": kid}, 400, "invalid", "session_id"},
		{"session and program", map[string]any{"child_id": kid, "session_id": s, "program_id": program}, 400, "invalid", "program_id"},
		{"a number as child_id", map[string]any{"child_id": 7, "session_id": s}, 400, "invalid", "child_id"},
		{"unknown field", map[string]any{"child_id": kid, "session_id": s, "seats": 2}, 400, "invalid", "seats"},
		{"malformed JSON", `{"child_id": "`, 400, "invalid", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.t = t
			e.mustFail(tc.status, tc.code, tc.field, e.call("POST", "/api/v1/bookings", a.Cookie, tc.body))
		})
	}
	e.t = t
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/bookings", "", map[string]any{"child_id": kid, "session_id": s}))
	e.mustFail(http.StatusBadRequest, "invalid", "from", e.call("GET", "/api/v1/bookings?from=07-01", a.Cookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "cursor", e.call("GET", "/api/v1/bookings?cursor=bm9wZQ", a.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/bookings/"+s, a.Cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/bookings/not-an-id", a.Cookie, nil))
	var audited int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'booking.%'`).Scan(&audited)
	if n := e.count("bookings"); n != 0 || audited != 0 {
		t.Fatalf("refused requests wrote %d bookings and %d audit entries", n, audited)
	}
	e.checkCounters()
}
