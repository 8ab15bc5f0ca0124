package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// gunzip decodes a gzip body, failing the test if it is not one.
func gunzip(t *testing.T, body []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

// TestFeedGzip: a client that accepts gzip gets feeds and JSON lists gzip-coded under an ETag of
// their own ("…-gzip"), revalidates them with a 304, and HEAD answers as GET would; a client that
// does not gets the same bytes as before. Every such answer varies by Accept-Encoding.
func TestFeedGzip(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-10")
	e.bookings(sessions[0].ID, e.Xiaoming)
	paths := map[string]string{
		"personal":  e.feedLinks(e.ParentCookie).path(),
		"community": "/ical/communities/" + e.Community + ".ics",
		"program":   "/ical/programs/" + programID + ".ics",
		"download":  "/api/v1/sessions/" + sessions[0].ID + ".ics",
	}
	for name, path := range paths {
		t.Run(name, func(t *testing.T) {
			plain := e.fetch("GET", path)
			zipped := e.fetch("GET", path, "Accept-Encoding", "gzip")
			etag := plain.Header.Get("ETag")
			if plain.Status != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || plain.Header.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("without gzip: %d %v", plain.Status, plain.Header)
			}
			if zipped.Status != http.StatusOK || zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("Vary") != "Accept-Encoding" ||
				zipped.Header.Get("ETag") != strings.TrimSuffix(etag, `"`)+`-gzip"` || zipped.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
				zipped.Header.Get("Last-Modified") != plain.Header.Get("Last-Modified") {
				t.Fatalf("with gzip: %d %v (identity ETag %s)", zipped.Status, zipped.Header, etag)
			}
			if !bytes.Equal(gunzip(t, zipped.Body), plain.Body) || len(zipped.Body) >= len(plain.Body) {
				t.Errorf("the gzip body (%d octets) is not the feed (%d octets) compressed", len(zipped.Body), len(plain.Body))
			}
			gzETag := zipped.Header.Get("ETag")
			for _, c := range []struct {
				name    string
				headers []string
				etag    string
			}{
				{"If-None-Match with the gzip ETag", []string{"Accept-Encoding", "gzip", "If-None-Match", gzETag}, gzETag},
				{"If-None-Match with the identity ETag", []string{"If-None-Match", etag}, etag},
				{"If-Modified-Since with gzip", []string{"Accept-Encoding", "gzip", "If-Modified-Since", zipped.Header.Get("Last-Modified")}, gzETag},
			} {
				r := e.fetch("GET", path, c.headers...)
				if r.Status != http.StatusNotModified || len(r.Body) != 0 || r.Header.Get("ETag") != c.etag || r.Header.Get("Content-Encoding") != "" {
					t.Errorf("%s: %d, %d octets, headers %v; want 304 with ETag %s", c.name, r.Status, len(r.Body), r.Header, c.etag)
				}
			}
			if name == "download" {
				return // GET only
			}
			head := e.fetch("HEAD", path, "Accept-Encoding", "gzip")
			if head.Status != http.StatusOK || len(head.Body) != 0 || head.Header.Get("Content-Encoding") != "gzip" || head.Header.Get("ETag") != gzETag ||
				head.Header.Get("Content-Length") != "" {
				t.Errorf("HEAD with gzip: %d, %d octets, %v", head.Status, len(head.Body), head.Header)
			}
			if head := e.fetch("HEAD", path); head.Header.Get("ETag") != etag || head.Header.Get("Content-Length") != plain.Header.Get("Content-Length") {
				t.Errorf("HEAD without gzip: %v", head.Header)
			}
		})
	}

	// JSON: a list of sessions is compressed, a small answer is not.
	list := e.call("GET", "/api/v1/sessions?program_id="+programID+"&from=2026-07-01", e.Coord, nil, "Accept-Encoding", "gzip")
	if list.Status != http.StatusOK || list.Header.Get("Content-Encoding") != "gzip" || list.Header.Get("Vary") != "Accept-Encoding" ||
		!bytes.Contains(gunzip(t, list.Body), []byte(sessions[4].ID)) {
		t.Errorf("a JSON list with gzip: %d %v", list.Status, list.Header)
	}
	small := e.call("GET", "/api/v1/sessions/"+sessions[0].ID, e.Coord, nil, "Accept-Encoding", "gzip")
	if small.Status != http.StatusOK || len(small.Body) >= 1024 || small.Header.Get("Content-Encoding") != "" || !bytes.Contains(small.Body, []byte(sessions[0].ID)) {
		t.Errorf("a small JSON answer (%d octets): %d %v", len(small.Body), small.Status, small.Header)
	}
	notFound := e.fetch("GET", "/ical/communities/0190a000-0000-7000-8000-00000000abcd.ics", "Accept-Encoding", "gzip")
	e.mustFail(http.StatusNotFound, "not_found", "", notFound)
}
