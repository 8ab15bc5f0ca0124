package main

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// cityLoad is the open-loop mixed load of `linli bench city --load`: people of a sample of the
// city's communities signed in, a server started on 127.0.0.1, and requests issued at a rate
// fixed in advance (bench_city_mix.go), whatever the server's answers take.
type cityLoad struct {
	db          string
	profile     string // directory for the started server's profiles, or ""
	rate, users int
	duration    time.Duration
	seed        uint64
	out, stderr io.Writer

	store       *storage.DB
	urls        []string // --url: servers running already (loopback), or none to start one
	bases       []string // the servers' http://127.0.0.1:port, taken in turn
	next        atomic.Uint64
	client      *http.Client
	communities []*loadCommunity
	feeds       []*loadFeed
	cookies     map[string]string // user id → session cookie

	mu     sync.Mutex
	made   []madeBooking      // bookings made by the load, for cancellations
	visits []visitTarget      // visits not logged yet, each logged once
	booked map[[2]string]bool // child and session booked by the load
}

// loadCommunity is what the load knows of one sampled community.
type loadCommunity struct {
	id, coordinator string // the coordinator's user id
	families        []loadFamily
	holiday         []holidaySession // future holiday-class sessions, to book
	rollcalls       []rollcall       // recent after-school sessions, to take the roll of
	termFrom, today linli.Date
}

type loadFamily struct {
	parent, child string
	age           int
}

type holidaySession struct {
	id             string
	ageMin, ageMax int
}

type rollcall struct {
	session string
	kids    []string
}

type visitTarget struct{ session, volunteer string }

type madeBooking struct{ id, parent string }

// loadFeed is one person's personal feed and the ETag the load last got for it.
type loadFeed struct {
	mu   sync.Mutex
	path string
	etag string
}

// run signs the sample in, starts the server, polls each feed once, runs the mix and reports.
func (l *cityLoad) run(ctx context.Context, dir string) error {
	ctx, cancel := context.WithTimeout(ctx, l.duration+5*time.Minute)
	defer cancel()
	var err error
	if l.store, err = storage.Open(ctx, l.db); err != nil {
		return err
	}
	defer l.store.Close()
	l.store.Now = serverClock
	if err := l.sample(ctx); err != nil {
		return fmt.Errorf("sample: %w", err)
	}
	if err := l.signIn(ctx); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	l.client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: 512, MaxIdleConnsPerHost: 512}}
	if len(l.urls) > 0 { // servers running already, taken in turn
		l.bases = l.urls
		if err := l.subscribe(ctx); err != nil {
			return fmt.Errorf("feeds: %w", err)
		}
		before, measured := l.readInstances(ctx)
		c0, pg0 := procCPU("self"), l.postgresCPU()
		res := l.mix(ctx)
		res.clientCPU, res.databaseCPU = procCPU("self")-c0, l.postgresCPU()-pg0
		after, ok := l.readInstances(ctx)
		if !measured || !ok {
			res.serverUnknown = true
			return l.report(ctx, res, "not measured (a server given with --url did not answer /metrics)")
		}
		for i := range after {
			res.serverCPU += after[i].cpu - before[i].cpu
		}
		return l.report(ctx, res, describeInstances(after))
	}
	base, err := os.MkdirTemp(dir, "linli-city-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(base)
	if os.Getenv("GOGC") == "" { // the server runs with Go's default collector, as linli serve does
		os.Setenv("GOGC", "100")
		defer os.Unsetenv("GOGC")
	}
	child, err := startRushServer(ctx, l.db, base, l.profile, l.stderr)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	defer child.stop()
	l.bases = []string{child.url}
	if err := l.subscribe(ctx); err != nil {
		return fmt.Errorf("feeds: %w", err)
	}
	pid := strconv.Itoa(child.cmd.Process.Pid)
	server0, client0, pg0 := procCPU(pid), procCPU("self"), l.postgresCPU()
	res := l.mix(ctx)
	res.serverCPU, res.clientCPU, res.databaseCPU = procCPU(pid)-server0, procCPU("self")-client0, l.postgresCPU()-pg0
	mem := procMemory(child.cmd.Process.Pid)
	return l.report(ctx, res, mem)
}

// sample picks communities spread over the city and, in each, the coordinator, families with a
// child booked there, future holiday-class sessions, recent after-school sessions and visits not
// yet logged.
func (l *cityLoad) sample(ctx context.Context) error {
	q := l.store.ReadPool()
	var ids []string
	rows, err := q.QueryContext(ctx, `SELECT id FROM communities ORDER BY id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return errors.New("the database holds no community: build a city first")
	}
	k := min(len(ids), max(1, l.users/40))
	perCommunity := max(4, l.users/k-2)
	now := serverClock()
	today := linli.TodayInChina(now)
	termFrom := today.AddDays(-120)
	l.booked = map[[2]string]bool{}
	visitsEach := int(float64(l.rate)*l.duration.Seconds()*mixShare("visit log")/float64(k)) + 5
	for i := range k {
		c := &loadCommunity{id: ids[i*len(ids)/k], today: today, termFrom: termFrom}
		if err := q.QueryRowContext(ctx, `SELECT user_id FROM memberships WHERE community_id = ? AND role = 'coordinator' ORDER BY user_id LIMIT 1`,
			c.id).Scan(&c.coordinator); err != nil {
			return fmt.Errorf("coordinator of %s: %w", c.id, err)
		}
		err := scanAll(ctx, q, func(r scanner) error {
			var f loadFamily
			var birth string
			if err := r.Scan(&f.child, &f.parent, &birth); err != nil {
				return err
			}
			if d, err := linli.ParseDate(birth); err == nil {
				f.age = linli.AgeOn(d, today)
			}
			c.families = append(c.families, f)
			return nil
		}, `SELECT DISTINCT b.child_id, g.user_id, c.birth_date FROM bookings b
			JOIN child_guardians g ON g.child_id = b.child_id JOIN children c ON c.id = b.child_id
			WHERE b.session_id IN (SELECT MIN(s.id) FROM sessions s WHERE s.community_id = ? AND s.kind IN ('after_school', 'holiday_class') GROUP BY s.program_id)`,
			c.id)
		if err != nil {
			return err
		}
		// Ordered and cut here, not by the query: with ORDER BY and LIMIT, PostgreSQL walked the
		// whole city's bookings in child order (2.6 s a community at scale 1.0) instead of the
		// community's hundred or so.
		slices.SortFunc(c.families, func(a, b loadFamily) int {
			return cmp.Or(cmp.Compare(a.child, b.child), cmp.Compare(a.parent, b.parent))
		})
		c.families = c.families[:min(len(c.families), perCommunity)]
		err = scanAll(ctx, q, func(r scanner) error {
			var h holidaySession
			if err := r.Scan(&h.id, &h.ageMin, &h.ageMax); err != nil {
				return err
			}
			c.holiday = append(c.holiday, h)
			return nil
		}, `SELECT s.id, COALESCE(p.age_min, 0), COALESCE(p.age_max, 99) FROM sessions s JOIN programs p ON p.id = s.program_id
			WHERE s.community_id = ? AND s.kind = 'holiday_class' AND s.status = 'scheduled' AND s.starts_at > ? ORDER BY s.starts_at, s.id LIMIT 200`,
			c.id, now.UTC().Format(timeLayout))
		if err != nil {
			return err
		}
		// The children already booked into those sessions (by the build) are not booked again.
		err = scanAll(ctx, q, func(r scanner) error {
			var k [2]string
			err := r.Scan(&k[0], &k[1])
			l.booked[k] = true
			return err
		}, `SELECT b.child_id, b.session_id FROM bookings b JOIN sessions s ON s.id = b.session_id
			WHERE s.community_id = ? AND s.kind = 'holiday_class' AND s.starts_at > ? AND b.status IN ('confirmed', 'waitlisted') AND b.child_id IS NOT NULL`,
			c.id, now.UTC().Format(timeLayout))
		if err != nil {
			return err
		}
		var recent []string
		err = scanAll(ctx, q, func(r scanner) error {
			var id string
			recent = append(recent, id)
			return r.Scan(&recent[len(recent)-1])
		}, `SELECT id FROM sessions WHERE community_id = ? AND kind = 'after_school' AND status <> 'cancelled' AND starts_at < ?
			ORDER BY starts_at DESC, id LIMIT 10`, c.id, now.UTC().Format(timeLayout))
		if err != nil {
			return err
		}
		for _, s := range recent {
			rc := rollcall{session: s}
			err := scanAll(ctx, q, func(r scanner) error {
				var id string
				err := r.Scan(&id)
				rc.kids = append(rc.kids, id)
				return err
			}, `SELECT child_id FROM bookings WHERE session_id = ? AND status = 'confirmed' AND child_id IS NOT NULL ORDER BY arrival, id`, s)
			if err != nil {
				return err
			}
			if len(rc.kids) > 0 {
				c.rollcalls = append(c.rollcalls, rc)
			}
		}
		err = scanAll(ctx, q, func(r scanner) error {
			var v visitTarget
			err := r.Scan(&v.session, &v.volunteer)
			l.visits = append(l.visits, v)
			return err
		}, `SELECT s.id, x.user_id FROM sessions s JOIN session_staff x ON x.session_id = s.id
			WHERE s.community_id = ? AND s.kind = 'neighbor_visit' AND s.status = 'scheduled' AND s.starts_at < ?
			  AND NOT EXISTS (SELECT 1 FROM visit_logs v WHERE v.session_id = s.id)
			ORDER BY s.starts_at DESC, s.id LIMIT ?`, c.id, now.UTC().Format(timeLayout), visitsEach)
		if err != nil {
			return err
		}
		l.communities = append(l.communities, c)
	}
	return nil
}

// timeLayout is the stored form of instants (storage's fixed-width UTC text).
const timeLayout = "2006-01-02T15:04:05.000000Z"

type scanner interface{ Scan(...any) error }

// scanAll runs a query and hands each row to fn.
func scanAll(ctx context.Context, q *sql.DB, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// signIn gives every sampled person a session (written directly, as `bench rush` does: signing in
// would measure password hashing), valid for a day.
func (l *cityLoad) signIn(ctx context.Context) error {
	l.cookies = map[string]string{}
	var people []string
	add := func(id string) {
		if _, ok := l.cookies[id]; !ok && id != "" {
			l.cookies[id] = ""
			people = append(people, id)
		}
	}
	for _, c := range l.communities {
		add(c.coordinator)
		for _, f := range c.families {
			add(f.parent)
		}
	}
	for _, v := range l.visits {
		add(v.volunteer)
	}
	tx, err := l.store.WritePool().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := serverClock()
	for _, id := range people {
		token := auth.NewToken()
		if _, err := tx.ExecContext(ctx, `INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			auth.HashToken(token), id, now.UTC().Format(timeLayout), now.Add(24*time.Hour).UTC().Format(timeLayout)); err != nil {
			return err
		}
		l.cookies[id] = token
	}
	return tx.Commit()
}

// subscribe asks for every signed-in person's feed URL (GET /me/feeds) and fetches each feed once,
// as a calendar app does when subscribing, keeping its ETag for the polls.
func (l *cityLoad) subscribe(ctx context.Context) error {
	ids := make(chan string)
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for id := range ids {
				f, err := l.subscribeOne(ctx, id)
				mu.Lock()
				if err != nil && first == nil {
					first = err
				}
				if f != nil {
					l.feeds = append(l.feeds, f)
				}
				mu.Unlock()
			}
		})
	}
	for id := range l.cookies {
		ids <- id
	}
	close(ids)
	wg.Wait()
	return first
}

func (l *cityLoad) subscribeOne(ctx context.Context, user string) (*loadFeed, error) {
	status, body, _, err := l.send(ctx, http.MethodGet, "/api/v1/me/feeds", user, nil, "")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("GET /me/feeds: %d %v %s", status, err, body)
	}
	var out struct {
		Items []struct{ URL string } `json:"items"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Items) == 0 {
		return nil, fmt.Errorf("GET /me/feeds: %s", body)
	}
	u, err := url.Parse(out.Items[0].URL)
	if err != nil {
		return nil, err
	}
	f := &loadFeed{path: u.Path}
	status, _, etag, err := l.send(ctx, http.MethodGet, f.path, "", nil, "")
	if err != nil || status != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %d %v", "/ical/…", status, err)
	}
	f.etag = etag
	return f, nil
}
