package storage

import (
	"context"
	"time"

	"github.com/linli/linli/internal/linli"
)

// seatTx is all that a shared job of the group commit may do (see inBatchShared): read what a
// booking needs and book children into sessions through the batch's copy of them. It has no Exec
// and no way to the transaction beneath: only the batch writes seat counters and lines, when it
// settles the copy. *batchTx implements it; a transaction of one booking could too.
type seatTx interface {
	// now is the time of the transaction.
	now() time.Time
	// target reads a session with its booking rules, through the copy; a missing one is 404
	// naming field.
	target(ctx context.Context, id, field string) (*bookingTarget, error)
	// child reads a child a is a guardian of for a booking into t (see findChild).
	child(ctx context.Context, a *linli.Actor, t *bookingTarget, id, field string) (linli.BookingChild, error)
	// seat books kids into t as one unit, on the seats or in line as t has room, and writes their
	// booking rows; t's seats, line and audit entries change when the job ends well.
	seat(ctx context.Context, a *linli.Actor, t *bookingTarget, kids []linli.BookingChild) ([]linli.Booking, error)
}

var _ seatTx = (*batchTx)(nil)

// The statements of a booking are short (reads by key, an insert); the methods of seatTx run them
// without the job's deadline, as go-sqlite3 runs a statement that can be cancelled through a
// slower path (a goroutine per Exec, a step per call into C): BenchmarkBookingBatch lost up to a
// sixth of its rate with it. A stuck job is abandoned all the same (see batcher.runAll).

func (tx *batchTx) now() time.Time { return tx.Now }

func (tx *batchTx) target(ctx context.Context, id, field string) (*bookingTarget, error) {
	return findTarget(context.WithoutCancel(ctx), tx, id, field)
}

func (tx *batchTx) child(ctx context.Context, a *linli.Actor, t *bookingTarget, id, field string) (linli.BookingChild, error) {
	return findChild(context.WithoutCancel(ctx), tx, a, t, id, field)
}

// seat writes the booking rows at once, so that a later job of the batch finds them; the seats,
// the line and the audit entries change the batch's copy of t when the job ends well.
func (tx *batchTx) seat(ctx context.Context, a *linli.Actor, t *bookingTarget, kids []linli.BookingChild) ([]linli.Booking, error) {
	ctx = context.WithoutCancel(ctx)
	status, err := t.Seat(len(kids))
	if err != nil {
		return nil, err
	}
	waiting := status == linli.BookingWaitlisted
	arrival, position := t.arrivals+1, 0
	if waiting {
		position = t.waiting + 1
	}
	out := make([]linli.Booking, len(kids))
	now, at := fmtTime(tx.Now), tx.Now.In(t.StartsAt.Location())
	tx.wrote = true
	for i, k := range kids {
		b := linli.Booking{ID: newID(), ChildID: k.ID, SessionID: t.SessionID, Status: status, WaitlistPosition: position, CreatedAt: at, UpdatedAt: at}
		if _, err := tx.ExecContext(ctx, `INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, b.ID, b.SessionID, b.ChildID, arrival, status, now, now); err != nil {
			return nil, err
		}
		entry := stagedAudit{actorID: a.UserID(), communityID: t.communityID, action: "booking.create", objectType: "booking", objectID: b.ID}
		if err := tx.auditLater(entry, newBookingDetail(b, len(kids))); err != nil {
			return nil, err
		}
		out[i] = b
	}
	tx.stage(func() {
		t.arrivals, t.dirty = arrival, true
		if waiting {
			t.waitlisted, t.waiting = t.waitlisted+len(kids), position
		} else {
			t.Confirmed += len(kids)
		}
	})
	return out, nil
}
