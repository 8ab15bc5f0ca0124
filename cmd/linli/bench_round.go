package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// benchRound is `linli bench round`: the close and draw of a big application round (报名摇号).
// It seeds a SQLite database with a community, programs of several sessions (their time slots
// overlapping in pairs) and applications of families with ranked wishes (one in ten of siblings
// together), written directly (registering them would measure password hashing); closes the round
// and copies the closed database; draws it (lottery numbers, allocation, course bookings, waiting
// lists, a notice to every family, in one transaction) and times it; then, on the copy, commits
// the same places and bookings in one transaction with no allocation, and reports the ratio. It
// checks that the published result verifies.
func benchRound(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("linli bench round", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apps := fs.Int("applications", 20000, "applications")
	wishes := fs.Int("wishes", 3, "wishes per application")
	programs := fs.Int("programs", 300, "programs of the round")
	sessions := fs.Int("sessions", 5, "sessions of each program, one a day")
	places := fs.Int("places", 1, "max_places_per_child")
	dir := fs.String("dir", "", "directory in which to create the databases, on the disk to measure (default: the system temporary directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *apps < 1 || *apps > 200000 || *programs < 1 || *programs > linli.MaxRoundPrograms || *wishes < 1 || *wishes > min(*programs, linli.MaxRoundWishes) ||
		*sessions < 1 || *sessions > 30 || *places < 1 || *places > *wishes {
		return fmt.Errorf("bench round: need 1 ≤ applications ≤ 200000, 1 ≤ programs ≤ %d, 1 ≤ places ≤ wishes ≤ min(programs, %d), 1 ≤ sessions ≤ 30",
			linli.MaxRoundPrograms, linli.MaxRoundWishes)
	}
	base, err := os.MkdirTemp(*dir, "linli-bench-round-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(base)
	b := &roundBench{apps: *apps, wishes: *wishes, programs: *programs, sessions: *sessions, places: *places, now: serverClock()}
	db, err := storage.Open(ctx, filepath.Join(base, "round.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	db.Now = b.clock
	fmt.Fprintf(stdout, "linli bench round: %d applications × %d wishes over %d programs of %d sessions, %d place(s) per child; %s\n",
		*apps, *wishes, *programs, *sessions, *places, base)
	t0 := time.Now()
	if err := b.seed(ctx, db); err != nil {
		return fmt.Errorf("bench round: seed: %w", err)
	}
	fmt.Fprintf(stdout, "seeded in %s\n", time.Since(t0).Round(time.Millisecond))
	rounds := storage.Rounds{DB: db}
	b.set(b.now.Add(2 * time.Hour))
	t0 = time.Now()
	if _, err := rounds.CloseRound(ctx, benchAdmin, b.round); err != nil {
		return fmt.Errorf("bench round: close: %w", err)
	}
	closeTime := time.Since(t0)
	copyPath := filepath.Join(base, "baseline.db")
	if _, err := db.WritePool().ExecContext(ctx, `VACUUM INTO ?`, copyPath); err != nil {
		return fmt.Errorf("bench round: copy: %w", err)
	}
	t0 = time.Now()
	_, stats, err := rounds.DrawRound(ctx, benchAdmin, b.round, linli.Given(linli.DrawBody{}))
	if err != nil {
		return fmt.Errorf("bench round: draw: %w", err)
	}
	drawTime := time.Since(t0)
	result, err := rounds.RoundResult(ctx, nil, b.round)
	if err != nil {
		return err
	}
	if err := linli.VerifyRoundResult(*result); err != nil {
		return fmt.Errorf("bench round: the published result does not verify: %w", err)
	}
	bookings, baseTime, err := b.baseline(ctx, db, copyPath)
	if err != nil {
		return fmt.Errorf("bench round: baseline: %w", err)
	}
	fmt.Fprintf(stdout, "close (freeze, seats, overlaps, digests, commitment): %s\n", closeTime.Round(time.Millisecond))
	fmt.Fprintf(stdout, "draw (allocation and commit: %d places, %d bookings, waiting lists, %d notices): %s\n",
		stats.PlacedAny, bookings, stats.Applications, drawTime.Round(time.Millisecond))
	fmt.Fprintf(stdout, "the same places and bookings committed with no allocation: %s\n", baseTime.Round(time.Millisecond))
	fmt.Fprintf(stdout, "draw / plain commit: %.2f×; placed %d of %d applications (%d first wishes); the result verifies\n",
		drawTime.Seconds()/baseTime.Seconds(), stats.PlacedAny, stats.Applications, stats.PlacedFirstWish)
	return nil
}

var benchAdmin = &linli.Actor{User: linli.User{ID: "bench", Name: "bench", IsAdmin: true}}

// roundBench is the seeded world of `linli bench round` and its clock.
type roundBench struct {
	apps, wishes, programs, sessions, places int
	mu                                       sync.Mutex
	now                                      time.Time
	round                                    string
}

func (b *roundBench) clock() time.Time { b.mu.Lock(); defer b.mu.Unlock(); return b.now }
func (b *roundBench) set(t time.Time)  { b.mu.Lock(); defer b.mu.Unlock(); b.now = t }

// benchSlots are the programs' time slots: each overlaps its neighbours.
var benchSlots = [][2]int{{8 * 60, 9*60 + 30}, {9 * 60, 10*60 + 30}, {10*60 + 15, 11*60 + 45}, {13 * 60, 14*60 + 30},
	{14 * 60, 15*60 + 30}, {15*60 + 45, 17*60 + 15}, {17 * 60, 18*60 + 30}, {19 * 60, 20*60 + 30}}

// seed creates the community, the programs (a week from now, capacities of 30 to 100, so that
// most are oversubscribed three times over), the round (open, closing in an hour) and the
// applications.
func (b *roundBench) seed(ctx context.Context, db *storage.DB) error {
	name := "摇号基准社区"
	c, err := (storage.Communities{DB: db}).CreateCommunity(ctx, benchAdmin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 17))
	start := linli.DateOf(b.now, c.Location()).AddDays(7)
	ids := make([]string, b.programs)
	for i := range ids {
		slot := benchSlots[i%len(benchSlots)]
		kind, title, waitlist, capacity := linli.KindHolidayClass, fmt.Sprintf("寒假兴趣班 %d", i+1), true, 30+rng.IntN(71)
		ages := [2]int{linli.MinChildAge, linli.MaxChildAge}
		p, err := (storage.Planning{DB: db}).CreateProgram(ctx, benchAdmin, c.ID, linli.Given(linli.ProgramChange{
			Kind: &kind, Title: &title, Capacity: &capacity, Waitlist: &waitlist, AgeMin: &ages[0], AgeMax: &ages[1], StaffIDs: &[]string{},
			Schedule: &linli.Schedule{StartDate: start, EndDate: start.AddDays(b.sessions - 1), StartTime: linli.Clock{Hour: slot[0] / 60, Minute: slot[0] % 60},
				EndTime: linli.Clock{Hour: slot[1] / 60, Minute: slot[1] % 60}, DayFilter: "all_days"},
		}))
		if err != nil {
			return err
		}
		ids[i] = p.Program.ID
	}
	title, opens, closes := "寒假兴趣班报名", b.now.Add(-time.Hour).Format(time.RFC3339), b.now.Add(time.Hour).Format(time.RFC3339)
	r, err := (storage.Rounds{DB: db}).CreateRound(ctx, benchAdmin, c.ID, linli.Given(linli.RoundChange{Title: &title, ProgramIDs: ids,
		OpensAt: &opens, ClosesAt: &closes, MaxWishes: &b.wishes, MaxPlacesPerChild: &b.places}))
	if err != nil {
		return err
	}
	b.round = r.ID
	return b.seedApplications(ctx, db.WritePool(), ids, rng)
}

// seedApplications writes the families and their applications in one transaction.
func (b *roundBench) seedApplications(ctx context.Context, pool *sql.DB, programs []string, rng *rand.Rand) error {
	tx, err := pool.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	at := b.now.UTC().Format("2006-01-02T15:04:05.000000Z")
	birth := linli.DateOf(b.now, linli.ChinaTime).AddDays(-8 * 365).String()
	for i := range b.apps {
		user, app := uuid.NewString(), uuid.Must(uuid.NewV7()).String()
		size := 1
		if i%10 == 0 {
			size = 2
		}
		stmts := [][]any{
			{`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, ?, ?, '', ?, ?)`,
				user, fmt.Sprintf("家长%d", i+1), fmt.Sprintf("round-bench-%d@linli.test", i), at, at},
			{`INSERT INTO round_applications (id, round_id, applied_by, size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`, app, b.round, user, size, at, at},
		}
		for k := range size {
			child := uuid.NewString()
			stmts = append(stmts,
				[]any{`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
					child, fmt.Sprintf("孩子%d-%d", i+1, k), birth, user, at, at},
				[]any{`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`, child, user, user, at},
				[]any{`INSERT INTO round_application_children (application_id, round_id, child_id) VALUES (?, ?, ?)`, app, b.round, child})
		}
		for rank, p := range rng.Perm(len(programs))[:b.wishes] {
			stmts = append(stmts, []any{`INSERT INTO round_wishes (application_id, rank, program_id) VALUES (?, ?, ?)`, app, rank + 1, programs[p]})
		}
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s[0].(string), s[1:]...); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// baseline commits, on the copy of the closed round, the places the draw gave and their
// bookings (one per child and session), with the sessions' counters, in one transaction: the
// writes of the draw without its reads, allocation, waiting lists and notices. It returns the
// number of bookings and the time.
func (b *roundBench) baseline(ctx context.Context, drawn *storage.DB, copyPath string) (int, time.Duration, error) {
	type place struct{ app, program string }
	rows, err := drawn.ReadPool().QueryContext(ctx, `SELECT application_id, program_id FROM round_places WHERE round_id = ? ORDER BY id`, b.round)
	if err != nil {
		return 0, 0, err
	}
	var placed []place
	for rows.Next() {
		var p place
		if err := rows.Scan(&p.app, &p.program); err != nil {
			rows.Close()
			return 0, 0, err
		}
		placed = append(placed, p)
	}
	if err := rows.Close(); err != nil {
		return 0, 0, err
	}
	if err := os.Chmod(copyPath, 0o600); err != nil {
		return 0, 0, err
	}
	db, err := storage.Open(ctx, copyPath)
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	kids, err := byKey(ctx, db.ReadPool(), `SELECT application_id, child_id FROM round_application_children ORDER BY application_id, child_id`)
	if err != nil {
		return 0, 0, err
	}
	sessions, err := byKey(ctx, db.ReadPool(), `SELECT program_id, id FROM sessions ORDER BY program_id, starts_at`)
	if err != nil {
		return 0, 0, err
	}
	at := b.clock().UTC().Format("2006-01-02T15:04:05.000000Z")
	t0 := time.Now()
	tx, err := db.WritePool().BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	count, confirmed := 0, map[string]int{}
	for _, p := range placed {
		id := uuid.Must(uuid.NewV7()).String()
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_places (id, round_id, application_id, program_id, status, drawn, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'placed', 1, ?, ?)`, id, b.round, p.app, p.program, at, at); err != nil {
			return 0, 0, err
		}
		for _, s := range sessions[p.program] {
			for _, k := range kids[p.app] {
				if _, err := tx.ExecContext(ctx, `INSERT INTO bookings (id, session_id, child_id, arrival, status, round_place_id, created_at, updated_at)
					VALUES (?, ?, ?, ?, 'confirmed', ?, ?, ?)`, uuid.Must(uuid.NewV7()).String(), s, k, confirmed[s]+1, id, at, at); err != nil {
					return 0, 0, err
				}
				count++
			}
			confirmed[s] += len(kids[p.app])
		}
	}
	for s, n := range confirmed {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET confirmed = confirmed + ? WHERE id = ?`, n, s); err != nil {
			return 0, 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, err
	}
	if count == 0 {
		return 0, 0, errors.New("the draw placed nobody")
	}
	return count, time.Since(t0), nil
}

// byKey reads a two-column query into lists by the first column.
func byKey(ctx context.Context, pool *sql.DB, query string) (map[string][]string, error) {
	rows, err := pool.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = append(out[k], v)
	}
	return out, rows.Err()
}
