package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Bookings implements linli.BookingService. Every change goes through the group commit (see
// batcher): its rules read the state inside the write transaction, so that seats are exact
// whatever the concurrency, and the CHECK on sessions.confirmed is only the last line of defence.
type Bookings struct{ *DB }

var _ linli.BookingService = Bookings{}

// bookingTarget is a session with its program's booking rules, its community, and its seats and
// line as the batch has them (see batchTx).
type bookingTarget struct {
	linli.BookingTarget
	communityID                   string
	waitlisted, arrivals, waiting int
	dirty                         bool // changed since read: the batch writes it when it settles
}

const targetQuery = `SELECT s.id, s.kind, s.status, s.starts_at, s.ends_at, s.local_date, s.capacity, s.confirmed, s.waitlisted,
	s.community_id, p.age_min, p.age_max, p.booking_opens_at, p.cancel_cutoff_minutes, p.waitlist, m.timezone,
	COALESCE(l.arrivals, 0), COALESCE(l.waiting, 0)
	FROM sessions s JOIN programs p ON p.id = s.program_id JOIN communities m ON m.id = s.community_id
	LEFT JOIN session_lines l ON l.session_id = s.id`

func scanTarget(r interface{ Scan(...any) error }) (*bookingTarget, error) {
	t := &bookingTarget{}
	var start, end instant
	var local, tz string
	var ageMin, ageMax sql.NullInt64
	var opens nullInstant
	err := r.Scan(&t.SessionID, &t.Kind, &t.Status, &start, &end, &local, &t.Capacity, &t.Confirmed, &t.waitlisted,
		&t.communityID, &ageMin, &ageMax, &opens, &t.CancelCutoffMinutes, &t.Waitlist, &tz, &t.arrivals, &t.waiting)
	if err != nil {
		return nil, err
	}
	loc := location(tz)
	t.StartsAt, t.EndsAt = start.In(loc), end.In(loc)
	t.LocalDate, _ = linli.ParseDate(local)
	t.AgeMin, t.AgeMax = nullInt(ageMin), nullInt(ageMax)
	if opens.Valid {
		at := opens.Time.In(loc)
		t.BookingOpensAt = &at
	}
	return t, nil
}

// readTarget reads a session with its booking rules; a missing one is 404 naming field.
func readTarget(ctx context.Context, tx *Tx, id, field string) (*bookingTarget, error) {
	missing := &linli.Error{Code: linli.ENotFound, Field: field, Message: "session not found"}
	if !validID(id) {
		return nil, missing
	}
	if err := tx.lock(ctx, "sessions", id); err != nil {
		return nil, err
	}
	t, err := scanTarget(tx.QueryRowContext(ctx, targetQuery+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, missing
	}
	return t, err
}

// findTarget is readTarget through the batch's copy of the sessions booked into.
func findTarget(ctx context.Context, tx *batchTx, id, field string) (*bookingTarget, error) {
	if t := tx.targets[id]; t != nil {
		return t, nil
	}
	t, err := readTarget(ctx, tx.Tx, id, field)
	if err == nil {
		tx.targets[id] = t
	}
	return t, err
}

// bookedChild is a child of a booking request as the rules of one session need it.
type bookedChild struct {
	id, field       string
	birth           linli.Date
	booked, overlap bool // already booked into the session; confirmed in one overlapping it
}

// checkChild reads a child a is a guardian of (else 404 naming field), with whether it is booked
// into the session t or confirmed in a session overlapping it; t may be empty.
func checkChild(ctx context.Context, tx *batchTx, a *linli.Actor, t *bookingTarget, id, field string) (bookedChild, error) {
	k := bookedChild{id: id, field: field}
	var birth string
	var mine bool
	err := sql.ErrNoRows
	if validID(id) {
		if err := tx.lock(ctx, "children", id); err != nil {
			return k, err
		}
		err = tx.QueryRowContext(ctx, `SELECT c.birth_date,
				EXISTS (SELECT 1 FROM bookings WHERE session_id = ?1 AND child_id = ?2 AND status IN ('confirmed', 'waitlisted')),
				EXISTS (SELECT 1 FROM sessions s WHERE s.id IN (SELECT session_id FROM bookings WHERE child_id = ?2 AND status = 'confirmed')
					AND s.id <> ?1 AND s.starts_at < ?3 AND s.ends_at > ?4),
				EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = ?2 AND g.user_id = ?5)
			FROM children c WHERE c.id = ?2`,
			t.SessionID, id, fmtTime(t.EndsAt), fmtTime(t.StartsAt), a.UserID()).Scan(&birth, &k.booked, &k.overlap, &mine)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return k, err
	}
	child := linli.Object{Kind: linli.ObjChild, Absent: err != nil, GuardianIDs: guardedBy(a, mine)}
	if err := linli.Authorize(a, linli.ActManageChild, child); err != nil {
		return k, withField(err, field)
	}
	k.birth, err = linli.ParseDate(birth)
	return k, err
}

// Book books children as r asks, in the next group commit.
func (s Bookings) Book(ctx context.Context, a *linli.Actor, r linli.BookingRequest) ([]linli.Booking, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	ids, err := r.Children()
	if err != nil {
		return nil, err
	}
	var out []linli.Booking
	if r.ProgramID != "" {
		err = s.inBatch(ctx, func(ctx context.Context, tx *batchTx) (err error) {
			out, err = bookProgram(ctx, tx, a, r.ProgramID, ids[0])
			return err
		})
	} else {
		err = s.inBatchShared(ctx, func(ctx context.Context, tx seatTx) (err error) {
			out, err = bookOne(ctx, tx, a, &r, ids)
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// bookOne books one child or a sibling group into r's session.
func bookOne(ctx context.Context, tx seatTx, a *linli.Actor, r *linli.BookingRequest, ids []string) ([]linli.Booking, error) {
	t, err := tx.target(ctx, r.SessionID, "session_id")
	if err == nil {
		err = withField(linli.Authorize(a, linli.ActBookSeat, linli.Object{Kind: linli.ObjSession, CommunityID: t.communityID, ProgramKind: t.Kind}), "session_id")
	}
	if err != nil {
		return nil, err
	}
	kids := make([]bookedChild, len(ids))
	for i, id := range ids {
		if kids[i], err = tx.child(ctx, a, t, id, r.ChildField(i)); err != nil {
			return nil, err
		}
	}
	return bookSession(ctx, tx, a, t, kids)
}

// bookProgram books one child into every future scheduled session of a program, each decided
// on its own in a savepoint: the answer lists the bookings made and the sessions refused, with
// why. When every session is refused, the first refusal is the error.
func bookProgram(ctx context.Context, tx *batchTx, a *linli.Actor, programID, childID string) ([]linli.Booking, error) {
	row, err := findProgram(ctx, tx, programID)
	if err == nil {
		err = linli.Authorize(a, linli.ActBookSeat, linli.Object{Kind: linli.ObjProgram, CommunityID: row.CommunityID, ProgramKind: row.Kind})
	}
	if err != nil {
		return nil, withField(err, "program_id")
	}
	if _, err := checkChild(ctx, tx, a, &bookingTarget{}, childID, "child_id"); err != nil {
		return nil, err
	}
	if err := tx.lockWhere(ctx, "sessions", `program_id = ? AND status = 'scheduled' AND starts_at > ?`, programID, fmtTime(tx.Now)); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, targetQuery+` WHERE s.program_id = ? AND s.status = 'scheduled' AND s.starts_at > ?
		ORDER BY s.starts_at, s.id`, programID, fmtTime(tx.Now))
	if err != nil {
		return nil, err
	}
	var targets []*bookingTarget
	for rows.Next() {
		t, err := scanTarget(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		targets = append(targets, t)
		tx.targets[t.SessionID] = t
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, &linli.Error{Code: linli.EBookingClosed, Field: "program_id", Message: "the program has no future sessions to book"}
	}
	var out []linli.Booking
	var first error
	booked := 0
	for _, t := range targets {
		var made []linli.Booking
		err := savepoint(ctx, tx.Tx, "session", func() error {
			kid, err := checkChild(ctx, tx, a, t, childID, "child_id")
			if err == nil {
				made, err = bookSession(ctx, tx, a, t, []bookedChild{kid})
			}
			return err
		})
		var le *linli.Error
		switch {
		case errors.As(err, &le):
			first = cmp.Or(first, err)
			out = append(out, linli.Booking{ChildID: childID, SessionID: t.SessionID, Error: &linli.Refusal{Code: le.Code, Message: le.Message}})
		case err != nil:
			return nil, err
		default:
			booked++
			out = append(out, made...)
		}
	}
	if booked == 0 {
		var le *linli.Error
		if errors.As(first, &le) && le.Field == "session_id" {
			// A refusal of the sessions themselves (an adults' event) is a refusal of the program asked for.
			return nil, &linli.Error{Code: le.Code, Message: le.Message, Field: "program_id"}
		}
		return nil, first
	}
	return out, nil
}

// withField names the field at fault in a domain error that names none.
func withField(err error, field string) error {
	var le *linli.Error
	if errors.As(err, &le) && le.Field == "" {
		return &linli.Error{Code: le.Code, Message: le.Message, Field: field}
	}
	return err
}

// bookSession books kids into the session t as one unit, if the rules allow: all confirmed, or all
// in line at one shared place, or none (see seatTx.seat).
func bookSession(ctx context.Context, tx seatTx, a *linli.Actor, t *bookingTarget, kids []bookedChild) ([]linli.Booking, error) {
	if err := t.CheckOpen(tx.now()); err != nil {
		return nil, err
	}
	for _, k := range kids {
		if err := t.CheckAge(k.birth); err != nil {
			return nil, withField(err, k.field)
		}
		switch {
		case k.booked:
			return nil, &linli.Error{Code: linli.EAlreadyBooked, Field: k.field, Message: "the child is already booked into this session"}
		case k.overlap:
			return nil, &linli.Error{Code: linli.EOverlap, Field: k.field, Message: "the child is already confirmed in a session at that time"}
		}
	}
	return tx.seat(ctx, a, t, kids)
}

// bookingDetail is what the audit log keeps of a new booking: ids, status and place in line.
type bookingDetail struct {
	SessionID        string `json:"session_id"`
	ChildID          string `json:"child_id"`
	Status           string `json:"status"`
	WaitlistPosition int    `json:"waitlist_position,omitempty"`
	Siblings         int    `json:"siblings,omitempty"`
}

func newBookingDetail(b linli.Booking, group int) bookingDetail {
	d := bookingDetail{SessionID: b.SessionID, ChildID: b.ChildID, Status: b.Status, WaitlistPosition: b.WaitlistPosition}
	if group > 1 {
		d.Siblings = group
	}
	return d
}
