// Command linli runs the neighbourhood-services server and its administrative subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // community time zones load on minimal systems too

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/demo"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/static"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "linli:", err)
		}
		os.Exit(1)
	}
}

// run dispatches the subcommands: serve (the default), admin create, migrate, backup, copy,
// bench, calendar import, round verify.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		m := NewMain(stdout, stderr)
		if err := m.ParseFlags(args); err != nil {
			return err
		}
		stopProfiles, err := startProfiles()
		if err != nil {
			return err
		}
		if err := m.Run(ctx); err != nil {
			m.Close()
			return errors.Join(err, stopProfiles())
		}
		<-ctx.Done()
		return errors.Join(m.Close(), stopProfiles())
	case "admin":
		if len(args) == 0 || args[0] != "create" {
			return errors.New("usage: linli admin create --db FILE --login LOGIN --password-stdin [--name NAME]")
		}
		return adminCreate(ctx, args[1:], stdin, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, stdout, stderr)
	case "backup":
		return backup(ctx, args, stdout, stderr)
	case "copy":
		return copyCmd(ctx, args, stdout, stderr)
	case "bench":
		return bench(ctx, args, stdout, stderr)
	case "calendar":
		return calendarCmd(ctx, args, stdout, stderr)
	case "round":
		os.Exit(roundCmd(args, stdin, stdout, stderr))
	}
	return fmt.Errorf("unknown command %q (serve, admin create, migrate, backup, copy, bench, calendar import, round verify)", cmd)
}

// serverClock is the clock that every command's database, and serve, run on: the real one in
// the binary. This package's tests set the test clock (internal/testclock) before any test runs,
// in their own process and in the server processes they start, so that none depends on the wall
// clock.
var serverClock = time.Now

// Main is the running server: its configuration, database and HTTP server.
type Main struct {
	Config Config
	// Now is the clock of the database, the handlers and the notification worker (serverClock
	// when nil at Run).
	Now    func() time.Time
	DB     *storage.DB
	Server *http.Server
	Logger *slog.Logger
	Worker *notify.Worker
	Addr   string // the address actually listened on, after Run
	// MetricsAddr is the address /metrics is served on apart (--metrics-addr), after Run.
	MetricsAddr string
	metrics     *http.Server
	stdout      io.Writer
	stderr      io.Writer
	proxies     string
	listener    net.Listener
	served      chan error
	stopKeep    chan struct{} // closed by Close to end housekeeping
	kept        chan struct{} // closed when housekeeping has ended

	api *api.Server // the HTTP front
}

// NewMain returns a Main that prints to stdout and logs to stderr.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{stdout: stdout, stderr: stderr}
}

// ParseFlags reads the serve flags from args, with environment fallbacks.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("linli serve", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	proxies := m.Config.serveFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if storage.IsPostgres(m.Config.DB) && m.Config.FeedSecretFile == "" {
		return errNoFeedSecret
	}
	m.proxies = *proxies
	return nil
}

// Run opens the database, seeds the demo if asked, and starts serving; it returns once listening.
func (m *Main) Run(ctx context.Context) error {
	m.Logger = newLogger(m.stderr, m.Config.LogLevel)
	if m.Now == nil {
		m.Now = serverClock
	}
	var err error
	if m.DB, err = openDB(ctx, &m.Config); err != nil {
		return err
	}
	m.DB.Now = m.Now
	changed, replanned, err := storage.Planning{DB: m.DB}.SyncOfficialYears(ctx)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	if len(changed) > 0 || replanned.Programs > 0 {
		m.Logger.Info("official holidays changed: programs re-planned", "years", changed, "programs", replanned.Programs,
			"sessions_added", replanned.SessionsAdded, "sessions_cancelled", replanned.SessionsCancelled, "clashes", len(replanned.Clashes))
	}
	if m.Config.Demo {
		logins, err := demo.Seed(ctx, m.DB)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		printLogins(m.stdout, logins)
	}
	if m.listener, err = net.Listen("tcp", m.Config.Addr); err != nil {
		return err
	}
	m.Addr = m.listener.Addr().String()
	if err := m.Config.finish(m.proxies, m.Addr); err != nil {
		return err
	}
	secret, err := loadFeedSecret(&m.Config, m.Logger)
	if err != nil {
		return err
	}
	srv := app.New(m.DB, app.Options{Logger: m.Logger, Now: m.Now, FeedSecret: secret})
	srv.PublicURL, m.api = m.Config.PublicURL, srv
	srv.SecureCookies = strings.HasPrefix(m.Config.PublicURL, "https://")
	srv.TrustedProxies = m.Config.TrustedProxies
	srv.RegisterLimit = int(m.Config.RegisterLimit)
	srv.MetricsToken, srv.MetricsElsewhere = m.Config.MetricsToken, m.Config.MetricsAddr != ""
	srv.AllowPrivateWebhooks = m.Config.AllowPrivateWebhooks
	srv.Static = static.Files
	m.Server = &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	if err := m.serveMetrics(srv); err != nil {
		return err
	}
	m.Worker = app.Worker(m.DB, m.Logger)
	m.Worker.ReminderHour = int(m.Config.ReminderHour)
	m.Worker.AllowPrivate = m.Config.AllowPrivateWebhooks
	m.Worker.PublicURL = m.Config.PublicURL
	m.Worker.Start()
	m.served = make(chan error, 1)
	go func() { m.served <- m.Server.Serve(m.listener) }()
	m.stopKeep, m.kept = make(chan struct{}), make(chan struct{})
	go m.housekeep(housekeepEvery)
	m.Logger.Info("listening", "addr", m.Addr, "public_url", m.Config.PublicURL, "db", m.Config.DB)
	return nil
}

// Close stops accepting requests, lets in-flight ones finish (up to 10 s), then closes the database.
func (m *Main) Close() error {
	var errs []error
	if m.stopKeep != nil {
		close(m.stopKeep)
		<-m.kept
		m.stopKeep = nil
	}
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.Server.Shutdown(ctx))
		if err := <-m.served; !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
		m.Server, m.listener = nil, nil
	} else if m.listener != nil {
		m.listener.Close()
	}
	if m.metrics != nil {
		errs = append(errs, m.metrics.Close())
		m.metrics = nil
	}
	if m.Worker != nil {
		m.Worker.Stop()
		m.Worker = nil
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
		m.DB = nil
	}
	return errors.Join(errs...)
}

// serveMetrics serves /metrics on --metrics-addr, when given, to whoever reaches that address.
func (m *Main) serveMetrics(srv *api.Server) error {
	if m.Config.MetricsAddr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("--metrics-addr: %w", err)
	}
	m.MetricsAddr = ln.Addr().String()
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", srv.MetricsHandler())
	m.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 60 * time.Second,
		ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	go m.metrics.Serve(ln)
	m.Logger.Info("serving metrics", "addr", m.MetricsAddr)
	return nil
}

func openDB(ctx context.Context, c *Config) (*storage.DB, error) {
	db, err := storage.Open(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	db.Now = serverClock
	db.Hasher = auth.NewHasher(auth.Params{MemoryKiB: uint32(c.Argon2MemKiB), Time: uint32(c.Argon2Time), Threads: linli.PasswordHashThreads}, linli.HashesAtOnce)
	return db, nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

func printLogins(w io.Writer, logins []demo.Login) {
	if len(logins) == 0 {
		return
	}
	fmt.Fprintln(w, "演示账号 / demo logins (password for all: "+demo.Password+"):")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-24s %s\n", l.Login, l.Role)
	}
}

// housekeepEvery is how often the server forgets what it keeps only for a while.
const housekeepEvery = 10 * time.Minute

// housekeep purges expired replayable answers (Idempotency-Key) and the failed sign-ins that no
// longer count every interval until Close.
func (m *Main) housekeep(every time.Duration) {
	defer close(m.kept)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stopKeep:
			return
		case <-t.C:
			if _, err := (storage.Idempotency{DB: m.DB}).Purge(context.Background(), api.IdempotencyTTL); err != nil {
				m.Logger.Warn("housekeeping: purge idempotency keys", "err", err.Error())
			}
			if _, err := m.DB.PurgeFailures(context.Background()); err != nil {
				m.Logger.Warn("housekeeping: purge login failures", "err", err.Error())
			}
		}
	}
}
