package storage

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// queueCalls starts each call on its own goroutine once the previous one's request is queued at
// a held writer, and returns a function that waits for their answers.
func queueCalls(d *DB, calls ...func() error) (wait func() []error) {
	errs := make([]error, len(calls))
	var wg sync.WaitGroup
	queued := len(d.batch.jobs)
	for i, call := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = call()
		}()
		for len(d.batch.jobs) < queued+i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	return func() []error {
		wg.Wait()
		return errs
	}
}

// bookCalls is one booking request per family, each of its child into the session.
func bookCalls(d *DB, session string, parents []*linli.Actor, kids []string) []func() error {
	calls := make([]func() error, len(kids))
	for i := range kids {
		calls[i] = func() error {
			_, err := Bookings{d}.Book(context.Background(), parents[i], linli.Given(linli.BookingRequest{ChildID: kids[i], SessionID: session}))
			return err
		}
	}
	return calls
}

// checkSeats fails unless the session's counters and line equal its booking rows, and there is
// one audit entry per booking.
func checkSeats(t *testing.T, d *DB, session string, confirmed, waitlisted int) {
	t.Helper()
	var c, w, l, rc, rw, rl, audits int
	d.read.QueryRow(`SELECT s.confirmed, s.waitlisted, l.waiting FROM sessions s JOIN session_lines l ON l.session_id = s.id WHERE s.id = ?`, session).Scan(&c, &w, &l)
	d.read.QueryRow(`SELECT COUNT(*) FILTER (WHERE status = 'confirmed'), COUNT(*) FILTER (WHERE status = 'waitlisted'),
		COUNT(DISTINCT CASE WHEN status = 'waitlisted' THEN arrival END) FROM bookings WHERE session_id = ?`, session).Scan(&rc, &rw, &rl)
	d.read.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'booking.create'`).Scan(&audits)
	if c != confirmed || w != waitlisted || c != rc || w != rw || l != rl || audits != rc+rw {
		t.Fatalf("counters %d confirmed, %d waitlisted, %d in line; rows %d, %d, %d; %d audit entries; want %d confirmed, %d waitlisted",
			c, w, l, rc, rw, rl, audits, confirmed, waitlisted)
	}
}

func TestBatchOfBookingsSurvivesJobsThatBreakIt(t *testing.T) {
	d := openSQLiteTest(t)
	openOrphans(t, d)
	session, parents, kids := seedRush(t, d, 30, 100)
	release := holdWriter(t, d)
	calls := bookCalls(d, session, parents, kids)
	calls = append(calls[:40:40], append([]func() error{func() error { return d.inBatch(context.Background(), breakTx) }}, calls[40:]...)...)
	calls = append(calls[:80:80], append([]func() error{func() error { return d.inBatch(context.Background(), breakCommit) }}, calls[80:]...)...)
	wait := queueCalls(d, calls...)
	release()
	errs := wait()
	for i, err := range errs {
		if (err != nil) != (i == 40 || i == 80) {
			t.Fatalf("request %d answered %v", i, err)
		}
	}
	checkSeats(t, d, session, 30, 70)
	var positions []int
	rows, err := d.read.Query(`SELECT arrival FROM bookings WHERE session_id = ? AND status = 'waitlisted' ORDER BY arrival`, session)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var arrival int
		rows.Scan(&arrival)
		positions = append(positions, arrival)
	}
	if len(positions) != 70 || positions[0] != 31 || positions[69] != 100 {
		t.Fatalf("the line holds arrivals %v, want 31…100", positions)
	}
}

func TestBatchStuckBookingIsAbandonedWhole(t *testing.T) {
	d := openSQLiteTest(t)
	session, parents, kids := seedRush(t, d, 3, 6)
	release := holdWriter(t, d)
	d.batch.timeout = 300 * time.Millisecond
	unblock, late := make(chan struct{}), make(chan error, 1)
	stuckBooking := func() error {
		return d.inBatchShared(context.Background(), func(ctx context.Context, tx seatTx) error {
			target, err := tx.target(ctx, session, "session_id")
			if err != nil {
				return err
			}
			k, err := tx.child(ctx, parents[5], target, kids[5], "child_id")
			if err != nil {
				return err
			}
			if _, err := tx.seat(ctx, parents[5], target, []linli.BookingChild{k}); err != nil {
				return err
			}
			<-unblock
			_, err = tx.seat(ctx, parents[5], target, []linli.BookingChild{k})
			late <- err
			return nil
		})
	}
	calls := bookCalls(d, session, parents[:5], kids[:5])
	wait := queueCalls(d, calls[0], calls[1], stuckBooking, calls[2], calls[3], calls[4])
	release()
	errs := wait()
	for i, err := range errs {
		if i == 2 && linli.ErrorCode(err) != linli.EUnavailable || i != 2 && err != nil {
			t.Fatalf("request %d answered %v", i, err)
		}
	}
	checkSeats(t, d, session, 3, 2)
	close(unblock)
	if err := <-late; err == nil {
		t.Fatal("the stuck booking booked after it was abandoned")
	}
	checkSeats(t, d, session, 3, 2)
	if _, err := (Bookings{d}).Book(context.Background(), parents[5], linli.Given(linli.BookingRequest{ChildID: kids[5], SessionID: session})); err != nil {
		t.Fatalf("booking again after the stuck request: %v", err)
	}
	checkSeats(t, d, session, 3, 3)
}

func TestBatchSharedJobThatFailsAfterWritingLeavesNothing(t *testing.T) {
	d := openSQLiteTest(t)
	session, parents, kids := seedRush(t, d, 3, 6)
	release := holdWriter(t, d)
	refusedAfterWriting := func() error {
		return d.inBatchShared(context.Background(), func(ctx context.Context, tx seatTx) error {
			target, err := tx.target(ctx, session, "session_id")
			if err != nil {
				return err
			}
			k, err := tx.child(ctx, parents[5], target, kids[5], "child_id")
			if err != nil {
				return err
			}
			if _, err := tx.seat(ctx, parents[5], target, []linli.BookingChild{k}); err != nil {
				return err
			}
			return linli.Errorf(linli.EConflict, "changed its mind")
		})
	}
	calls := bookCalls(d, session, parents[:5], kids[:5])
	again := bookCalls(d, session, parents[:1], kids[:1])[0]
	wait := queueCalls(d, calls[0], again, calls[1], refusedAfterWriting, calls[2], calls[3], calls[4])
	release()
	errs := wait()
	for i, err := range errs {
		want := map[int]string{1: linli.EAlreadyBooked, 3: linli.EConflict}[i]
		if linli.ErrorCode(err) != want {
			t.Fatalf("request %d answered %v", i, err)
		}
	}
	checkSeats(t, d, session, 3, 2)
	var n int
	d.read.QueryRow(`SELECT COUNT(*) FROM bookings WHERE child_id = ?`, kids[5]).Scan(&n)
	if n != 0 {
		t.Fatalf("the failed request left %d booking rows", n)
	}
}
