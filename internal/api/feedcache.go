package api

import (
	"bytes"
	"compress/gzip"
	lruList "container/list"
	"context"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

// DefaultFeedCacheBytes bounds the encoded feeds kept in memory when Server.FeedCacheBytes is 0.
const DefaultFeedCacheBytes = 64 << 20

// fetchFlushDelay is how long fetch times wait in memory before they are written, together.
const fetchFlushDelay = time.Minute

// feedState is what the server keeps in memory for feeds: encoded feeds, and the fetches of
// personal feeds not yet written.
type feedState struct {
	cache   feedCache
	fetches fetchLog
}

// encodedFeed is one feed as served: its bytes, strong ETag and Last-Modified, and its gzip
// coding once a client asked for it.
type encodedFeed struct {
	ref      linli.FeedRef
	etag     string
	modified time.Time
	body     []byte
	gzipOnce sync.Once
	gzip     []byte
}

// gzipped returns the feed gzip-coded, compressing it on the first call only: a feed polled by
// many clients is compressed once per version.
func (f *encodedFeed) gzipped() []byte {
	f.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(f.body) // writes to a bytes.Buffer do not fail
		zw.Close()
		f.gzip = buf.Bytes()
	})
	return f.gzip
}

// feedCache keeps the latest encoded version of each feed, least recently used first out when
// the bytes held pass the bound. A feed's ETag names its version, so a stale entry is never
// served: it is simply not found.
type feedCache struct {
	mu    sync.Mutex
	order lruList.List // of *encodedFeed, most recently used first
	byRef map[linli.FeedRef]*lruList.Element
	bytes int64
}

// get returns the feed ref if the cache holds it under etag.
func (c *feedCache) get(ref linli.FeedRef, etag string) (*encodedFeed, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byRef[ref]
	if !ok || el.Value.(*encodedFeed).etag != etag {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*encodedFeed), true
}

// put keeps f, replacing any other version of its feed, and evicts until at most limit bytes are
// held; a feed larger than limit is not kept.
func (c *feedCache) put(f *encodedFeed, limit int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byRef == nil {
		c.byRef = map[linli.FeedRef]*lruList.Element{}
	}
	if el, ok := c.byRef[f.ref]; ok {
		c.remove(el)
	}
	if int64(len(f.body)) > limit {
		return
	}
	c.byRef[f.ref] = c.order.PushFront(f)
	c.bytes += int64(len(f.body))
	for c.bytes > limit {
		c.remove(c.order.Back())
	}
}

func (c *feedCache) remove(el *lruList.Element) {
	f := c.order.Remove(el).(*encodedFeed)
	delete(c.byRef, f.ref)
	c.bytes -= int64(len(f.body))
}

// fetchLog gathers the fetches of personal feeds in memory and writes them in one transaction a
// minute after the first one waiting, so that polling never queues behind bookings for the writer.
type fetchLog struct {
	mu      sync.Mutex
	pending map[string]linli.FeedFetch // by user id
	timer   *time.Timer
}

// record notes a fetch, and schedules a flush when none is scheduled.
func (l *fetchLog) record(f linli.FeedFetch, flush func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending == nil {
		l.pending = map[string]linli.FeedFetch{}
	}
	l.pending[f.UserID] = f
	if l.timer == nil {
		l.timer = time.AfterFunc(fetchFlushDelay, flush)
	}
}

// take returns the fetches waiting and cancels the scheduled flush.
func (l *fetchLog) take() []linli.FeedFetch {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	out := make([]linli.FeedFetch, 0, len(l.pending))
	for _, f := range l.pending {
		out = append(out, f)
	}
	clear(l.pending)
	return out
}

// latest returns the fetch waiting for the user, if any.
func (l *fetchLog) latest(userID string) (linli.FeedFetch, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.pending[userID]
	return f, ok
}

// flushFetches writes the fetches waiting. An error is logged and the fetches are dropped: they
// only tell a user when their calendar last polled.
func (s *Server) flushFetches(ctx context.Context) error {
	fetches := s.feeds.fetches.take()
	if err := s.Feeds.RecordFetches(ctx, fetches); err != nil {
		s.Logger.Error("record feed fetches", "fetches", len(fetches), "err", err.Error())
		return err
	}
	return nil
}

// Close writes what the server holds in memory (the fetch times of feeds); call it after the
// HTTP server has shut down and before the database closes.
func (s *Server) Close(ctx context.Context) error {
	if s.Feeds == nil {
		return nil
	}
	return s.flushFetches(ctx)
}
