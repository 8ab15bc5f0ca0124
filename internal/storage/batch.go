package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linli/linli/internal/linli"
)

// MaxBatch bounds the requests one group commit carries.
const MaxBatch = 256

// JobTimeout bounds how long one request of the group commit may run.
const JobTimeout = 10 * time.Second

// batcher is the group commit of bookings: one goroutine takes the queued requests, runs up to
// MaxBatch of them in one write transaction on the writer connection, commits once (durably:
// synchronous=FULL) and only then answers each. A request refused by the rules undoes only its
// own writes: a shared one has written none (see attempt.run), another runs in a savepoint of its
// own. Requests run in arrival order. Under a rush this
// turns hundreds of fsyncs into one; alone, a request waits for no one. When the transaction
// fails as a whole, its requests run again (see runBatch), so that one bad request fails alone;
// a request that runs longer than timeout is abandoned (see runAll).
type batcher struct {
	db      *DB
	jobs    chan *batchJob
	timeout time.Duration // JobTimeout; read by the writer as each transaction starts
	mu      sync.RWMutex  // held shared while queueing, exclusively by close
	closed  bool
	stopped chan struct{}
}

// Job states: a queued job is taken by the writer or abandoned by its caller, never both.
const (
	jobQueued int32 = iota
	jobTaken
	jobAbandoned
)

// batchJob is one request: fn with the whole transaction, or shared, which changes seats only
// through the batch's copy of the sessions (see seatTx).
type batchJob struct {
	ctx    context.Context
	fn     func(ctx context.Context, tx *batchTx) error
	shared func(ctx context.Context, tx seatTx) error
	stuck  bool // it outran the timeout: answered, never run again (only the writer goroutine sees it)
	state  atomic.Int32
	done   chan error
}

func newBatcher(d *DB) *batcher {
	b := &batcher{db: d, jobs: make(chan *batchJob, 4*MaxBatch), timeout: JobTimeout, stopped: make(chan struct{})}
	go b.run()
	return b
}

// errWithdrawn answers a caller who gave up (its context ended) before the writer took its request.
var errWithdrawn = &linli.Error{Code: linli.EUnavailable, Message: "the request was withdrawn before it was handled; nothing was written"}

// errClosed answers requests after the database was closed.
var errClosed = &linli.Error{Code: linli.EUnavailable, Message: "the server is shutting down; nothing was written"}

// errStuck answers a request that ran longer than the writer waits for one.
var errStuck = &linli.Error{Code: linli.EUnavailable, Message: "the request took too long and was abandoned; nothing was written"}

// inBatch runs fn in the next group commit and returns its error once the commit is durable.
// fn's context keeps ctx's values and ends only when fn outruns the batcher's timeout: then fn's
// transaction is rolled back and every later use of it fails, fn's caller gets 503 unavailable,
// and the others of its batch run again without it. If ctx ends while the request is still
// queued, it is withdrawn and never runs; once taken, it runs to the end and commits whatever
// the caller does. fn may run more than once (when its batch fails as a whole): it must leave its
// results to the caller only through its error and variables it sets afresh on each run, which
// the caller reads after inBatch returns nil. The database holds every earlier job's writes when
// fn starts, and fn may write anything.
func (d *DB) inBatch(ctx context.Context, fn func(ctx context.Context, tx *batchTx) error) error {
	return d.batch.submit(ctx, &batchJob{fn: fn})
}

// inBatchShared is inBatch for a job that books seats only through the narrow seatTx: it shares
// the batch's copy of the sessions booked into, whose seat counters reach the database only when
// the batch settles them.
func (d *DB) inBatchShared(ctx context.Context, fn func(ctx context.Context, tx seatTx) error) error {
	return d.batch.submit(ctx, &batchJob{shared: fn})
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

// commit runs the jobs the callers still wait for and answers them.
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
	b.runBatch(live, errs)
	for i, j := range live {
		j.done <- errs[i]
	}
}

// runBatch runs jobs in one transaction. None of a transaction that fails as a whole was written,
// so its jobs can run again: without the stuck one together, else each in a transaction of its
// own, so that a job that broke the transaction now breaks only its own.
func (b *batcher) runBatch(jobs []*batchJob, errs []error) {
	err := b.runAll(jobs, errs)
	switch {
	case err == nil:
	case len(jobs) == 1:
		if !jobs[0].stuck {
			errs[0] = err
		}
	default:
		var rest []*batchJob
		var at []int
		for i, j := range jobs {
			if !j.stuck {
				rest, at = append(rest, j), append(at, i)
			}
		}
		if len(rest) == len(jobs) {
			for i := range jobs {
				b.runBatch(jobs[i:i+1], errs[i:i+1])
			}
			return
		}
		restErrs := make([]error, len(rest))
		b.runBatch(rest, restErrs)
		for k, i := range at {
			errs[i] = restErrs[k]
		}
	}
}

// attempt is one transaction of the group commit: a goroutine of its own runs the jobs (see
// attempt.run) while the writer watches the clock (see batcher.runAll).
type attempt struct {
	b       *batcher
	jobs    []*batchJob
	errs    []error
	timeout time.Duration
	start   time.Time
	running atomic.Int64 // i+1 while job i runs, 0 between jobs, -1 once the writer abandoned it
	since   atomic.Int64 // when the running job started, in nanoseconds from start
	sqlTx   *sql.Tx      // set before the first job runs
	err     error        // the failure of the transaction as a whole, once ended
	ended   chan struct{}
}

// runAll runs jobs in one transaction and returns the error that broke it as a whole, if any; the
// jobs' own errors go to errs. A job that runs longer than the timeout is stuck: it is answered
// errStuck and its transaction rolled back, so that whatever it does later fails, and runAll
// returns without waiting for it.
func (b *batcher) runAll(jobs []*batchJob, errs []error) error {
	a := &attempt{b: b, jobs: jobs, errs: errs, timeout: b.timeout, start: time.Now(), ended: make(chan struct{})}
	go a.run()
	watch := time.NewTimer(a.timeout)
	defer watch.Stop()
	for {
		select {
		case <-a.ended:
			return a.err
		case <-watch.C:
			left, i := a.timeout, a.running.Load()
			if i > 0 {
				left -= time.Since(a.start) - time.Duration(a.since.Load())
			}
			if left <= 0 && a.running.CompareAndSwap(i, -1) {
				jobs[i-1].stuck, errs[i-1] = true, errStuck
				a.sqlTx.Rollback()
				return errStuck
			}
			watch.Reset(max(left, time.Millisecond))
		}
	}
}

// run runs the jobs, each that is not shared in a savepoint of its own, and commits; an error that
// breaks the transaction after it began (a failed savepoint, disk full, the commit, a shared job
// that failed after writing) goes to a.err. Around a job that is not
// shared the batch settles its sessions, so that the job sees and leaves the database whole.
func (a *attempt) run() {
	defer close(a.ended)
	ctx := context.Background()
	sqlTx, err := a.b.db.write.BeginTx(ctx, a.b.db.batchTxOptions())
	if err != nil {
		// No job ran, and none would do better alone (a database locked by another process
		// would keep each waiting the busy timeout): each gets the error.
		for i := range a.errs {
			a.errs[i] = translate(err)
		}
		return
	}
	a.sqlTx = sqlTx
	tx := newBatchTx(&Tx{Tx: sqlTx, Now: a.b.db.Now().UTC(), dialect: a.b.db.dialect})
	fail := func(err error) {
		sqlTx.Rollback()
		a.err = translate(err)
	}
	for i, j := range a.jobs {
		if j.shared == nil {
			if err := tx.settle(ctx); err != nil {
				fail(err)
				return
			}
		}
		// A shared job writes only once the rules let it book (see seatTx.seat): refused by a
		// rule, it leaves nothing to undo, and needs no savepoint. One that failed otherwise
		// fails the transaction, whose jobs then run again (see runBatch).
		inSavepoint := j.shared == nil
		if inSavepoint {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT job`); err != nil {
				fail(err)
				return
			}
		}
		tx.wrote = false
		if !a.call(i, j, tx) {
			return // abandoned: the transaction is the writer's to roll back
		}
		switch err := a.errs[i]; {
		case err == nil:
			tx.apply()
		case !inSavepoint:
			tx.drop()
			if code := linli.ErrorCode(err); tx.wrote || code == linli.EInternal || code == linli.EUnavailable {
				fail(err)
				return
			}
		default:
			tx.drop()
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO job`); err != nil {
				// SQLite rolls a transaction back by itself on disk full or I/O errors.
				if linli.ErrorCode(a.errs[i]) == linli.EUnavailable {
					err = a.errs[i]
				}
				fail(err)
				return
			}
		}
		if inSavepoint {
			if _, err := tx.ExecContext(ctx, `RELEASE job`); err != nil {
				fail(err)
				return
			}
		}
		if j.shared == nil {
			if err := tx.settle(ctx); err != nil {
				fail(err)
				return
			}
		}
	}
	if err := tx.settle(ctx); err != nil {
		fail(err)
		return
	}
	a.err = translate(sqlTx.Commit())
}

// call runs job i with a context that ends after the timeout and keeps its error in a.errs,
// unless the writer abandoned it meanwhile: then it reports false and touches nothing.
func (a *attempt) call(i int, j *batchJob, tx *batchTx) bool {
	ctx, cancel := context.WithTimeout(j.ctx, a.timeout)
	defer cancel()
	a.since.Store(int64(time.Since(a.start)))
	a.running.Store(int64(i + 1))
	err := callJob(ctx, j, tx)
	if !a.running.CompareAndSwap(int64(i+1), 0) {
		return false
	}
	if err != nil && ctx.Err() != nil {
		err = errStuck // it gave up at the deadline
	}
	a.errs[i] = err
	return true
}

// callJob calls a job, turning a panic into an internal error so that the writer lives on.
func callJob(ctx context.Context, j *batchJob, tx *batchTx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("storage: batch job panicked: %v", v)
		}
	}()
	if j.shared != nil {
		return translate(j.shared(ctx, tx))
	}
	return translate(j.fn(ctx, tx))
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
