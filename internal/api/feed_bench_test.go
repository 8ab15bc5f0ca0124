package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testclock"
)

// fbFixture is a real server on 127.0.0.1 with a teacher whose personal feed holds fbEvents
// events. Its mux also answers /hello with a bare net/http handler, outside the server's router
// and middleware: the hello world the feeds are measured against.
type fbFixture struct {
	srv    *api.Server
	url    string
	client *http.Client
	feed   string // path of the personal feed
	etag   string
	size   int // octets of the feed
	// The feed's ETag and size gzip-coded.
	gzipETag string
	gzipSize int
}

// fbEvents is the size of the personal feed measured.
const fbEvents = 500

func newFeedBench(b *testing.B) *fbFixture {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	db, err := storage.Open(ctx, filepath.Join(dir, "linli.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	clock := testclock.Started(b)
	secret, _, err := auth.LoadSecret(filepath.Join(dir, "feed-secret"))
	if err != nil {
		b.Fatal(err)
	}
	srv := app.New(db, app.Options{Now: clock.Now, FeedSecret: secret})
	mux := http.NewServeMux()
	mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") })
	mux.Handle("/", srv.Handler())
	ts := httptest.NewServer(mux)
	b.Cleanup(ts.Close)
	// DisableCompression: the client asks for gzip only where a benchmark says so.
	fx := &fbFixture{srv: srv, url: ts.URL, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}}
	b.Cleanup(fx.client.CloseIdleConnections)

	if _, err := (storage.Accounts{DB: db}).CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"}); err != nil {
		b.Fatal(err)
	}
	admin := fx.login(b, "admin@linli.test", "admin-password")
	var c struct{ Community struct{ ID string } }
	fx.call(b, "POST", "/api/v1/communities", admin, map[string]any{"name": "幸福里社区"}, &c)
	var u struct{ User struct{ ID string } }
	fx.call(b, "POST", "/api/v1/auth/register", "", map[string]any{"name": "李明", "login": "13800000002", "password": "password-1"}, &u)
	fx.call(b, "POST", "/api/v1/communities/"+c.Community.ID+"/members", admin, map[string]any{"user_id": u.User.ID, "role": "teacher", "teacher_type": "school_teacher"}, nil)
	// A daily class from 30 days back to 364 days ahead (the window's 395 days), and a second one
	// at another hour for the remaining events.
	today := linli.TodayInChina(srv.Now())
	first := today.AddDays(-linli.FeedDaysBack)
	for i, p := range []struct {
		from, to           linli.Date
		startTime, endTime string
	}{
		{first, today.AddDays(linli.FeedDaysAhead - 1), "09:00", "10:00"},
		{first, first.AddDays(fbEvents - linli.FeedDaysBack - linli.FeedDaysAhead - 1), "16:30", "18:00"},
	} {
		fx.call(b, "POST", "/api/v1/communities/"+c.Community.ID+"/programs", admin, map[string]any{
			"kind": "after_school", "title": fmt.Sprintf("四点半课堂 %d（书法, 绘画; 阅读）", i+1), "capacity": 20,
			"description": fdLongText(300), "staff_ids": []string{u.User.ID},
			"schedule": ptSchedule(p.from.String(), p.to.String(), p.startTime, p.endTime, "all_days")}, nil)
	}
	teacher := fx.login(b, "13800000002", "password-1")
	var links struct{ Items []struct{ URL string } }
	fx.call(b, "GET", "/api/v1/me/feeds", teacher, nil, &links)
	fx.feed = strings.TrimPrefix(links.Items[0].URL, ts.URL)
	resp := fx.get(b, fx.feed, "", false)
	if n := bytes.Count(resp.body, []byte("BEGIN:VEVENT")); resp.status != http.StatusOK || n != fbEvents {
		b.Fatalf("the feed answered %d with %d events, want %d", resp.status, n, fbEvents)
	}
	fx.etag = resp.etag
	fx.size = len(resp.body)
	zipped := fx.get(b, fx.feed, "", true)
	if zipped.status != http.StatusOK || zipped.encoding != "gzip" {
		b.Fatalf("the feed with gzip answered %d, Content-Encoding %q", zipped.status, zipped.encoding)
	}
	fx.gzipETag, fx.gzipSize = zipped.etag, len(zipped.body)
	return fx
}

// call sends a JSON request and decodes the 2xx answer into out.
func (fx *fbFixture) call(b *testing.B, method, path, cookie string, body, out any) {
	b.Helper()
	var r io.Reader
	if body != nil {
		buf, _ := json.Marshal(body)
		r = bytes.NewReader(buf)
	}
	req, _ := http.NewRequest(method, fx.url+path, r)
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: cookie})
	}
	resp, err := fx.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		b.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			b.Fatal(err)
		}
	}
}

func (fx *fbFixture) login(b *testing.B, login, password string) string {
	b.Helper()
	req, _ := http.NewRequest("POST", fx.url+"/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"login":%q,"password":%q}`, login, password)))
	resp, err := fx.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			return c.Value
		}
	}
	b.Fatalf("login %s: %d", login, resp.StatusCode)
	return ""
}

type fbResponse struct {
	status         int
	etag, encoding string
	body           []byte // as sent: gzip-coded when encoding says so
}

// get fetches a path as a calendar client polls: no cookie, an If-None-Match when etag is set,
// Accept-Encoding: gzip when gzip is set (the body is then read as sent, not decoded).
func (fx *fbFixture) get(b *testing.B, path, etag string, gzip bool) fbResponse {
	req, _ := http.NewRequest("GET", fx.url+path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if gzip {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := fx.client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	return fbResponse{resp.StatusCode, resp.Header.Get("ETag"), resp.Header.Get("Content-Encoding"), body}
}

// run measures GETs of path from parallel clients, each expecting status.
func (fx *fbFixture) run(b *testing.B, path, etag string, status int, gzip bool) {
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if r := fx.get(b, path, etag, gzip); r.status != status {
				b.Errorf("GET %s: %d, want %d", path, r.status, status)
				return
			}
		}
	})
}

// The measures of docs/bench.md "feeds"; test/bench/feeds.sh runs them and prints the ratios.

// BenchmarkHelloWorld: a bare net/http hello-world handler on the same listener, measured with
// the same client: the floor of the load tool and the loopback.
func BenchmarkHelloWorld(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, "/hello", "", http.StatusOK, false)
}

// BenchmarkHelloWorldRouted: the server's own trivial handler, GET /healthz, behind the router and
// middleware (recovery, request log, metrics, body limit, authentication, cross-origin check)
// that every feed request also passes.
func BenchmarkHelloWorldRouted(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, "/healthz", "", http.StatusOK, false)
}

func BenchmarkFeedCached(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, fx.feed, "", http.StatusOK, false)
}

// BenchmarkFeedCachedGzip: the cached feed to a client that accepts gzip, which the server
// compresses on every request; the sizes are reported as octets per answer.
func BenchmarkFeedCachedGzip(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, fx.feed, "", http.StatusOK, true)
	b.ReportMetric(float64(fx.size), "identity-B")
	b.ReportMetric(float64(fx.gzipSize), "gzip-B")
}

func BenchmarkFeedRebuild(b *testing.B) {
	fx := newFeedBench(b)
	fx.srv.FeedCacheBytes = -1 // nothing fits: every request reads and encodes the feed again
	fx.run(b, fx.feed, "", http.StatusOK, false)
}

// BenchmarkFeedRebuildGzip: the cache off, to a client that accepts gzip: every request reads,
// encodes and compresses the feed (against BenchmarkFeedRebuild: the cost of compressing once).
func BenchmarkFeedRebuildGzip(b *testing.B) {
	fx := newFeedBench(b)
	fx.srv.FeedCacheBytes = -1
	fx.run(b, fx.feed, "", http.StatusOK, true)
}

func BenchmarkFeed304(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, fx.feed, fx.etag, http.StatusNotModified, false)
}

// BenchmarkFeed304Gzip: a client that holds the gzip-coded feed revalidates it.
func BenchmarkFeed304Gzip(b *testing.B) {
	fx := newFeedBench(b)
	fx.run(b, fx.feed, fx.gzipETag, http.StatusNotModified, true)
}
