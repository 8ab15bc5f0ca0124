package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/static"
)

// TestSecurityHeaders: pages carry the CSP, nosniff and no-referrer; API answers are no-store,
// errors included; HSTS only when the public URL is https; no directory is listed.
func TestSecurityHeaders(t *testing.T) {
	e, _ := startServer(t, serverOptions{server: func(s *api.Server) { s.Static = static.Files }})
	page := e.call("GET", "/", "", nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "<html") {
		t.Fatalf("the home page: %d", page.Status)
	}
	for _, r := range []response{page, e.call("GET", "/app.js", "", nil), e.call("GET", "/api/v1/me", e.Admin, nil)} {
		csp := r.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("headers %v lack the CSP, nosniff or no-referrer", r.Header)
		}
		if r.Header.Get("Strict-Transport-Security") != "" {
			t.Error("HSTS on a plain-http server")
		}
	}
	for _, r := range []response{
		e.call("GET", "/api/v1/me", e.Admin, nil),
		e.call("GET", "/api/v1/me", "", nil),
		e.call("GET", "/api/v1/communities", "", nil),
		e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "admin@linli.test", "password": "admin-password"}),
		e.call("GET", "/api/v1/no-such-route", "", nil),
	} {
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("an API answer %d %.80s has Cache-Control %q, want no-store", r.Status, r.Body, r.Header.Get("Cache-Control"))
		}
	}
	if cc := page.Header.Get("Cache-Control"); cc == "no-store" {
		t.Error("the pages, which hold no personal data, are no-store")
	}
	for _, dir := range []string{"/pages/", "/i18n/", "/pages", "/i18n", "/pages/../i18n/"} {
		r := e.call("GET", dir, "", nil)
		if r.Status != http.StatusNotFound || strings.Contains(string(r.Body), "me.js") || strings.Contains(string(r.Body), "en.js") {
			t.Errorf("GET %s: %d %.200s; want 404 and no listing", dir, r.Status, r.Body)
		}
	}
	e.must(200, e.call("GET", "/pages/me.js", "", nil), nil)

	https, _ := startServer(t, serverOptions{server: func(s *api.Server) { s.PublicURL = "https://linli.example.cn" }})
	if h := https.call("GET", "/healthz", "", nil).Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("an https server sent Strict-Transport-Security %q", h)
	}
}
