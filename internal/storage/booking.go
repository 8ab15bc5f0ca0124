package storage

import (
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
	COALESCE(l.arrivals, 0), COALESCE(l.waiting, 0), ` + roundGateColumns + `
	FROM sessions s JOIN programs p ON p.id = s.program_id JOIN communities m ON m.id = s.community_id
	LEFT JOIN session_lines l ON l.session_id = s.id`

func scanTarget(r interface{ Scan(...any) error }) (*bookingTarget, error) {
	t := &bookingTarget{}
	var start, end instant
	var local, tz string
	var ageMin, ageMax sql.NullInt64
	var opens, roundOpens nullInstant
	err := r.Scan(&t.SessionID, &t.Kind, &t.Status, &start, &end, &local, &t.Capacity, &t.Confirmed, &t.waitlisted,
		&t.communityID, &ageMin, &ageMax, &opens, &t.CancelCutoffMinutes, &t.Waitlist, &tz, &t.arrivals, &t.waiting,
		&t.Round.Undrawn, &roundOpens)
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
	if roundOpens.Valid {
		at := roundOpens.Time.In(loc)
		t.Round.OpensAt = &at
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

// findChild reads a child a is a guardian of, as the booking rules need it to be booked into t:
// with its active bookings of the sessions overlapping t's time (t among them; found in one index
// range, as sessions last at most linli.MaxSessionLength), none when t is nil. The child's row is
// taken first (Tx.lock), so that two bookings of one child run one after the other. A child a may
// not manage is 404 naming field (linli.Authorize).
//
// The join's parameters are CASTs so that the statement is prepared once per connection: a plan
// of a join may depend on the value of a bare `col = ?` (SQLite notes it in the statement), and
// such a statement is prepared again each time go-sqlite3 clears its bindings to cache it. The
// parsing and planning again cost each booking some 60 µs.
func findChild(ctx context.Context, tx *batchTx, a *linli.Actor, t *bookingTarget, id, field string) (linli.BookingChild, error) {
	k := linli.BookingChild{ID: id, Field: field}
	from, until, start := "", "", ""
	if t != nil {
		from, until, start = fmtTime(t.StartsAt.Add(-linli.MaxSessionLength)), fmtTime(t.EndsAt), fmtTime(t.StartsAt)
	}
	found, mine := false, false
	if validID(id) {
		if err := tx.lock(ctx, "children", id); err != nil {
			return k, err
		}
		rows, err := tx.QueryContext(ctx, `SELECT c.birth_date, EXISTS (SELECT 1 FROM child_guardians g WHERE g.child_id = c.id AND g.user_id = ?2),
				NULL, NULL, NULL, NULL FROM children c WHERE c.id = ?1
			UNION ALL
			SELECT NULL, NULL, b.session_id, b.status, s.starts_at, s.ends_at FROM bookings b JOIN sessions s ON s.id = b.session_id
				WHERE b.child_id = CAST(?1 AS TEXT) AND b.status IN ('confirmed', 'waitlisted')
				AND s.starts_at > CAST(?3 AS TEXT) AND s.starts_at < CAST(?4 AS TEXT) AND s.ends_at > CAST(?5 AS TEXT)
			UNION ALL `+roundWishSessions,
			id, a.UserID(), from, until, start)
		if err != nil {
			return k, err
		}
		defer rows.Close()
		for rows.Next() {
			var birth, session, status sql.NullString
			var guardian sql.NullBool
			var start, end nullInstant
			if err := rows.Scan(&birth, &guardian, &session, &status, &start, &end); err != nil {
				return k, err
			}
			if birth.Valid {
				if k.Birth, err = linli.ParseDate(birth.String); err != nil {
					return k, err
				}
				found, mine = true, guardian.Bool
			} else {
				k.Bookings = append(k.Bookings, linli.ChildBooking{SessionID: session.String, Status: status.String, StartsAt: start.Time, EndsAt: end.Time})
			}
		}
		if err := rows.Err(); err != nil {
			return k, err
		}
	}
	child := linli.Object{Kind: linli.ObjChild, Absent: !found, GuardianIDs: guardedBy(a, mine)}
	if err := linli.Authorize(a, linli.ActManageChild, child); err != nil {
		return linli.BookingChild{ID: id, Field: field}, withField(err, field)
	}
	return k, nil
}

// Book books children as r asks, in the next group commit.
func (s Bookings) Book(ctx context.Context, a *linli.Actor, in linli.Input[linli.BookingRequest]) ([]linli.Booking, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	r, err := in()
	if err != nil {
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
	kids := make([]linli.BookingChild, len(ids))
	for i, id := range ids {
		if kids[i], err = tx.child(ctx, a, t, id, r.ChildField(i)); err != nil {
			return nil, err
		}
	}
	return bookSession(ctx, tx, a, t, kids)
}

// bookProgram books one child into every future scheduled session of a program, each decided
// on its own in a savepoint; linli.ProgramBooking makes the answer of the outcomes.
func bookProgram(ctx context.Context, tx *batchTx, a *linli.Actor, programID, childID string) ([]linli.Booking, error) {
	row, err := findProgram(ctx, tx, programID)
	if err == nil {
		err = linli.Authorize(a, linli.ActBookSeat, linli.Object{Kind: linli.ObjProgram, CommunityID: row.CommunityID, ProgramKind: row.Kind})
	}
	if err != nil {
		return nil, withField(err, "program_id")
	}
	if _, err := findChild(ctx, tx, a, nil, childID, "child_id"); err != nil {
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
	outcomes := make([]linli.SessionOutcome, len(targets))
	for i, t := range targets {
		o := &outcomes[i]
		o.SessionID = t.SessionID
		err := savepoint(ctx, tx.Tx, "session", func() error {
			kid, err := findChild(ctx, tx, a, t, childID, "child_id")
			if err == nil {
				o.Made, err = bookSession(ctx, tx, a, t, []linli.BookingChild{kid})
			}
			return err
		})
		if err != nil && !errors.As(err, &o.Refused) {
			return nil, err
		}
	}
	return linli.ProgramBooking(childID, outcomes)
}

// withField names the field at fault in a domain error that names none.
func withField(err error, field string) error {
	var le *linli.Error
	if errors.As(err, &le) && le.Field == "" {
		return &linli.Error{Code: le.Code, Message: le.Message, Field: field}
	}
	return err
}

// bookSession books kids into the session t as one unit, if the rules allow (linli's
// CheckBooking): all confirmed, or all in line at one shared place, or none (see seatTx.seat).
func bookSession(ctx context.Context, tx seatTx, a *linli.Actor, t *bookingTarget, kids []linli.BookingChild) ([]linli.Booking, error) {
	if err := t.CheckBooking(kids, tx.now()); err != nil {
		return nil, err
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
