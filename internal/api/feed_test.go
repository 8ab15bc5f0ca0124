package api_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/ical"
	"github.com/linli/linli/internal/storage"
)

// TestFeedLinks: the personal feed's URLs use the public URL, the feed answers anyone holding
// its link, rotation stops the old link at once, and every refused link gets the same 404.
func TestFeedLinks(t *testing.T) {
	e := newFeedEnv(t)
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", "/api/v1/me/feeds", "", nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("POST", "/api/v1/me/feeds/rotate", "", nil))

	// Feeds cost nothing to users who never subscribed: no rows follow their bookings.
	_, sessions := e.class("2026-07-06", "2026-07-06")
	e.bookings(sessions[0].ID, e.Xiaoming)
	if n := e.count("feed_entries"); n != 0 {
		t.Fatalf("%d feed entries before anyone subscribed", n)
	}
	link := e.feedLinks(e.ParentCookie)
	if n := e.count("feed_entries"); n != 1 {
		t.Fatalf("%d feed entries after the parent subscribed, want 1 (their booking)", n)
	}
	token := strings.TrimSuffix(strings.TrimPrefix(link.URL, fdPublicURL+"/ical/"), ".ics")
	if len(token) != 43 || link.WebcalURL != "webcal://linli.example.cn/ical/"+token+".ics" || link.LastFetchedAt != nil {
		t.Fatalf("feed link %+v: want https and webcal URLs with a 256-bit token, never fetched", link)
	}
	if again := e.feedLinks(e.ParentCookie); again.URL != link.URL {
		t.Fatalf("the link changed between two reads: %s, then %s", link.URL, again.URL)
	}
	var n int
	if err := e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM feed_tokens WHERE token_hash = ? OR CAST(token_hash AS TEXT) LIKE ?`, []byte(token), "%"+token+"%").Scan(&n); err != nil || n != 0 {
		t.Fatalf("the database holds the token itself (%d rows, %v)", n, err)
	}

	e.Clock.Set(fdNow.Add(time.Minute))
	e.feed(link.path())
	fetched := e.feedLinks(e.ParentCookie).LastFetchedAt
	if fetched == nil || !fetched.Equal(fdNow.Add(time.Minute)) {
		t.Fatalf("last_fetched_at %v after a fetch, want %v", fetched, fdNow.Add(time.Minute))
	}
	if err := (storage.Feeds{DB: e.DB}).FlushFetches(context.Background()); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := e.DB.ReadPool().QueryRow(`SELECT last_fetched_at FROM feed_tokens`).Scan(&stored); err != nil || !strings.HasPrefix(stored, "2026-07-01T02:01:00") {
		t.Fatalf("stored last_fetched_at %q (%v) after the flush", stored, err)
	}

	var rotated struct{ Items []fdLink }
	e.must(http.StatusOK, e.call("POST", "/api/v1/me/feeds/rotate", e.ParentCookie, nil), &rotated)
	if len(rotated.Items) != 1 || rotated.Items[0].URL == link.URL || rotated.Items[0].LastFetchedAt != nil {
		t.Fatalf("rotate answered %+v", rotated.Items)
	}
	if now := e.feedLinks(e.ParentCookie); now.URL != rotated.Items[0].URL {
		t.Fatalf("GET /me/feeds shows %s after rotating to %s", now.URL, rotated.Items[0].URL)
	}
	e.feed(rotated.Items[0].path())

	old := e.fetch("GET", link.path())
	unknown := e.fetch("GET", "/ical/"+strings.Repeat("A", 43)+".ics")
	malformed := e.fetch("GET", "/ical/x.ics")
	for name, r := range map[string]response{"rotated": old, "unknown": unknown, "malformed": malformed} {
		if r.Status != http.StatusNotFound || !bytes.Equal(r.Body, old.Body) {
			t.Errorf("%s token: %d %s; want the same 404 as a rotated one (%s)", name, r.Status, r.Body, old.Body)
		}
	}
	if bytes.Contains(old.Body, []byte(token)) {
		t.Errorf("the 404 names the token: %s", old.Body)
	}
	for _, tok := range []string{token, strings.TrimSuffix(strings.TrimPrefix(rotated.Items[0].URL, fdPublicURL+"/ical/"), ".ics")} {
		if strings.Contains(e.Logs.String(), tok) {
			t.Fatalf("a feed token is in the logs:\n%s", e.Logs.String())
		}
	}
	if !strings.Contains(e.Logs.String(), `"route":"/ical/{token}.ics"`) {
		t.Errorf("feed requests are not logged by route pattern:\n%s", e.Logs.String())
	}
	if e.count("audit_log WHERE action = 'feed.rotate'") != 1 {
		t.Error("the rotation is not in the audit log")
	}
}

// TestFeedHTTP: the conditional requests, HEAD and headers calendar clients rely on (R25–R28).
func TestFeedHTTP(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-10")
	e.bookings(sessions[0].ID, e.Xiaoming)
	personal := e.feedLinks(e.ParentCookie).path()

	for _, c := range []struct{ name, path, cacheControl string }{
		{"personal", personal, "private, no-cache"},
		{"community", "/ical/communities/" + e.Community + ".ics", "public, max-age=3600"},
		{"program", "/ical/programs/" + programID + ".ics", "public, max-age=3600"},
	} {
		t.Run(c.name, func(t *testing.T) {
			first, second := e.feed(c.path), e.feed(c.path)
			etag := first.Header.Get("ETag")
			if !strings.HasPrefix(etag, `"`) || etag != second.Header.Get("ETag") || !bytes.Equal(first.Body, second.Body) {
				t.Fatalf("two GETs without a change: ETag %s then %s, same bytes %v", etag, second.Header.Get("ETag"), bytes.Equal(first.Body, second.Body))
			}
			if first.Header.Get("Cache-Control") != c.cacheControl || first.Header.Get("Last-Modified") == "" || first.Header.Get("Content-Disposition") != "" {
				t.Errorf("headers %v", first.Header)
			}
			if errs := ical.Lint(first.Body); len(errs) > 0 {
				t.Fatalf("lint: %v", errs)
			}
			for _, h := range [][]string{{"If-None-Match", etag}, {"If-Modified-Since", first.Header.Get("Last-Modified")}} {
				r := e.fetch("GET", c.path, h...)
				if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != etag {
					t.Errorf("%s: %d with %d bytes, ETag %s; want 304", h[0], r.Status, len(r.Body), r.Header.Get("ETag"))
				}
			}
			head := e.fetch("HEAD", c.path)
			if head.Status != http.StatusOK || len(head.Body) != 0 || head.Header.Get("ETag") != etag ||
				head.Header.Get("Content-Length") != first.Header.Get("Content-Length") || head.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
				t.Errorf("HEAD: %d, %d bytes, headers %v", head.Status, len(head.Body), head.Header)
			}
		})
	}

	before := map[string]string{}
	paths := []string{personal, "/ical/communities/" + e.Community + ".ics", "/ical/programs/" + programID + ".ics"}
	for _, p := range paths {
		before[p] = e.feed(p).Header.Get("ETag")
	}
	e.Clock.Set(fdNow.Add(time.Hour))
	e.patchSession(sessions[0].ID, map[string]any{"starts_at": "2026-07-06T17:00:00+08:00"})
	for _, p := range paths {
		r := e.fetch("GET", p, "If-None-Match", before[p])
		if r.Status != http.StatusOK || r.Header.Get("ETag") == before[p] {
			t.Errorf("%s after a move: %d, ETag %s unchanged", p, r.Status, r.Header.Get("ETag"))
		}
	}
}
