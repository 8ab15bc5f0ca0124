package api_test

import (
	"time"

	"github.com/google/uuid"
)

// The rounds of these tests are stored directly: they test how a round at each of its steps
// changes booking and planning, not how it gets there (the rounds' own tests do that).

// rcTime writes an instant as storage keeps it.
func rcTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// rcRound is a round stored for a test: its id and when it closed (zero: not closed).
type rcRound struct {
	ID     string
	Closed time.Time
}

// rcProgram creates a holiday class for ages 6–9 with seats, 09:00–11:00 (or the times given)
// each day from 2026-07-06 to until, and returns its id and its session ids in time order.
func (e *bkEnv) rcProgram(title string, seats int, until string, times ...string) (string, []string) {
	e.t.Helper()
	start, end := "09:00", "11:00"
	if len(times) == 2 {
		start, end = times[0], times[1]
	}
	res := e.createProgram(ptProgram("holiday_class", title, ptSchedule("2026-07-06", until, start, end, "all_days"), func(p map[string]any) {
		p["capacity"], p["age_min"], p["age_max"] = seats, 6, 9
	}))
	var ids []string
	for _, s := range e.sessions(e.Coord, "program_id="+res.Program.ID) {
		ids = append(ids, s.ID)
	}
	return res.Program.ID, ids
}

// rcRound stores a round of programs, opened a day before the clock, with maxPlaces places per
// child; closed, it closed an hour before the clock.
func (e *bkEnv) rcRound(maxPlaces int, closed bool, programs ...string) rcRound {
	e.t.Helper()
	now := e.Clock.Now()
	r := rcRound{ID: uuid.NewString()}
	var closedAt any
	closes := now.Add(24 * time.Hour)
	if closed {
		r.Closed, closes = now.Add(-time.Hour), now.Add(-time.Hour)
		closedAt = rcTime(r.Closed)
	}
	e.exec(`INSERT INTO rounds (id, community_id, title, opens_at, closes_at, draw_at, max_wishes, max_places_per_child,
		closed_at, created_at, updated_at) VALUES (?, ?, '暑期书法课报名', ?, ?, ?, 3, ?, ?, ?, ?)`,
		r.ID, e.Community, rcTime(now.Add(-24*time.Hour)), rcTime(closes), rcTime(closes.Add(time.Hour)), maxPlaces, closedAt,
		rcTime(now.Add(-48*time.Hour)), rcTime(now.Add(-48*time.Hour)))
	for _, p := range programs {
		e.exec(`INSERT INTO round_programs (round_id, program_id) VALUES (?, ?)`, r.ID, p)
	}
	return r
}

// rcDraw marks the round drawn now, its seats left opening first come at openAfter (zero: at the
// draw).
func (e *bkEnv) rcDraw(r rcRound, openAfter time.Time) {
	e.t.Helper()
	var open any
	if !openAfter.IsZero() {
		open = rcTime(openAfter)
	}
	e.exec(`UPDATE rounds SET drawn_at = ?, open_after_draw_at = ? WHERE id = ?`, rcTime(e.Clock.Now()), open, r.ID)
}

// rcApply stores an application of the children with ranked wishes and returns its id.
func (e *bkEnv) rcApply(r rcRound, children []string, wishes ...string) string {
	e.t.Helper()
	id, now := uuid.NewString(), rcTime(e.Clock.Now())
	e.exec(`INSERT INTO round_applications (id, round_id, size, priority_rank, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)`,
		id, r.ID, len(children), now, now)
	for _, c := range children {
		e.exec(`INSERT INTO round_application_children (application_id, round_id, child_id) VALUES (?, ?, ?)`, id, r.ID, c)
	}
	for i, p := range wishes {
		e.exec(`INSERT INTO round_wishes (application_id, rank, program_id) VALUES (?, ?, ?)`, id, i+1, p)
	}
	return id
}

// rcPlace stores a drawn place of the application in the program: a confirmed booking of each
// child in each of the sessions given, as the draw books them. It returns the booking ids.
func (e *bkEnv) rcPlace(r rcRound, application string, children []string, program string, sessions []string) []string {
	e.t.Helper()
	place, now := uuid.NewString(), rcTime(e.Clock.Now())
	e.exec(`INSERT INTO round_places (id, round_id, application_id, program_id, status, drawn, created_at, updated_at)
		VALUES (?, ?, ?, ?, 'placed', 1, ?, ?)`, place, r.ID, application, program, now, now)
	var ids []string
	for _, s := range sessions {
		for _, c := range children {
			id := uuid.NewString()
			e.exec(`INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at, round_place_id)
				VALUES (?, ?, ?, 0, 'confirmed', ?, ?, ?)`, id, s, c, now, now, place)
			ids = append(ids, id)
		}
		e.exec(`UPDATE sessions SET confirmed = confirmed + ? WHERE id = ?`, len(children), s)
	}
	return ids
}

// rcWait stores the application at position in the program's waiting list of the round.
func (e *bkEnv) rcWait(r rcRound, program, application string, position int) {
	e.t.Helper()
	e.exec(`INSERT INTO round_waitlist (round_id, program_id, application_id, position) VALUES (?, ?, ?, ?)`, r.ID, program, application, position)
}

// rcQuery reads one value from the database.
func (e *bkEnv) rcQuery(out any, query string, args ...any) {
	e.t.Helper()
	if err := e.DB.ReadPool().QueryRow(query, args...).Scan(out); err != nil {
		e.t.Fatal(err)
	}
}

// rcPromotedNotices counts the booking_promoted notifications of a user.
func (e *bkEnv) rcPromotedNotices(userID string) int {
	e.t.Helper()
	var n int
	e.rcQuery(&n, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = 'booking_promoted'`, userID)
	return n
}
