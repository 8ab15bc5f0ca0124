package storage

import (
	"context"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

// fetchFlushDelay is how long fetch times wait in memory before they are written, together.
const fetchFlushDelay = time.Minute

// fetchLog gathers the fetches of personal feeds in memory and writes them in one transaction a
// minute after the first one waiting, so that polling never queues behind bookings for the writer.
type fetchLog struct {
	mu      sync.Mutex
	pending map[string]linli.FeedFetch // by user id
	timer   *time.Timer
	closed  bool
}

// RecordFetch notes that a personal feed was fetched. The time is written with the others a
// minute after the first one waiting, or when the database closes; FeedLinks shows it at once.
func (f Feeds) RecordFetch(x linli.FeedFetch) {
	l := &f.fetches
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	if l.pending == nil {
		l.pending = map[string]linli.FeedFetch{}
	}
	l.pending[x.UserID] = x
	if l.timer == nil {
		l.timer = time.AfterFunc(fetchFlushDelay, f.flushFetchesLater)
	}
}

// FlushFetches writes the fetch times waiting in memory now. On an error they are dropped: they
// only tell a user when their calendar last polled.
func (f Feeds) FlushFetches(ctx context.Context) error {
	return f.DB.flushFetches(ctx)
}

// flushFetchesLater is the scheduled flush; its error is logged, since nobody waits for it.
func (f Feeds) flushFetchesLater() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.FlushFetches(ctx); err != nil {
		f.Logger.Error("record feed fetches", "err", err.Error())
	}
}

// flushFetches writes the fetches waiting and cancels the scheduled flush.
func (d *DB) flushFetches(ctx context.Context) error {
	l := &d.fetches
	l.mu.Lock()
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	fetches := make([]linli.FeedFetch, 0, len(l.pending))
	for _, x := range l.pending {
		fetches = append(fetches, x)
	}
	clear(l.pending)
	l.mu.Unlock()
	return d.recordFetches(ctx, fetches)
}

// closeFetches writes the fetches waiting, and drops any noted later.
func (d *DB) closeFetches(ctx context.Context) error {
	d.fetches.mu.Lock()
	d.fetches.closed = true
	d.fetches.mu.Unlock()
	return d.flushFetches(ctx)
}

// latestFetch returns the fetch waiting for the user's token of generation gen, if any.
func (d *DB) latestFetch(userID string, gen int) (time.Time, bool) {
	d.fetches.mu.Lock()
	defer d.fetches.mu.Unlock()
	x, ok := d.fetches.pending[userID]
	return x.At, ok && x.Generation == gen
}

// recordFetches stores the latest fetch of each feed, in one transaction. A fetch made with a
// token that has since been replaced is dropped.
func (d *DB) recordFetches(ctx context.Context, fetches []linli.FeedFetch) error {
	if len(fetches) == 0 {
		return nil
	}
	return d.inTx(ctx, func(tx *Tx) error {
		for _, x := range fetches {
			at := fmtTime(x.At)
			if _, err := tx.ExecContext(ctx, `UPDATE feed_tokens SET last_fetched_at = ?
				WHERE user_id = ? AND generation = ? AND (last_fetched_at IS NULL OR last_fetched_at < ?)`,
				at, x.UserID, x.Generation, at); err != nil {
				return err
			}
		}
		return nil
	})
}
