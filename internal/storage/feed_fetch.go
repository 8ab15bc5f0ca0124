package storage

import (
	"context"
	"slices"
	"strings"
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

// fetchesPerStatement is how many feeds' fetch times one statement writes: 3 parameters each,
// far below SQLite's and PostgreSQL's limits.
const fetchesPerStatement = 500

// recordFetches stores the latest fetch of each feed, in one transaction, a few hundred feeds a
// statement (a city's thousands of subscribers were as many statements a minute, each a round
// trip on PostgreSQL). A fetch made with a token that has since been replaced is dropped; an
// older fetch never overwrites a newer one.
func (d *DB) recordFetches(ctx context.Context, fetches []linli.FeedFetch) error {
	if len(fetches) == 0 {
		return nil
	}
	return d.inTx(ctx, func(tx *Tx) error {
		for chunk := range slices.Chunk(fetches, fetchesPerStatement) {
			rows := make([]string, len(chunk))
			args := make([]any, 0, 3*len(chunk))
			for i, x := range chunk {
				rows[i] = `(?, CAST(? AS INTEGER), ?)`
				args = append(args, x.UserID, x.Generation, fmtTime(x.At))
			}
			// VALUES names its columns column1, column2, … on both databases. The unary + keeps
			// SQLite from indexing the list by generation (the same for nearly every row) and
			// scanning every token against it: it looks each token up by user instead.
			if _, err := tx.ExecContext(ctx, `UPDATE feed_tokens SET last_fetched_at = v.column3
				FROM (VALUES `+strings.Join(rows, ", ")+`) AS v
				WHERE feed_tokens.user_id = v.column1 AND feed_tokens.generation = +v.column2
					AND (feed_tokens.last_fetched_at IS NULL OR feed_tokens.last_fetched_at < v.column3)`, args...); err != nil {
				return err
			}
		}
		return nil
	})
}
