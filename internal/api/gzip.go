package api

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipMinBytes is the smallest body compressed: below it gzip's header and the CPU cost more than
// the octets saved (an error, a session, a short list).
const gzipMinBytes = 1024

// gzipSuffix marks the ETag of a gzip-coded answer, which differs from the identity one (RFC
// 9110 §8.8.3.3: a strong validator names one representation, and the coding is part of it).
const gzipSuffix = "-gzip"

// gzipTypes are the media types compressed: feeds and JSON. Spreadsheets, images and zips are
// compressed already.
var gzipTypes = []string{"text/calendar", "application/json"}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// compress gzips feeds and JSON answers of at least gzipMinBytes for clients that accept gzip,
// suffixing their ETag with -gzip and adding Vary: Accept-Encoding. An If-None-Match naming the
// gzip ETag reaches the handler as the identity one, so a revalidation is still a 304, which then
// names the gzip ETag again. HEAD gets the headers GET would; ranges are served uncompressed.
func (s *Server) compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inm := r.Header.Get("If-None-Match")
		if strings.Contains(inm, gzipSuffix+`"`) {
			r.Header.Set("If-None-Match", strings.ReplaceAll(inm, gzipSuffix+`"`, `"`))
		}
		gw := &gzipWriter{ResponseWriter: w, head: r.Method == http.MethodHead, inm: inm,
			accepts: acceptsGzip(r.Header.Values("Accept-Encoding")) && r.Header.Get("Range") == ""}
		next.ServeHTTP(gw, r)
		gw.finish() // not deferred: after a panic, recoverer answers 500 instead of what is held
	})
}

// acceptsGzip reports whether an Accept-Encoding header accepts gzip (RFC 9110 §12.5.3): named,
// or matched by *, with a q-value above 0.
func acceptsGzip(values []string) bool {
	gzipQ, starQ := -1.0, -1.0
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(item), ";")
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, val, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
						q = f
					} else {
						q = 0
					}
				}
			}
			switch name = strings.ToLower(strings.TrimSpace(name)); name {
			case "gzip", "x-gzip":
				gzipQ = max(gzipQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if gzipQ >= 0 {
		return gzipQ > 0
	}
	return starQ > 0
}

// gzipWriter holds an answer's status and first octets until it knows whether to compress: at
// gzipMinBytes of body, or at the end.
type gzipWriter struct {
	http.ResponseWriter
	accepts, head bool
	inm           string // the request's If-None-Match as the client sent it
	status        int    // held until decided
	buf           []byte // held until decided
	decided       bool
	zw            *gzip.Writer // nil: identity
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) WriteHeader(code int) {
	if g.decided || g.status != 0 {
		return // superfluous
	}
	if code < 200 {
		g.ResponseWriter.WriteHeader(code) // informational: passed on, the final answer follows
		return
	}
	g.status = code
	if !g.bodyAllowed() {
		g.decide(false)
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if g.status == 0 {
		g.status = http.StatusOK
	}
	if g.decided {
		if g.zw != nil {
			return g.zw.Write(p)
		}
		return g.ResponseWriter.Write(p)
	}
	g.buf = append(g.buf, p...)
	if len(g.buf) >= gzipMinBytes {
		if err := g.decide(g.eligible(len(g.buf))); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush sends what is held, deciding on what has been written so far.
func (g *gzipWriter) Flush() {
	if !g.decided && g.status != 0 {
		g.decide(g.eligible(len(g.buf)))
	}
	if g.zw != nil {
		g.zw.Flush()
	}
	http.NewResponseController(g.ResponseWriter).Flush()
}

// bodyAllowed reports whether the held status may carry a body a coding applies to.
func (g *gzipWriter) bodyAllowed() bool {
	return g.status != http.StatusNoContent && g.status != http.StatusNotModified && g.status != http.StatusPartialContent
}

// eligible reports whether an answer of n body octets (or of its Content-Length, when set) is
// compressed: the client accepts gzip, the type is a feed or JSON, nothing coded it already.
func (g *gzipWriter) eligible(n int) bool {
	h := g.Header()
	if !g.compressible() || !g.accepts || h.Get("Content-Encoding") != "" || !g.bodyAllowed() {
		return false
	}
	if cl, err := strconv.Atoi(h.Get("Content-Length")); err == nil {
		n = cl
	}
	return n >= gzipMinBytes
}

// compressible reports whether the answer's type is one that gzip serves.
func (g *gzipWriter) compressible() bool {
	ct := g.Header().Get("Content-Type")
	for _, t := range gzipTypes {
		if strings.HasPrefix(ct, t) {
			return true
		}
	}
	return false
}

// decide writes the held status and octets, gzip-coded when zip is set.
func (g *gzipWriter) decide(zip bool) error {
	g.decided = true
	h := g.Header()
	if g.compressible() || g.status == http.StatusNotModified {
		h.Add("Vary", "Accept-Encoding")
	}
	if g.status == http.StatusNotModified {
		// The validator names the representation the client holds: the identity one if it named
		// that, else the gzip one if it sent that or accepts gzip (a feed or a JSON list is larger
		// than gzipMinBytes, and a client revalidating by date alone holds what it was sent).
		if etag := h.Get("ETag"); etag != "" && !etagListed(g.inm, etag) && (g.accepts || etagListed(g.inm, gzipETag(etag))) {
			h.Set("ETag", gzipETag(etag))
		}
	}
	if zip {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		h.Del("Accept-Ranges")
		if etag := h.Get("ETag"); etag != "" {
			h.Set("ETag", gzipETag(etag))
		}
	}
	g.ResponseWriter.WriteHeader(g.status)
	if zip && !g.head {
		g.zw = gzipWriters.Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	if len(g.buf) == 0 {
		return nil
	}
	buf := g.buf
	g.buf = nil
	var err error
	if g.zw != nil {
		_, err = g.zw.Write(buf)
	} else {
		_, err = g.ResponseWriter.Write(buf)
	}
	return err
}

// finish decides what is still held, and ends the gzip stream.
func (g *gzipWriter) finish() {
	if !g.decided && g.status != 0 {
		n := len(g.buf)
		if !g.head {
			// The whole body is known: its length decides, not a Content-Length the handler set.
			g.Header().Set("Content-Length", strconv.Itoa(n))
		}
		g.decide(g.eligible(n))
	}
	if g.zw != nil {
		g.zw.Close()
		g.zw.Reset(nil)
		gzipWriters.Put(g.zw)
		g.zw = nil
	}
}

// gzipETag is the ETag of the gzip coding of the answer with etag: "x" becomes "x-gzip".
func gzipETag(etag string) string {
	if strings.HasSuffix(etag, gzipSuffix+`"`) || !strings.HasSuffix(etag, `"`) {
		return etag
	}
	return strings.TrimSuffix(etag, `"`) + gzipSuffix + `"`
}

// etagListed reports whether an If-None-Match header lists etag itself.
func etagListed(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}
