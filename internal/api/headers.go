package api

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// ContentSecurityPolicy lets pages load scripts, styles, images and data from this server only,
// and no other site frame them: the pages have no inline script or style, so it needs no exception.
const ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// securityHeaders sets on every answer the headers of API.md (Operations): the CSP, no MIME
// sniffing, no Referer (feed URLs are secrets), and HSTS when the public URL is https.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(s.PublicURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// noStore marks every API answer Cache-Control: no-store, so that no browser or proxy keeps
// personal data; a handler that knows better (a calendar download) sets its own.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// staticFiles serves the web pages from files, never listing a directory: a directory other than
// the root, which serves index.html, is 404.
func (s *Server) staticFiles(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name != "" {
			if info, err := fs.Stat(files, name); err == nil && info.IsDir() {
				s.renderError(w, r, linli.NotFound("page"))
				return
			}
		}
		fileServer.ServeHTTP(w, r)
	})
}
