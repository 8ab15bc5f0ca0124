package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
)

// bkAnswer is one concurrent booking attempt's answer.
type bkAnswer struct {
	Status   int
	Code     string
	Bookings []bkBooking
}

// attempt books body as cookie from any goroutine.
func (e *bkEnv) attempt(cookie string, body map[string]any) bkAnswer {
	r, err := e.try("POST", "/api/v1/bookings", cookie, body)
	if err != nil {
		return bkAnswer{Code: err.Error()}
	}
	var out struct {
		Bookings []bkBooking
		Error    struct{ Code string }
	}
	json.Unmarshal(r.Body, &out)
	return bkAnswer{Status: r.Status, Code: out.Error.Code, Bookings: out.Bookings}
}

func TestBookingRushNeverOversells(t *testing.T) {
	e := newBookingEnv(t)
	session := e.class(20, "2026-07-06")[0]
	fams := e.families(500, "2018-03-01")
	answers := make([]bkAnswer, len(fams))
	concurrently(len(fams), func(i int) {
		answers[i] = e.attempt(fams[i].Cookie, map[string]any{"child_id": fams[i].Children[0], "session_id": session})
	})
	confirmed, positions := 0, []int{}
	for i, a := range answers {
		if a.Status != http.StatusCreated || len(a.Bookings) != 1 {
			t.Fatalf("family %d: %+v", i, a)
		}
		switch b := a.Bookings[0]; b.Status {
		case "confirmed":
			confirmed++
		case "waitlisted":
			positions = append(positions, b.Position)
		default:
			t.Fatalf("family %d: status %q", i, b.Status)
		}
	}
	slices.Sort(positions)
	if confirmed != 20 || len(positions) != 480 || positions[0] != 1 || positions[479] != 480 || len(slices.Compact(positions)) != 480 {
		t.Fatalf("%d confirmed, %d waitlisted at positions %v…", confirmed, len(positions), positions[:min(5, len(positions))])
	}
	// Nobody left the line, so each family still sees the place it was given.
	for i, f := range fams[:50] {
		if got := e.myBookings(f.Cookie, ""); len(got) != 1 || got[0].Position != answers[i].Bookings[0].Position {
			t.Fatalf("family %d lists %+v, was answered %+v", i, got, answers[i].Bookings[0])
		}
	}
	e.checkCounters()
}

func TestBookingSameChildAtOnce(t *testing.T) {
	e := newBookingEnv(t)
	session := e.class(20, "2026-07-06")[0]
	f := e.families(1, "2018-03-01")[0]
	answers := make([]bkAnswer, 50)
	concurrently(50, func(i int) {
		answers[i] = e.attempt(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": session})
	})
	created, refused := 0, 0
	for _, a := range answers {
		switch {
		case a.Status == http.StatusCreated:
			created++
		case a.Status == http.StatusConflict && a.Code == "already_booked":
			refused++
		default:
			t.Fatalf("unexpected answer %+v", a)
		}
	}
	if created != 1 || refused != 49 || e.count("bookings") != 1 {
		t.Fatalf("%d created, %d already_booked, %d rows", created, refused, e.count("bookings"))
	}
	e.checkCounters()
}

func TestBookingCancelsAndBookingsAtOnce(t *testing.T) {
	e := newBookingEnv(t)
	session := e.class(20, "2026-07-06")[0]
	fams := e.families(140, "2018-03-01")
	var first []bkBooking
	for _, f := range fams[:40] {
		first = append(first, e.booked(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": session})...)
	}
	// 30 families cancel (20 confirmed, 10 in line) while 100 others book.
	answers := make([]bkAnswer, 130)
	concurrently(130, func(i int) {
		if i < 30 {
			r, err := e.try("DELETE", "/api/v1/bookings/"+first[i].ID, fams[i].Cookie, nil)
			if err == nil {
				answers[i] = bkAnswer{Status: r.Status}
			}
			return
		}
		f := fams[40+i-30]
		answers[i] = e.attempt(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": session})
	})
	for i, a := range answers {
		if i < 30 && a.Status != http.StatusNoContent || i >= 30 && a.Status != http.StatusCreated {
			t.Fatalf("request %d: %+v", i, a)
		}
	}
	e.checkCounters()
	var confirmed int
	if err := e.DB.ReadPool().QueryRow(`SELECT confirmed FROM sessions WHERE id = ?`, session).Scan(&confirmed); err != nil || confirmed != 20 {
		t.Fatalf("%d seats taken after the rush (%v); the line should have filled all 20", confirmed, err)
	}
}

func TestBookingSiblingsUnderContention(t *testing.T) {
	e := newBookingEnv(t)
	session := e.class(25, "2026-07-06")[0]
	twins := e.families(60, "2018-03-01", "2018-03-01")
	triplets := e.families(40, "2017-05-01", "2018-05-01", "2019-05-01")
	fams := append(twins, triplets...)
	answers := make([]bkAnswer, len(fams))
	concurrently(len(fams), func(i int) {
		answers[i] = e.attempt(fams[i].Cookie, map[string]any{"child_ids": fams[i].Children, "session_id": session})
	})
	seats, places := 0, map[int]bool{}
	for i, a := range answers {
		if a.Status != http.StatusCreated || len(a.Bookings) != len(fams[i].Children) {
			t.Fatalf("family %d: %+v", i, a)
		}
		for _, b := range a.Bookings[1:] {
			if b.Status != a.Bookings[0].Status || b.Position != a.Bookings[0].Position {
				t.Fatalf("family %d was split: %+v", i, a.Bookings)
			}
		}
		if a.Bookings[0].Status == "confirmed" {
			seats += len(a.Bookings)
		} else if places[a.Bookings[0].Position] {
			t.Fatalf("two groups at place %d", a.Bookings[0].Position)
		} else {
			places[a.Bookings[0].Position] = true
		}
	}
	if seats > 25 || len(places) == 0 || !places[len(places)] {
		t.Fatalf("%d seats taken; places in line %v", seats, places)
	}
	e.checkCounters()
	// Confirmed families cancel one child each, all at once: groups are promoted whole or not at all.
	var cancels []string
	var cookies []string
	for i, a := range answers {
		if a.Bookings[0].Status == "confirmed" {
			cancels, cookies = append(cancels, a.Bookings[0].ID), append(cookies, fams[i].Cookie)
		}
	}
	concurrently(len(cancels), func(i int) { e.try("DELETE", "/api/v1/bookings/"+cancels[i], cookies[i], nil) })
	e.checkCounters()
	rows, err := e.DB.ReadPool().Query(`SELECT arrival, COUNT(DISTINCT status) FROM bookings WHERE status <> 'cancelled' GROUP BY arrival`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var arrival, statuses int
		rows.Scan(&arrival, &statuses)
		if statuses != 1 {
			t.Fatalf("the group that arrived %d-th was split", arrival)
		}
	}
}

func TestBookingProgramsAndSessionsAtOnce(t *testing.T) {
	e := newBookingEnv(t)
	days := e.class(10, "2026-07-08")
	program := e.programOf(days[0])
	fams := e.families(60, "2018-03-01")
	answers := make([]bkAnswer, len(fams))
	// Families book one day, the whole program, or cancel, all at once: each kind of request
	// shares or settles the batch's copy of the sessions.
	concurrently(len(fams), func(i int) {
		f := fams[i]
		if i%3 == 0 {
			answers[i] = e.attempt(f.Cookie, map[string]any{"child_id": f.Children[0], "program_id": program})
			return
		}
		answers[i] = e.attempt(f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": days[i%3]})
		if i%5 == 0 && answers[i].Status == http.StatusCreated {
			e.try("DELETE", "/api/v1/bookings/"+answers[i].Bookings[0].ID, f.Cookie, nil)
		}
	})
	for i, a := range answers {
		if a.Status != http.StatusCreated {
			t.Fatalf("family %d: %+v", i, a)
		}
	}
	e.checkCounters()
	for _, s := range days {
		var confirmed, waitlisted int
		e.DB.ReadPool().QueryRow(`SELECT confirmed, waitlisted FROM sessions WHERE id = ?`, s).Scan(&confirmed, &waitlisted)
		if confirmed != 10 && waitlisted > 0 {
			t.Fatalf("session %s: %d confirmed with %d waiting", s, confirmed, waitlisted)
		}
	}
}
