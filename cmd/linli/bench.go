package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// bench runs the load tools: `linli bench rush`, `linli bench round` (bench_round.go).
func bench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "round" {
		return benchRound(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "city" {
		return benchCity(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "rush" {
		return errors.New("usage: linli bench rush|round|city …; linli bench rush [--families 2000] [--seats 30] [--bursts 5] [--idle 24h] [--dir DIR] [--db DB] [--http [--url URL] [--profile DIR]]")
	}
	return benchRush(ctx, args[1:], stdout, stderr)
}

// benchRush is `linli bench rush`: the opening minute of a popular holiday class. It seeds a
// database with families (directly: registering them would measure password hashing), serves it
// on 127.0.0.1 (in this process, or with --http from a separate one), fires one booking per family
// at once, several times, checks that the seats and the line came out exact, and compares the
// rate with the raw rate of single-row durable transactions on the same disk.
func benchRush(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("linli bench rush", flag.ContinueOnError)
	fs.SetOutput(stderr)
	families := fs.Int("families", 2000, "families, each booking one child at the same moment")
	seats := fs.Int("seats", 30, "seats of the class")
	bursts := fs.Int("bursts", 5, "rushes, each on a fresh session; medians are reported")
	dir := fs.String("dir", "", "directory in which to create the databases, on the disk to measure (default: the system temporary directory)")
	dbArg := fs.String("db", "", "database to seed and serve: a SQLite file or a postgres:// URL (default: a new SQLite file under --dir, removed afterwards)")
	overHTTP := fs.Bool("http", false, "book through a server in a separate process, one connection per signed-in family")
	serverURL := fs.String("url", "", "with --http: book through this running server, which must serve --db, instead of starting one")
	idle := fs.Duration("idle", 24*time.Hour, "how long ago each parent last used linli when a burst starts (0: a moment ago)")
	profile := fs.String("profile", "", "with --http: write the CPU, mutex and block profiles of the started server, and the CPU profile of each burst's client, into this directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *families < 1 || *families > maxRushFamilies || *seats < 1 || *seats > *families || *bursts < 1 || *bursts > 20:
		return fmt.Errorf("bench rush: need 1 ≤ seats ≤ families ≤ %d and 1 ≤ bursts ≤ 20", maxRushFamilies)
	case (*serverURL != "" || *profile != "") && !*overHTTP:
		return errors.New("bench rush: --url and --profile go with --http")
	case *serverURL != "" && *dbArg == "":
		return errors.New("bench rush: --url needs the --db that server serves")
	case *serverURL != "" && !loopbackURL(*serverURL):
		return errors.New("bench rush: --url must be an http:// address on this machine (127.0.0.1, [::1] or localhost)")
	}
	ctx, cancel := context.WithTimeout(ctx, rushTimeout)
	defer cancel()
	base, err := os.MkdirTemp(*dir, "linli-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(base)
	path := cmp.Or(*dbArg, filepath.Join(base, "linli.db"))
	r := &rush{families: *families, seats: *seats, idle: *idle, out: stdout}
	db, err := r.seed(ctx, path, *bursts)
	if err != nil {
		return fmt.Errorf("bench rush: seed: %w", err)
	}
	defer db.Close()
	mode := "in-process server"
	switch {
	case *overHTTP:
		mode = "server in a separate process, a connection per family"
		if os.Getenv("GOGC") == "" {
			defer debug.SetGCPercent(debug.SetGCPercent(rushGOGC))
			mode += fmt.Sprintf(", GOGC %d", rushGOGC)
		}
		url := *serverURL
		if url == "" {
			child, err := startRushServer(ctx, path, base, *profile, stderr)
			if err != nil {
				return fmt.Errorf("bench rush: server: %w", err)
			}
			defer child.stop()
			url, r.serverPID = child.url, child.cmd.Process.Pid
		}
		if err := r.signIn(ctx, strings.TrimSuffix(url, "/")); err != nil {
			return fmt.Errorf("bench rush: sign in: %w", err)
		}
	default:
		m := NewMain(io.Discard, stderr)
		m.Config = Config{Addr: "127.0.0.1:0", DB: path, LogLevel: "warn", Argon2MemKiB: 64, Argon2Time: 1,
			FeedSecretFile: filepath.Join(base, "feed-secret")}
		if err := m.Run(ctx); err != nil {
			return err
		}
		defer m.Close()
		r.url = "http://" + m.Addr + "/api/v1/bookings"
		shared := &http.Client{Transport: &http.Transport{
			MaxIdleConns:        *families + 16,
			MaxIdleConnsPerHost: *families + 16,
		}}
		r.clients = slices.Repeat([]doer{shared}, *families)
	}
	fmt.Fprintf(stdout, "linli bench rush: %d families, %d seats, %d bursts; %s; %s; %s; GOMAXPROCS %d\n",
		*families, *seats, *bursts, mode, dbLabel(path), base, runtime.GOMAXPROCS(0))
	fmt.Fprintf(stdout, "%-6s %12s %9s %9s %10s %11s %8s %12s\n", "burst", "bookings/s", "p50 ms", "p99 ms", "confirmed", "waitlisted", "refused", "raw tx/s")
	var rates, p50s, p99s, raws []float64
	var cpus []cpuTimes
	var failures []error
	for i, session := range r.sessions {
		raw, err := rawRate(path, filepath.Join(base, fmt.Sprintf("raw-%d.db", i)), *families)
		if err != nil {
			return fmt.Errorf("bench rush: raw rate: %w", err)
		}
		stopProfile, err := profileClient(*profile, i+1)
		if err != nil {
			return err
		}
		if err := r.age(ctx, db); err != nil {
			return fmt.Errorf("bench rush: %w", err)
		}
		cpu0 := r.cpu()
		res := r.burst(ctx, session)
		cpus = append(cpus, r.cpu().sub(cpu0).per(r.families))
		if err := stopProfile(); err != nil {
			return err
		}
		rates, p50s, p99s, raws = append(rates, res.rate), append(p50s, res.p50), append(p99s, res.p99), append(raws, raw)
		fmt.Fprintf(stdout, "%-6d %12.0f %9.1f %9.1f %10d %11d %8d %12.0f\n", i+1, res.rate, res.p50, res.p99, res.confirmed, res.waitlisted, res.refused, raw)
		if err := r.check(db, session, res); err != nil {
			failures = append(failures, fmt.Errorf("burst %d: %w", i+1, err))
		}
	}
	rate, raw := median(rates), median(raws)
	fmt.Fprintf(stdout, "median %12.0f %9.1f %9.1f %45.0f\n", rate, median(p50s), median(p99s), raw)
	fmt.Fprintf(stdout, "throughput / raw single-row durable transaction rate: %.2f×\n", rate/raw)
	r.reportCPU(stdout, cpus)
	return errors.Join(failures...)
}

// rush holds the seeded families and sessions and the client that books.
type rush struct {
	families, seats int
	tag             string // tells this run's logins from an earlier run's in a kept database
	idle            time.Duration
	cookies, kids   []string
	sessions        []string
	url             string
	clients         []doer // the client of each family
	serverPID       int    // the server process that --http started, or 0
	out             io.Writer
}

// seed opens (creating and migrating) the database and adds a community, one holiday class per
// burst (one session on each day from tomorrow, booking open since an hour ago) and the families,
// each a parent with a password, a session token and one child. The caller closes the database.
func (r *rush) seed(ctx context.Context, path string, bursts int) (db *storage.DB, err error) {
	if db, err = storage.Open(ctx, path); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	db.Now = serverClock
	admin := &linli.Actor{User: linli.User{ID: "bench", Name: "bench", IsAdmin: true}}
	r.tag = uuid.NewString()[:8]
	name := "基准测试社区 " + r.tag
	c, err := (storage.Communities{DB: db}).CreateCommunity(ctx, admin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		return nil, err
	}
	now := serverClock()
	tomorrow := linli.DateOf(now, c.Location()).AddDays(1)
	for i := range bursts {
		day := tomorrow.AddDays(i) // a child may be confirmed in every burst's class: no overlaps
		kind, title, waitlist, opens := linli.KindHolidayClass, fmt.Sprintf("科学实验 %d", i+1), true, now.Add(-time.Hour).Format(time.RFC3339)
		ages := [2]int{linli.MinChildAge, linli.MaxChildAge}
		p, err := (storage.Planning{DB: db}).CreateProgram(ctx, admin, c.ID, linli.Given(linli.ProgramChange{
			Kind: &kind, Title: &title, Capacity: &r.seats, Waitlist: &waitlist, BookingOpensAt: &opens,
			AgeMin: &ages[0], AgeMax: &ages[1], StaffIDs: &[]string{},
			Schedule: &linli.Schedule{StartDate: day, EndDate: day, StartTime: linli.Clock{Hour: 9},
				EndTime: linli.Clock{Hour: 11}, DayFilter: "all_days"},
		}))
		if err != nil {
			return nil, err
		}
		var id string
		if err := db.ReadPool().QueryRowContext(ctx, `SELECT id FROM sessions WHERE program_id = ?`, p.Program.ID).Scan(&id); err != nil {
			return nil, err
		}
		r.sessions = append(r.sessions, id)
	}
	return db, r.seedFamilies(ctx, db.WritePool(), now)
}

// seedFamilies writes the families in one transaction. Every parent has the password
// rushPassword, hashed once at the cost the bench's servers verify it at.
func (r *rush) seedFamilies(ctx context.Context, pool *sql.DB, now time.Time) error {
	hash, err := auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1}, 1).Hash(ctx, rushPassword)
	if err != nil {
		return err
	}
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	at := now.UTC().Format("2006-01-02T15:04:05.000000Z")
	expires := now.Add(24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z")
	birth := linli.DateOf(now, linli.ChinaTime).AddDays(-7 * 365).String()
	for i := range r.families {
		user, child, token := uuid.NewString(), uuid.NewString(), auth.NewToken()
		for _, s := range [][]any{
			{`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				user, fmt.Sprintf("家长%d", i+1), r.login(i), hash, at, at},
			{`INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, auth.HashToken(token), user, at, expires},
			{`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				child, fmt.Sprintf("孩子%d", i+1), birth, user, at, at},
			{`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`, child, user, user, at},
			{`INSERT INTO child_consents (child_id, user_id, policy_version, at) VALUES (?, ?, ?, ?)`, child, user, linli.ChildPolicyVersion, at},
		} {
			if _, err := tx.ExecContext(ctx, s[0].(string), s[1:]...); err != nil {
				return err
			}
		}
		r.cookies, r.kids = append(r.cookies, token), append(r.kids, child)
	}
	return tx.Commit()
}

// age makes every family's sessions last used r.idle ago, as when parents who signed in on
// earlier days open linli for the class: their first request records the use.
func (r *rush) age(ctx context.Context, db *storage.DB) error {
	_, err := db.WritePool().ExecContext(ctx, `UPDATE auth_sessions SET last_seen_at = ?
		WHERE user_id IN (SELECT id FROM users WHERE login LIKE ?)`,
		serverClock().Add(-r.idle).UTC().Format("2006-01-02T15:04:05.000000Z"), "bench-"+r.tag+"-%")
	return err
}

// burstResult is what one rush gave: the rate, latency percentiles in ms, and the answers.
type burstResult struct {
	rate, p50, p99                 float64
	confirmed, waitlisted, refused int
	positions                      []int
	serverErrors                   int
	firstError                     string
}

// bookingAnswer is what the rush reads of each booking answered: the client decodes no more
// than it checks, since it shares the machine's CPUs with the server it measures.
type bookingAnswer struct {
	Status           string `json:"status"`
	WaitlistPosition int    `json:"waitlist_position"`
}

// burst releases one booking per family at once and waits for every answer.
func (r *rush) burst(ctx context.Context, session string) burstResult {
	type answer struct {
		status   int
		latency  time.Duration
		bookings []bookingAnswer
		err      string
	}
	answers := make([]answer, r.families)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(r.families)
	done.Add(r.families)
	for i := range r.families {
		body, _ := json.Marshal(map[string]string{"child_id": r.kids[i], "session_id": session})
		go func() {
			defer done.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, r.url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: r.cookies[i]})
			ready.Done()
			<-start
			t0 := time.Now()
			resp, err := r.clients[i].Do(req)
			if err != nil {
				answers[i] = answer{err: err.Error()}
				return
			}
			var out struct{ Bookings []bookingAnswer }
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			answers[i] = answer{status: resp.StatusCode, latency: time.Since(t0)}
			if json.Unmarshal(b, &out) == nil {
				answers[i].bookings = out.Bookings
			}
			if resp.StatusCode >= 300 {
				answers[i].err = string(b)
			}
		}()
	}
	ready.Wait()
	t0 := time.Now()
	close(start)
	done.Wait()
	wall := time.Since(t0)
	var res burstResult
	latencies := make([]float64, 0, r.families)
	for _, a := range answers {
		latencies = append(latencies, float64(a.latency)/float64(time.Millisecond))
		switch {
		case a.status >= 500 || a.status == 0:
			res.serverErrors++
			res.firstError = cmp.Or(res.firstError, fmt.Sprintf("%d %s", a.status, a.err))
		case a.status != http.StatusCreated || len(a.bookings) != 1:
			res.refused++
			res.firstError = cmp.Or(res.firstError, fmt.Sprintf("%d %s", a.status, a.err))
		case a.bookings[0].Status == linli.BookingConfirmed:
			res.confirmed++
		default:
			res.waitlisted++
			res.positions = append(res.positions, a.bookings[0].WaitlistPosition)
		}
	}
	slices.Sort(latencies)
	res.rate = float64(r.families) / wall.Seconds()
	res.p50, res.p99 = latencies[len(latencies)/2], latencies[min(len(latencies)-1, len(latencies)*99/100)]
	return res
}

// check asserts what must hold whatever the speed: exactly the seats confirmed, everyone else in
// line at positions 1..n, no 5xx, and the stored counters equal to the answers.
func (r *rush) check(db *storage.DB, session string, res burstResult) error {
	want := r.families - r.seats
	slices.Sort(res.positions)
	exact := len(res.positions) == want
	for i, p := range res.positions {
		exact = exact && p == i+1
	}
	var confirmed, waitlisted int
	err := db.ReadPool().QueryRow(`SELECT confirmed, waitlisted FROM sessions WHERE id = ?`, session).Scan(&confirmed, &waitlisted)
	switch {
	case err != nil:
		return err
	case res.serverErrors > 0 || res.refused > 0:
		return fmt.Errorf("%d server errors, %d refusals; first: %s", res.serverErrors, res.refused, res.firstError)
	case res.confirmed != r.seats || !exact:
		return fmt.Errorf("%d confirmed (want %d), %d waitlisted at positions 1..%d: %v", res.confirmed, r.seats, res.waitlisted, want, exact)
	case confirmed != r.seats || waitlisted != want:
		return fmt.Errorf("the session stores %d confirmed and %d waitlisted", confirmed, waitlisted)
	}
	return nil
}
