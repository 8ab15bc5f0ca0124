package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/linli/linli/internal/citygen"
	"github.com/linli/linli/internal/storage"
)

// Limits of `linli bench city`: the load is bounded in rate, length and count, and stops by itself.
const (
	maxCityScale    = 2.0
	maxCityRate     = 5000
	maxCityDuration = 10 * time.Minute
)

// benchCity is `linli bench city`: it builds a synthetic city of the given scale into --db
// (internal/citygen, through the storage layer in bulk) and reports how long each phase took and
// how big the database is; with --load it then serves the database on 127.0.0.1 from a separate
// process and runs an open-loop mixed load against it (bench_city_load.go).
func benchCity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("linli bench city", flag.ContinueOnError)
	fs.SetOutput(stderr)
	scale := fs.Float64("scale", 0.01, "size of the city: 1.0 is 1,000 communities, 770,000 households, 150,000 children; 0.01 a street")
	dbArg := fs.String("db", "", "database to build the city in (a new SQLite file or an empty postgres:// database); required")
	seed := fs.Uint64("seed", 1, "seed of the names, phones and choices: the same seed and scale give the same city")
	build := fs.Bool("build", true, "build the city (false: load a city built earlier into --db)")
	load := fs.Bool("load", false, "after building, serve the database and run the open-loop mixed load")
	rate := fs.Int("rate", 100, "with --load: requests a second, fixed in advance")
	duration := fs.Duration("duration", 10*time.Second, "with --load: how long to issue requests")
	users := fs.Int("users", 400, "with --load: people signed in for the load (parents, staff), at most")
	profile := fs.String("profile", "", "with --load: write the started server's CPU, mutex and block profiles into this directory")
	urls := fs.String("url", "", "with --load: load these running servers of --db instead of starting one (comma-separated http:// addresses on this machine, taken in turn: several instances on one PostgreSQL database)")
	dir := fs.String("dir", "", "with --load: directory for the server's feed secret (default: the system temporary directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *dbArg == "":
		return errors.New("bench city: --db is required (a SQLite file or a postgres:// URL)")
	case !(*scale > 0 && *scale <= maxCityScale):
		return fmt.Errorf("bench city: --scale must be in (0, %g]", maxCityScale)
	case *rate < 1 || *rate > maxCityRate || *duration <= 0 || *duration > maxCityDuration:
		return fmt.Errorf("bench city: need 1 ≤ --rate ≤ %d and 0 < --duration ≤ %v", maxCityRate, maxCityDuration)
	case *users < 10 || *users > 20000:
		return errors.New("bench city: need 10 ≤ --users ≤ 20000")
	case !*build && !*load:
		return errors.New("bench city: nothing to do: --build=false needs --load")
	}
	var servers []string
	for u := range strings.SplitSeq(*urls, ",") {
		if u = strings.TrimSuffix(strings.TrimSpace(u), "/"); u == "" {
			continue
		}
		if !loopbackURL(u) || !*load || *profile != "" {
			return errors.New("bench city: --url takes http:// addresses on this machine (127.0.0.1, [::1] or localhost), with --load and without --profile")
		}
		servers = append(servers, u)
	}
	if *build {
		if err := buildCity(ctx, *dbArg, *scale, *seed, stdout, stderr); err != nil {
			return fmt.Errorf("bench city: %w", err)
		}
	}
	if !*load {
		return nil
	}
	l := &cityLoad{db: *dbArg, profile: *profile, urls: servers, rate: *rate, duration: *duration, users: *users, seed: *seed, out: stdout, stderr: stderr}
	if err := l.run(ctx, *dir); err != nil {
		return fmt.Errorf("bench city: load: %w", err)
	}
	return nil
}

// buildCity builds the city into an empty database and prints the build's report.
func buildCity(ctx context.Context, dsn string, scale float64, seed uint64, stdout, stderr io.Writer) error {
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = serverClock
	var communities int
	if err := db.ReadPool().QueryRowContext(ctx, `SELECT count(*) FROM communities`).Scan(&communities); err != nil {
		return err
	}
	if communities > 0 {
		return fmt.Errorf("%s holds %d communities already: build into an empty database, or pass --build=false to load it", dbLabel(dsn), communities)
	}
	shape := citygen.ShapeOf(scale)
	fmt.Fprintf(stdout, "linli bench city: scale %g, seed %d, %s; GOMAXPROCS %d\n", scale, seed, dbLabel(dsn), runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "shape: %d communities, %d grids, %d buildings, %d households, %d children, %d staff\n",
		shape.Communities, shape.Grids, shape.Buildings, shape.Households, shape.Children, shape.Staff)
	step := max(1, shape.Communities/10)
	rep, err := citygen.Build(ctx, db, citygen.Options{Scale: scale, Seed: seed, Now: serverClock(),
		Progress: func(done, total int) {
			if done%step == 0 || done == total {
				fmt.Fprintf(stderr, "bench city: %d/%d communities\n", done, total)
			}
		}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-12s %10s\n", "phase", "seconds")
	for _, p := range citygen.Phases {
		fmt.Fprintf(stdout, "%-12s %10.1f\n", p, rep.Durations[p].Seconds())
	}
	fmt.Fprintf(stdout, "%-12s %10.1f\n", "total", rep.Total.Seconds())
	if rep.Retries > 0 {
		fmt.Fprintf(stdout, "communities written again after the database answered busy: %d\n", rep.Retries)
	}
	counts, err := cityCounts(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "rows:")
	for _, c := range counts {
		fmt.Fprintf(stdout, "  %-14s %10d\n", c.table, c.rows)
	}
	size, err := databaseSize(ctx, db, dsn)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database size: %s\n", size)
	return nil
}

// tableCount is the number of rows of a table.
type tableCount struct {
	table string
	rows  int64
}

// cityTables are the tables whose rows the bench reports.
var cityTables = []string{"communities", "grids", "buildings", "households", "users", "memberships", "children",
	"programs", "sessions", "session_staff", "visit_plans", "bookings", "attendance", "visit_logs", "audit_log", "feed_entries"}

// cityCounts counts the rows of cityTables.
func cityCounts(ctx context.Context, db *storage.DB) ([]tableCount, error) {
	out := make([]tableCount, len(cityTables))
	for i, t := range cityTables {
		out[i].table = t
		if err := db.ReadPool().QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&out[i].rows); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// databaseSize describes the size of the database: the SQLite file and its write-ahead log, or
// PostgreSQL's pg_database_size.
func databaseSize(ctx context.Context, db *storage.DB, dsn string) (string, error) {
	if storage.IsPostgres(dsn) {
		var n int64
		if err := db.ReadPool().QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n); err != nil {
			return "", err
		}
		return mib(n), nil
	}
	main, err := os.Stat(dsn)
	if err != nil {
		return "", err
	}
	var wal int64
	if st, err := os.Stat(dsn + "-wal"); err == nil {
		wal = st.Size()
	}
	return fmt.Sprintf("%s (+ %s write-ahead log)", mib(main.Size()), mib(wal)), nil
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
