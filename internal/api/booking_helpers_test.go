package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// bkEnv is a booking test: a planning environment whose server also serves children and
// bookings, with the clock at 2026-07-01 10:00 in Shanghai unless moved.
type bkEnv struct {
	*ptEnv
}

// bkNow is where the clock of a booking test starts.
var bkNow = ptAt(2026, 7, 1, 10, 0)

func newBookingEnv(t *testing.T) *bkEnv {
	t.Helper()
	return newBookingEnvWith(t, serverOptions{})
}

// newBookingEnvWith is newBookingEnv with options (its clock stays bkNow).
func newBookingEnvWith(t *testing.T, o serverOptions) *bkEnv {
	t.Helper()
	o.now = bkNow
	te, clock := startServer(t, o)
	e := &bkEnv{&ptEnv{testEnv: te, Clock: clock}}
	_, e.Coord = e.member("王丽", "13800000001", "coordinator", "")
	return e
}

// bkFamily is a parent signed in, with their children's ids.
type bkFamily struct {
	UserID, Cookie string
	Children       []string
}

// families stores n families directly (registering each over HTTP would only test password
// hashing): a parent with a session cookie and children born on the given dates.
func (e *bkEnv) families(n int, births ...string) []bkFamily {
	e.t.Helper()
	tx, err := e.DB.WritePool().Begin()
	if err != nil {
		e.t.Fatal(err)
	}
	defer tx.Rollback()
	now := bkNow.UTC().Format("2006-01-02T15:04:05.000000Z")
	later := bkNow.Add(30 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z")
	out := make([]bkFamily, n)
	for i := range out {
		f := bkFamily{UserID: uuid.NewString(), Cookie: auth.NewToken()}
		stmts := [][]any{
			{`INSERT INTO users (id, name, login, password_hash, created_at, updated_at) VALUES (?, ?, ?, 'x', ?, ?)`,
				f.UserID, fmt.Sprintf("家长%d", i), fmt.Sprintf("parent-%s@linli.test", f.UserID[:8]), now, now},
			{`INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, auth.HashToken(f.Cookie), f.UserID, now, later},
		}
		for j, birth := range births {
			child := uuid.NewString()
			f.Children = append(f.Children, child)
			stmts = append(stmts,
				[]any{`INSERT INTO children (id, name, birth_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
					child, fmt.Sprintf("孩子%d-%d", i, j), birth, f.UserID, now, now},
				[]any{`INSERT INTO child_guardians (child_id, user_id, added_by, added_at) VALUES (?, ?, ?, ?)`, child, f.UserID, f.UserID, now},
				[]any{`INSERT INTO child_consents (child_id, user_id, policy_version, at) VALUES (?, ?, ?, ?)`, child, f.UserID, linli.ChildPolicyVersion, now})
		}
		for _, s := range stmts {
			if _, err := tx.Exec(s[0].(string), s[1:]...); err != nil {
				e.t.Fatal(err)
			}
		}
		out[i] = f
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// class creates a holiday class for ages 6–9 with the given seats on 2026-07-06 (and each
// following day up to days), 09:00–11:00; edit changes the body. It returns the session ids by date.
func (e *bkEnv) class(seats int, until string, edit ...func(map[string]any)) []string {
	e.t.Helper()
	body := ptProgram("holiday_class", "科学实验", ptSchedule("2026-07-06", until, "09:00", "11:00", "all_days"), func(p map[string]any) {
		p["capacity"], p["age_min"], p["age_max"] = seats, 6, 9
	})
	for _, f := range edit {
		f(body)
	}
	res := e.createProgram(body)
	var ids []string
	for _, s := range e.sessions(e.Coord, "program_id="+res.Program.ID) {
		ids = append(ids, s.ID)
	}
	return ids
}

// bkBooking is a booking as the API shows it.
type bkBooking struct {
	ID        string
	ChildID   string `json:"child_id"`
	SessionID string `json:"session_id"`
	Status    string
	Position  int `json:"waitlist_position"`
	Session   *struct {
		Title, Status string
	}
	Error *struct{ Code, Message string }
}

// book posts a booking body as cookie and returns the answer.
func (e *bkEnv) book(cookie string, body map[string]any) response {
	return e.call("POST", "/api/v1/bookings", cookie, body)
}

// booked posts a booking body and expects 201 with the bookings.
func (e *bkEnv) booked(cookie string, body map[string]any) []bkBooking {
	e.t.Helper()
	var out struct{ Bookings []bkBooking }
	e.must(http.StatusCreated, e.book(cookie, body), &out)
	return out.Bookings
}

// myBookings lists the caller's bookings for a query.
func (e *bkEnv) myBookings(cookie, query string) []bkBooking {
	e.t.Helper()
	var page struct{ Items []bkBooking }
	e.must(http.StatusOK, e.call("GET", "/api/v1/bookings?limit=500&"+query, cookie, nil), &page)
	return page.Items
}

// status returns the stored status of a booking.
func (e *bkEnv) status(id string) string {
	e.t.Helper()
	var s string
	if err := e.DB.ReadPool().QueryRow(`SELECT status FROM bookings WHERE id = ?`, id).Scan(&s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// checkCounters fails unless every session's seat counters and line length equal its rows,
// and no session holds more confirmed children than seats.
func (e *bkEnv) checkCounters() {
	e.t.Helper()
	rows, err := e.DB.ReadPool().Query(`SELECT s.id, s.capacity, s.confirmed, s.waitlisted, COALESCE(l.waiting, 0),
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed'),
		(SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waitlisted'),
		(SELECT COUNT(DISTINCT b.arrival) FROM bookings b WHERE b.session_id = s.id AND b.status = 'waitlisted')
		FROM sessions s LEFT JOIN session_lines l ON l.session_id = s.id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var capacity, confirmed, waitlisted, waiting, confirmedRows, waitlistedRows, places int
		if err := rows.Scan(&id, &capacity, &confirmed, &waitlisted, &waiting, &confirmedRows, &waitlistedRows, &places); err != nil {
			e.t.Fatal(err)
		}
		if confirmed != confirmedRows || waitlisted != waitlistedRows || waiting != places || confirmedRows > capacity {
			e.t.Fatalf("session %s: capacity %d, counters confirmed=%d waitlisted=%d waiting=%d, rows %d, %d, %d places",
				id, capacity, confirmed, waitlisted, waiting, confirmedRows, waitlistedRows, places)
		}
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
}

// bkClient keeps enough idle connections for the concurrent tests.
var bkClient = &http.Client{Transport: &http.Transport{MaxIdleConns: 600, MaxIdleConnsPerHost: 600}}

// try sends a request from any goroutine: errors are returned, never fatal.
func (e *bkEnv) try(method, path, cookie string, body any) (response, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.Srv.URL+path, r)
	if err != nil {
		return response{}, err
	}
	req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: cookie})
	resp, err := bkClient.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}, err
}

// concurrently runs fn(i) for i in 0..n-1 in n goroutines released together.
func concurrently(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			fn(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}
