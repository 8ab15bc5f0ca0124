package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// serveDirect sends a request to the server's handler from the given peer address.
func serveDirect(h http.Handler, method, path, peer string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.RemoteAddr = peer
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestMetricsBoundedByMadeUpMethods: requests with made-up methods are counted as OTHER, so
// /metrics stays the same size however many there are, and the log names the method cut short.
func TestMetricsBoundedByMadeUpMethods(t *testing.T) {
	e := newEnv(t)
	h := e.Server.Handler()
	serveDirect(h, "GET", "/healthz", "127.0.0.1:1000")
	for i := 0; i < 300; i++ {
		serveDirect(h, fmt.Sprintf("MADEUP%d%s", i, strings.Repeat("X", 100)), "/api/v1/communities", "127.0.0.1:1000")
	}
	before := serveDirect(h, "GET", "/metrics", "127.0.0.1:1000").Body.String()
	for i := 300; i < 600; i++ {
		serveDirect(h, fmt.Sprintf("MADEUP%d", i), "/api/v1/communities", "127.0.0.1:1000")
	}
	after := serveDirect(h, "GET", "/metrics", "127.0.0.1:1000").Body.String()
	if strings.Contains(after, "MADEUP") || !strings.Contains(after, `method="OTHER"`) {
		t.Fatalf("made-up methods are labelled as sent: %.2000s", after)
	}
	if len(after) > len(before)+2000 {
		t.Fatalf("/metrics grew from %d to %d bytes with 300 more made-up methods", len(before), len(after))
	}
	logs := e.Logs.String()
	if !strings.Contains(logs, `"sent_method":"MADEUP1XXXXXXXXXXXXX…"`) || strings.Contains(logs, strings.Repeat("X", 30)) {
		t.Fatalf("the log does not name a made-up method cut short: %.1000s", logs)
	}
}

// TestMetricsOnlyToLoopback: by default /metrics answers a loopback peer that came through no proxy;
// a bearer of --metrics-token gets it from anywhere; with --metrics-addr the main listener keeps it
// for the token alone.
func TestMetricsOnlyToLoopback(t *testing.T) {
	e := newEnv(t)
	h := e.Server.Handler()
	for _, c := range []struct {
		name, peer string
		headers    []string
		want       int
	}{
		{"loopback", "127.0.0.1:5000", nil, 200},
		{"IPv6 loopback", "[::1]:5000", nil, 200},
		{"another host", "203.0.113.5:5000", nil, 404},
		{"a private network", "192.168.1.20:5000", nil, 404},
		{"a local proxy's client", "127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.5"}, 404},
		{"a local proxy's client (Forwarded)", "127.0.0.1:5000", []string{"Forwarded", "for=203.0.113.5"}, 404},
	} {
		if w := serveDirect(h, "GET", "/metrics", c.peer, c.headers...); w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.name, w.Code, c.want)
		}
	}
	e.Server.MetricsToken = "s3cret-metrics-token"
	h = e.Server.Handler()
	if w := serveDirect(h, "GET", "/metrics", "203.0.113.5:5000", "Authorization", "Bearer s3cret-metrics-token"); w.Code != 200 || !strings.Contains(w.Body.String(), "linli_http_requests_total") {
		t.Errorf("the token from afar: %d", w.Code)
	}
	if w := serveDirect(h, "GET", "/metrics", "203.0.113.5:5000", "Authorization", "Bearer wrong"); w.Code != 404 {
		t.Errorf("a wrong token: %d, want 404", w.Code)
	}
	e.Server.MetricsElsewhere = true
	h = e.Server.Handler()
	if w := serveDirect(h, "GET", "/metrics", "127.0.0.1:5000"); w.Code != 404 {
		t.Errorf("with a metrics listener of its own, the main one served loopback: %d", w.Code)
	}
	if w := serveDirect(e.Server.MetricsHandler(), "GET", "/metrics", "203.0.113.5:5000"); w.Code != 200 {
		t.Errorf("the metrics listener: %d", w.Code)
	}
}
