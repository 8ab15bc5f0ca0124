package storage

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// holdWriter queues a job that keeps the writer busy until release is called, so that the next
// jobs queue up and run together in one batch.
func holdWriter(t *testing.T, d *DB) (release func()) {
	t.Helper()
	started, hold := make(chan struct{}), make(chan struct{})
	go d.inBatch(context.Background(), func(ctx context.Context, tx *batchTx) error {
		close(started)
		<-hold
		return nil
	})
	<-started
	return sync.OnceFunc(func() { close(hold) })
}

// note is a job that writes one row into a scratch table, then returns err.
func note(v string, err error) func(ctx context.Context, tx *batchTx) error {
	return func(ctx context.Context, tx *batchTx) error {
		if _, e := tx.ExecContext(ctx, `INSERT INTO notes (v) VALUES (?)`, v); e != nil {
			return e
		}
		return err
	}
}

func notes(t *testing.T, d *DB) []string {
	t.Helper()
	rows, err := d.read.Query(`SELECT v FROM notes ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	out, err := scanStrings(rows)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func openNotes(t *testing.T) *DB {
	t.Helper()
	d := openSQLiteTest(t)
	if _, err := d.write.Exec(`CREATE TABLE notes (v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return d
}

// queue sends jobs to a held writer one after another (each is in the queue before the next
// is sent) and returns a function that waits for their answers.
func queue(d *DB, ctxs []context.Context, jobs ...func(context.Context, *batchTx) error) (wait func() []error) {
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		ctx := context.Background()
		if ctxs != nil {
			ctx = ctxs[i]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = d.inBatch(ctx, job)
		}()
		for len(d.batch.jobs) < i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	return func() []error {
		wg.Wait()
		return errs
	}
}

func TestBatchRefusalRollsBackOnlyItsOwnWrites(t *testing.T) {
	d := openNotes(t)
	release := holdWriter(t, d)
	full := linli.Errorf(linli.EFull, "the session is full")
	wait := queue(d, nil, note("a", nil), note("b", full), note("c", nil), note("d", errors.New("a bug")), note("e", nil))
	release()
	errs := wait()
	if got := notes(t, d); len(got) != 3 || got[0] != "a" || got[1] != "c" || got[2] != "e" {
		t.Fatalf("stored %v, want [a c e]", got)
	}
	if errs[0] != nil || linli.ErrorCode(errs[1]) != linli.EFull || errs[2] != nil || linli.ErrorCode(errs[3]) != linli.EInternal || errs[4] != nil {
		t.Fatalf("answers %v", errs)
	}
}

func TestBatchWithdrawnRequestNeverRuns(t *testing.T) {
	d := openNotes(t)
	release := holdWriter(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	wait := queue(d, []context.Context{context.Background(), ctx, context.Background()}, note("a", nil), note("b", nil), note("c", nil))
	cancel()
	time.Sleep(20 * time.Millisecond) // the withdrawn caller returns while the writer is still held
	release()
	errs := wait()
	if got := notes(t, d); len(got) != 2 || got[0] != "a" || got[1] != "c" {
		t.Fatalf("stored %v, want [a c]", got)
	}
	if errs[0] != nil || linli.ErrorCode(errs[1]) != linli.EUnavailable || errs[2] != nil {
		t.Fatalf("answers %v", errs)
	}
}

func TestBatchTakenRequestFinishesDespiteCancel(t *testing.T) {
	d := openNotes(t)
	ctx, cancel := context.WithCancel(context.Background())
	err := d.inBatch(ctx, func(ctx context.Context, tx *batchTx) error {
		cancel()
		time.Sleep(10 * time.Millisecond)
		_, err := tx.ExecContext(ctx, `INSERT INTO notes (v) VALUES ('kept')`)
		return err
	})
	if err != nil || len(notes(t, d)) != 1 {
		t.Fatalf("a request cancelled while running: %v, stored %v", err, notes(t, d))
	}
}

func TestBatchCloseDrainsThenRefuses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	d, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.write.Exec(`CREATE TABLE notes (v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	release := holdWriter(t, d)
	wait := queue(d, nil, note("a", nil), note("b", nil))
	closed := make(chan error)
	go func() { closed <- d.Close() }()
	time.Sleep(10 * time.Millisecond)
	release()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if errs := wait(); errs[0] != nil || errs[1] != nil {
		t.Fatalf("queued requests answered %v", errs)
	}
	if err := d.inBatch(context.Background(), note("late", nil)); linli.ErrorCode(err) != linli.EUnavailable {
		t.Fatalf("a request after Close: %v", err)
	}
	d, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := notes(t, d); len(got) != 2 {
		t.Fatalf("stored %v after Close, want [a b]", got)
	}
}

// breakTx is a job that ends the batch's transaction behind the writer's back: its savepoint
// is gone, and with it everything the transaction held.
func breakTx(ctx context.Context, tx *batchTx) error {
	_, err := tx.ExecContext(ctx, `ROLLBACK`)
	return err
}

// breakCommit is a job that leaves a row whose parent does not exist, checked only at the
// commit: the commit of its transaction fails.
func breakCommit(ctx context.Context, tx *batchTx) error {
	if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO orphans (parent) VALUES ('nobody')`)
	return err
}

func openOrphans(t *testing.T, d *DB) {
	t.Helper()
	if _, err := d.write.Exec(`CREATE TABLE parents (id TEXT PRIMARY KEY);
		CREATE TABLE orphans (parent TEXT NOT NULL REFERENCES parents (id))`); err != nil {
		t.Fatal(err)
	}
}

func TestBatchThatFailsRunsItsJobsAgainOneByOne(t *testing.T) {
	d := openNotes(t)
	openOrphans(t, d)
	release := holdWriter(t, d)
	wait := queue(d, nil, note("a", nil), breakTx, note("c", nil), breakCommit, note("e", nil))
	release()
	errs := wait()
	if got := notes(t, d); len(got) != 3 || got[0] != "a" || got[1] != "c" || got[2] != "e" {
		t.Fatalf("stored %v, want [a c e]", got)
	}
	if errs[0] != nil || errs[1] == nil || errs[2] != nil || linli.ErrorCode(errs[3]) != linli.ENotFound || errs[4] != nil {
		t.Fatalf("answers %v", errs)
	}
	var orphans int
	d.read.QueryRow(`SELECT COUNT(*) FROM orphans`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d orphans stored", orphans)
	}
}

// stuck is a job that writes a note, then blocks until unblock is closed, heedless of its
// context, and then tries to write another, heedless of it too; the error of that late write goes
// to late.
func stuck(unblock <-chan struct{}, late chan<- error) func(ctx context.Context, tx *batchTx) error {
	return func(ctx context.Context, tx *batchTx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (v) VALUES ('stuck')`); err != nil {
			return err
		}
		<-unblock
		_, err := tx.ExecContext(context.Background(), `INSERT INTO notes (v) VALUES ('late')`)
		late <- err
		return nil
	}
}

func TestBatchStuckJobsAreAbandonedAndCannotWriteLater(t *testing.T) {
	d := openNotes(t)
	release := holdWriter(t, d)
	d.batch.timeout = 300 * time.Millisecond
	unblock, late := make(chan struct{}), make(chan error, 2)
	wait := queue(d, nil, note("a", nil), stuck(unblock, late), note("c", nil), stuck(unblock, late), note("e", nil))
	release()
	errs := wait()
	if errs[0] != nil || linli.ErrorCode(errs[1]) != linli.EUnavailable || errs[2] != nil || linli.ErrorCode(errs[3]) != linli.EUnavailable || errs[4] != nil {
		t.Fatalf("answers %v", errs)
	}
	if got := notes(t, d); len(got) != 3 || got[0] != "a" || got[1] != "c" || got[2] != "e" {
		t.Fatalf("stored %v, want [a c e]", got)
	}
	close(unblock)
	for range 2 {
		if err := <-late; !errors.Is(err, sql.ErrTxDone) {
			t.Fatalf("a stuck job wrote after it was abandoned: %v", err)
		}
	}
	if err := d.inBatch(context.Background(), note("f", nil)); err != nil {
		t.Fatal(err)
	}
	if got := notes(t, d); len(got) != 4 || got[3] != "f" {
		t.Fatalf("stored %v, want [a c e f]", got)
	}
}

func TestBatchEndlessStatementIsInterrupted(t *testing.T) {
	d := openNotes(t)
	release := holdWriter(t, d)
	d.batch.timeout = 300 * time.Millisecond
	endless := func(ctx context.Context, tx *batchTx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notes (v) VALUES ('endless')`); err != nil {
			return err
		}
		var n int
		return tx.QueryRowContext(ctx, `WITH RECURSIVE r (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT COUNT(*) FROM r`).Scan(&n)
	}
	wait := queue(d, nil, note("a", nil), endless, note("c", nil))
	release()
	errs := wait()
	if errs[0] != nil || linli.ErrorCode(errs[1]) != linli.EUnavailable || errs[2] != nil {
		t.Fatalf("answers %v", errs)
	}
	if got := notes(t, d); len(got) != 2 || got[0] != "a" || got[1] != "c" {
		t.Fatalf("stored %v, want [a c]", got)
	}
}
