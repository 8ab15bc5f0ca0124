package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                           false,
		"gzip":                       true,
		"gzip, deflate, br":          true,
		"br;q=1.0, GZIP;q=0.5":       true,
		"x-gzip":                     true,
		"*":                          true,
		"gzip;q=0":                   false,
		"gzip;q=0.000, *":            false,
		"*;q=0":                      false,
		"identity":                   false,
		"deflate, br":                false,
		"gzip;q=bogus":               false,
		"br, *;q=0.1":                true,
		"gzip;level=1;q=0.2, br;q=0": true,
	} {
		if got := acceptsGzip([]string{header}); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

// TestCompress: which answers the middleware compresses, and the headers it sets.
func TestCompress(t *testing.T) {
	big := strings.Repeat(`{"title":"四点半课堂","venue":"活动中心 201"},`, 100)
	cases := []struct {
		name          string
		method        string
		reqHeaders    []string
		handler       http.HandlerFunc
		gzipped       bool
		status        int
		etag, vary    string
		contentLength string
	}{
		{name: "big JSON", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: writeBody("application/json; charset=utf-8", big, `"j1"`),
			gzipped: true, status: 200, etag: `"j1-gzip"`, vary: "Accept-Encoding"},
		{name: "big JSON in many writes", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < 100; i++ {
				io.WriteString(w, big[:len(big)/100])
			}
		}, gzipped: true, status: 200, vary: "Accept-Encoding"},
		{name: "client without gzip", handler: writeBody("application/json", big, `"j1"`),
			status: 200, etag: `"j1"`, vary: "Accept-Encoding", contentLength: ""},
		{name: "gzip refused with q=0", reqHeaders: []string{"Accept-Encoding", "gzip;q=0, br"}, handler: writeBody("application/json", big, ""),
			status: 200, vary: "Accept-Encoding", contentLength: ""},
		{name: "small JSON", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: writeBody("application/json", `{"ok":true}`, ""),
			status: 200, vary: "Accept-Encoding", contentLength: "11"},
		{name: "compressed already", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			writeBody("application/json", big, "")(w, r)
		}, status: 200, vary: "Accept-Encoding", contentLength: ""},
		{name: "an image", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: writeBody("image/png", big, ""),
			status: 200, contentLength: ""},
		{name: "a spreadsheet", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: writeBody("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", big, ""),
			status: 200, contentLength: ""},
		{name: "a range", reqHeaders: []string{"Accept-Encoding", "gzip", "Range", "bytes=0-99"}, handler: serveContent(big, `"c1"`),
			status: 206, etag: `"c1"`, vary: "Accept-Encoding", contentLength: "100"},
		{name: "HEAD", method: "HEAD", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: serveContent(big, `"c1"`),
			gzipped: true, status: 200, etag: `"c1-gzip"`, vary: "Accept-Encoding"},
		{name: "HEAD of a small answer", method: "HEAD", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: serveContent("BEGIN:VCALENDAR", `"c2"`),
			status: 200, etag: `"c2"`, vary: "Accept-Encoding", contentLength: "15"},
		{name: "304 for the gzip ETag", reqHeaders: []string{"Accept-Encoding", "gzip", "If-None-Match", `"c1-gzip"`}, handler: serveContent(big, `"c1"`),
			status: 304, etag: `"c1-gzip"`, vary: "Accept-Encoding"},
		{name: "304 for the identity ETag", reqHeaders: []string{"Accept-Encoding", "gzip", "If-None-Match", `"c0", "c1"`}, handler: serveContent(big, `"c1"`),
			status: 304, etag: `"c1"`, vary: "Accept-Encoding"},
		{name: "a gzip ETag of another version", reqHeaders: []string{"Accept-Encoding", "gzip", "If-None-Match", `"c0-gzip"`}, handler: serveContent(big, `"c1"`),
			gzipped: true, status: 200, etag: `"c1-gzip"`, vary: "Accept-Encoding"},
		{name: "204", reqHeaders: []string{"Accept-Encoding", "gzip"}, handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) },
			status: 204},
	}
	s := &Server{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			method := c.method
			if method == "" {
				method = "GET"
			}
			req := httptest.NewRequest(method, "/x", nil)
			for i := 0; i+1 < len(c.reqHeaders); i += 2 {
				req.Header.Set(c.reqHeaders[i], c.reqHeaders[i+1])
			}
			rec := httptest.NewRecorder()
			s.compress(c.handler).ServeHTTP(rec, req)
			res := rec.Result()
			body := rec.Body.Bytes()
			h := res.Header
			if res.StatusCode != c.status || h.Get("ETag") != c.etag || h.Get("Vary") != c.vary || h.Get("Content-Length") != c.contentLength {
				t.Errorf("%d, ETag %q, Vary %q, Content-Length %q; want %d, %q, %q, %q", res.StatusCode, h.Get("ETag"), h.Get("Vary"), h.Get("Content-Length"),
					c.status, c.etag, c.vary, c.contentLength)
			}
			if gz := h.Get("Content-Encoding") == "gzip"; gz != c.gzipped {
				t.Fatalf("Content-Encoding %q, want gzip %v", h.Get("Content-Encoding"), c.gzipped)
			}
			switch {
			case method == "HEAD" || c.status == 304 || c.status == 204:
				if len(body) != 0 {
					t.Errorf("%d octets of body", len(body))
				}
			case c.gzipped:
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				plain, err := io.ReadAll(zr)
				if err != nil || string(plain) != big || len(body) >= len(big)/4 {
					t.Errorf("gunzipped %d octets (%v) from %d, want the %d written", len(plain), err, len(body), len(big))
				}
			case c.status == 206:
				if string(body) != big[:100] {
					t.Errorf("range: %q", body)
				}
			default:
				if string(body) != big && string(body) != `{"ok":true}` {
					t.Errorf("identity body %q", body)
				}
			}
		})
	}
}

func writeBody(contentType, body, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		io.WriteString(w, body)
	}
}

func serveContent(body, etag string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("ETag", etag)
		http.ServeContent(w, r, "", time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC), strings.NewReader(body))
	}
}
