package api

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linli_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "linli_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

// MetricsHandler serves the Prometheus metrics to whoever reaches it: for a listener of its own
// (--metrics-addr).
func (s *Server) MetricsHandler() http.Handler {
	return promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{})
}

// metricsHandler serves /metrics on the main listener: to a bearer of MetricsToken from anywhere;
// otherwise, unless MetricsElsewhere, to a loopback peer whose request came through no proxy.
// Everyone else gets 404, as if there were no such page.
func (s *Server) metricsHandler() http.Handler {
	metrics := s.MetricsHandler()
	return s.h(func(w http.ResponseWriter, r *http.Request) error {
		if !s.metricsAllowed(r) {
			return linli.NotFound("page")
		}
		metrics.ServeHTTP(w, r)
		return nil
	})
}

func (s *Server) metricsAllowed(r *http.Request) bool {
	if s.MetricsToken != "" {
		auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if ok && subtle.ConstantTimeCompare([]byte(auth), []byte(s.MetricsToken)) == 1 {
			return true
		}
	}
	if s.MetricsElsewhere || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Forwarded-For") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	peer, err := netip.ParseAddr(host)
	return err == nil && peer.Unmap().IsLoopback()
}

// knownMethods are the methods counted under their own name; any other is counted as OTHER, so
// that made-up methods cannot grow the metrics without bound.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true, http.MethodPatch: true,
	http.MethodDelete: true, http.MethodOptions: true, http.MethodConnect: true, http.MethodTrace: true,
}

// methodLabel is the method as metrics and logs name it: a known method, or OTHER.
func methodLabel(m string) string {
	if knownMethods[m] {
		return m
	}
	return "OTHER"
}

// truncate shortens s to at most n bytes, for logging what a client made up.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe counts and times each request by route pattern and logs it without path or query.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		route := routePattern(r)
		d := time.Since(start)
		method := methodLabel(r.Method)
		s.metrics.requests.WithLabelValues(route, method, strconv.Itoa(sw.status)).Inc()
		s.metrics.latency.WithLabelValues(route, method).Observe(d.Seconds())
		if method == "OTHER" {
			s.Logger.Info("request", "method", method, "sent_method", truncate(r.Method, 20), "route", route, "status", sw.status, "ms", float64(d.Microseconds())/1000)
			return
		}
		if sw.status == http.StatusTooManyRequests {
			// Whom a limit refused, for the operator: the client address the limits counted.
			s.Logger.Info("request", "method", method, "route", route, "status", sw.status, "ms", float64(d.Microseconds())/1000, "client", s.clientAddr(r))
			return
		}
		s.Logger.Info("request", "method", method, "route", route, "status", sw.status, "ms", float64(d.Microseconds())/1000)
	})
}
