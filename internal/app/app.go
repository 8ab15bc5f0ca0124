// Package app wires linli together: the one place that says which implementation serves each
// part of api.Services and how the server and its notification worker are built, for the binary
// and for every test that runs the server (the API tests' fixtures, the browser journeys).
package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Options are what the binary, or a test, chooses about the server it builds.
type Options struct {
	// Logger receives the server's logs; nil discards them.
	Logger *slog.Logger
	// Now is the clock of the database and the handlers; nil keeps the database's.
	Now func() time.Time
	// FeedSecret is the secret personal feed tokens derive from (the binary reads it from
	// --feed-secret-file); nil: the file beside the database, read when a feed link is made.
	FeedSecret []byte
}

// Services returns the API's services, all kept in db, with personal feeds signed by feedSecret.
func Services(db *storage.DB, feedSecret []byte) api.Services {
	return api.Services{
		Accounts:    storage.Accounts{DB: db},
		Communities: storage.Communities{DB: db},
		Audit:       storage.Audit{DB: db},
		Idempotency: storage.Idempotency{DB: db},
		Planning:    storage.Planning{DB: db},
		Attendance:  storage.Attendance{DB: db},
		Children:    storage.Children{DB: db},
		Bookings:    storage.Bookings{DB: db},
		Notices:     storage.Notifications{DB: db},
		Volunteers:  storage.Volunteers{DB: db},
		Rounds:      storage.Rounds{DB: db},
		Feeds:       storage.Feeds{DB: db, Secret: feedSecret},
		Ready:       func(r *http.Request) error { return db.Ping(r.Context()) },
	}
}

// New returns the HTTP server over db with every service wired, on one clock and one logger with
// the database, and a metrics registry that also reports the Go runtime, the process and both connection pools.
// The caller sets the server's remaining fields (PublicURL, Static, TrustedProxies …) before
// calling its Handler.
func New(db *storage.DB, o Options) *api.Server {
	if o.Now != nil {
		db.Now = o.Now
	}
	logger := o.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db.Logger = logger
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.WritePool(), "write"), collectors.NewDBStatsCollector(db.ReadPool(), "read"))
	srv := api.NewServer(Services(db, o.FeedSecret), logger, reg)
	srv.Now = db.Now
	return srv
}

// Worker returns the worker that delivers db's notifications (webhooks and reminders), on the
// database's clock; the caller sets its policy fields and starts it.
func Worker(db *storage.DB, logger *slog.Logger) *notify.Worker {
	w := notify.New(storage.Outbox{DB: db}, logger)
	w.Now = db.Now
	return w
}
