package storage

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/linli/linli/internal/linli"
)

// MaxBatch bounds the requests one group commit carries.
const MaxBatch = 256

// batcher is the group commit of bookings: one goroutine takes the queued requests, runs up to
// MaxBatch of them in one write transaction on the writer connection, each in its own savepoint,
// commits once (durably: synchronous=FULL) and only then answers each. A request refused by the
// rules rolls back its own savepoint only. Requests run in arrival order. Under a rush this
// turns hundreds of fsyncs into one; alone, a request waits for no one.
type batcher struct {
	db      *DB
	jobs    chan *batchJob
	mu      sync.RWMutex // held shared while queueing, exclusively by close
	closed  bool
	stopped chan struct{}
}

// Job states: a queued job is taken by the writer or abandoned by its caller, never both.
const (
	jobQueued int32 = iota
	jobTaken
	jobAbandoned
)

type batchJob struct {
	ctx    context.Context
	fn     func(ctx context.Context, tx *batchTx) error
	shared bool // changes seats only through the batch's sessions (see batchTx)
	state  atomic.Int32
	done   chan error
}

func newBatcher(d *DB) *batcher {
	b := &batcher{db: d, jobs: make(chan *batchJob, 4*MaxBatch), stopped: make(chan struct{})}
	go b.run()
	return b
}

// errWithdrawn answers a caller who gave up (its context ended) before the writer took its request.
var errWithdrawn = &linli.Error{Code: linli.EUnavailable, Message: "the request was withdrawn before it was handled; nothing was written"}

// errClosed answers requests after the database was closed.
var errClosed = &linli.Error{Code: linli.EUnavailable, Message: "the server is shutting down; nothing was written"}

// inBatch runs fn in the next group commit and returns its error once the commit is durable.
// fn's context keeps ctx's values but is never cancelled: once the writer has taken the request it
// runs to the end and commits. If ctx ends while the request is still queued, it is withdrawn and
// never runs. fn must leave its results to the caller only through its error and variables the
// caller reads after inBatch returns nil. The database holds every earlier job's writes when fn
// starts, and fn may write anything.
func (d *DB) inBatch(ctx context.Context, fn func(ctx context.Context, tx *batchTx) error) error {
	if d.batch == nil {
		return d.inPgBooking(ctx, fn)
	}
	return d.batch.submit(ctx, &batchJob{fn: fn})
}

// inBatchShared is inBatch for a job that books seats only through tx.book: it shares the
// batch's copy of the sessions booked into, whose seat counters reach the database only when the
// batch settles them (see batchTx).
func (d *DB) inBatchShared(ctx context.Context, fn func(ctx context.Context, tx *batchTx) error) error {
	if d.batch == nil {
		return d.inPgBooking(ctx, fn)
	}
	return d.batch.submit(ctx, &batchJob{fn: fn, shared: true})
}

func (b *batcher) submit(ctx context.Context, j *batchJob) error {
	j.ctx, j.done = context.WithoutCancel(ctx), make(chan error, 1)
	b.mu.RLock()
	if b.closed {
		b.mu.RUnlock()
		return errClosed
	}
	select {
	case b.jobs <- j:
		b.mu.RUnlock()
	case <-ctx.Done():
		b.mu.RUnlock()
		return errWithdrawn
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		if j.state.CompareAndSwap(jobQueued, jobAbandoned) {
			return errWithdrawn
		}
		return <-j.done
	}
}

// close stops taking requests, lets the writer finish the queued ones and waits for it.
func (b *batcher) close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.jobs)
	}
	b.mu.Unlock()
	<-b.stopped
}

func (b *batcher) run() {
	defer close(b.stopped)
	batch := make([]*batchJob, 0, MaxBatch)
	for j := range b.jobs {
		batch = append(batch[:0], j)
	fill:
		for len(batch) < MaxBatch {
			select {
			case j, ok := <-b.jobs:
				if !ok {
					break fill
				}
				batch = append(batch, j)
			default:
				break fill
			}
		}
		b.commit(batch)
	}
}

// commit runs the jobs the callers still wait for in one transaction and answers them.
func (b *batcher) commit(batch []*batchJob) {
	live := batch[:0]
	for _, j := range batch {
		if j.state.CompareAndSwap(jobQueued, jobTaken) {
			live = append(live, j)
		}
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	if err := b.runAll(live, errs); err != nil {
		for i := range errs {
			errs[i] = err
		}
	}
	for i, j := range live {
		j.done <- errs[i]
	}
}

// runAll runs each job in its own savepoint and commits; an error that breaks the transaction
// itself (a failed savepoint, disk full, the commit) is returned for all. Around a job that is
// not shared the batch settles its sessions, so that the job sees and leaves the database whole.
func (b *batcher) runAll(jobs []*batchJob, errs []error) error {
	ctx := context.Background()
	sqlTx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	tx := newBatchTx(&Tx{Tx: sqlTx, Now: b.db.Now().UTC()})
	fail := func(err error) error {
		sqlTx.Rollback()
		return translate(err)
	}
	for i, j := range jobs {
		if !j.shared {
			if err := tx.settle(ctx); err != nil {
				return fail(err)
			}
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT job`); err != nil {
			return fail(err)
		}
		if errs[i] = runJob(j, tx); errs[i] != nil {
			tx.drop()
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO job`); err != nil {
				// SQLite rolls a transaction back by itself on disk full or I/O errors.
				if linli.ErrorCode(errs[i]) == linli.EUnavailable {
					err = errs[i]
				}
				return fail(err)
			}
		} else {
			tx.apply()
		}
		if _, err := tx.ExecContext(ctx, `RELEASE job`); err != nil {
			return fail(err)
		}
		if !j.shared {
			if err := tx.settle(ctx); err != nil {
				return fail(err)
			}
		}
	}
	if err := tx.settle(ctx); err != nil {
		return fail(err)
	}
	return translate(sqlTx.Commit())
}

// runJob runs one job, turning a panic into an internal error so that the writer lives on.
func runJob(j *batchJob, tx *batchTx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("sqlite: batch job panicked: %v", v)
		}
	}()
	return translate(j.fn(j.ctx, tx))
}

// savepoint runs fn inside a named savepoint of tx, rolling back only fn's writes when it fails.
func savepoint(ctx context.Context, tx *Tx, name string, fn func() error) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT `+name); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO `+name); rerr != nil {
			return rerr
		}
		if _, rerr := tx.ExecContext(ctx, `RELEASE `+name); rerr != nil {
			return rerr
		}
		return err
	}
	_, err := tx.ExecContext(ctx, `RELEASE `+name)
	return err
}
