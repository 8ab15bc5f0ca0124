package api

import (
	"bytes"
	"compress/gzip"
	lruList "container/list"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

// DefaultFeedCacheBytes bounds the encoded feeds kept in memory when Server.FeedCacheBytes is 0.
const DefaultFeedCacheBytes = 64 << 20

// feedState is what the server keeps in memory for feeds: the encoded feeds.
type feedState struct {
	cache feedCache
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
