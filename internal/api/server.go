// Package api serves linli's HTTP interface: the JSON API under /api/v1, health and metrics, and
// the embedded web pages. Handlers parse, make one service call and encode.
package api

import (
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/prometheus/client_golang/prometheus"
)

// Services are the domain services the API serves.
type Services struct {
	Accounts    linli.AccountService
	Communities linli.CommunityService
	Audit       linli.AuditService
	Idempotency IdempotencyStore      // the entries of Idempotency-Key
	Planning    linli.PlanningService // day calendars, programs and sessions
	Attendance  linli.AttendanceService
	Children    linli.ChildService
	Bookings    linli.BookingService // bookings, and the deletion and export of a child
	// Notices are the in-app inbox and the webhooks.
	Notices linli.NotificationService
	Feeds   linli.FeedService // calendar feeds: personal tokens, versions, what feeds show
	// Volunteers are shift sign-ups, service hours and their reports, visits and concerns.
	Volunteers linli.VolunteerService
	Rounds     linli.RoundService // application rounds (报名摇号)
	// Ready reports whether storage answers, for /readyz.
	Ready func(r *http.Request) error
}

// Server is the HTTP front of linli.
type Server struct {
	Services
	Logger         *slog.Logger
	Now            func() time.Time
	SecureCookies  bool
	TrustedProxies []netip.Prefix
	Static         fs.FS
	Registry       *prometheus.Registry
	PublicURL      string // for feed links and UIDs; the request's host when empty
	FeedCacheBytes int64  // bound of the encoded feeds kept in memory; 0: DefaultFeedCacheBytes, < 0: none
	// RegisterLimit is how many registrations one client address may make in linli.RegisterWindow,
	// counted in the database across instances; 0: no limit.
	RegisterLimit int
	// MetricsToken, when set, is a bearer token that lets /metrics in from anywhere.
	MetricsToken string
	// MetricsElsewhere: /metrics has a listener of its own (MetricsHandler), so the main listener
	// serves it only to MetricsToken.
	MetricsElsewhere bool
	// AllowPrivateWebhooks accepts webhook URLs on loopback, link-local, private and multicast
	// addresses (--allow-private-webhooks); Resolver resolves webhook hosts (nil: the system's).
	AllowPrivateWebhooks bool
	Resolver             notify.Resolver
	metrics              *metrics
	feeds                feedState
	router               chi.Router
}

// NewServer builds the router. reg may be nil for a private registry.
func NewServer(svc Services, logger *slog.Logger, reg *prometheus.Registry) *Server {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	s := &Server{Services: svc, Logger: logger, Now: time.Now, Registry: reg}
	s.metrics = newMetrics(reg)
	return s
}

// Handler returns the whole HTTP handler, with cross-origin protection around it.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(s.recoverer, s.observe, s.securityHeaders, s.limitBody, s.authenticate)
	r.Use(s.compress) // gzip.go
	r.Get("/healthz", s.h(s.healthz))
	r.Get("/readyz", s.h(s.readyz))
	r.Handle("/metrics", s.metricsHandler())
	r.With(noStore).Route("/api/v1", s.apiRoutes)
	s.icalRoutes(r)
	if s.Static != nil {
		r.Handle("/*", s.staticFiles(s.Static))
	}
	s.router = r
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, linli.Errorf(linli.EForbidden, "cross-site request refused"))
	}))
	return cop.Handler(r)
}

func (s *Server) apiRoutes(r chi.Router) {
	r.NotFound(s.h(func(w http.ResponseWriter, r *http.Request) error { return linli.NotFound("route") }))
	r.MethodNotAllowed(s.h(func(w http.ResponseWriter, r *http.Request) error {
		return linli.Errorf(linli.EInvalid, "method %s is not allowed here", r.Method)
	}))
	s.accountRoutes(r)
	s.deviceRoutes(r)
	s.communityRoutes(r)
	s.placeRoutes(r)
	s.planningRoutes(r)
	s.childRoutes(r)
	s.attendanceRoutes(r)
	s.bookingRoutes(r)
	s.notificationRoutes(r)
	s.feedRoutes(r)
	s.volunteerRoutes(r)
	s.roundRoutes(r) // round.go
	r.Get("/audit", s.h(s.findAudit))
}
