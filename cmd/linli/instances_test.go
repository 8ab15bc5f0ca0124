package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testdb"
)

// instances are two server processes sharing one PostgreSQL database, as behind a load balancer.
type instances struct {
	t      *testing.T
	urls   [2]string
	client *http.Client
}

// call sends a request as the holder of cookie to instance i and returns the status and body.
func (in *instances) call(i int, cookie, method, path string, body any) (int, []byte) {
	in.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, in.urls[i%2]+path, r)
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: cookie})
	}
	resp, err := in.client.Do(req)
	if err != nil {
		in.t.Errorf("%s %s on instance %d: %v", method, path, i%2, err)
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// must is call for a request that has to answer want.
func (in *instances) must(want, i int, cookie, method, path string, body any) []byte {
	in.t.Helper()
	status, b := in.call(i, cookie, method, path, body)
	if status != want {
		in.t.Fatalf("%s %s on instance %d: %d %s; want %d", method, path, i%2, status, b, want)
	}
	return b
}

// feed fetches a feed from instance i and returns its ETag and body.
func (in *instances) feed(i int, path string) (string, string) {
	in.t.Helper()
	resp, err := in.client.Get(in.urls[i%2] + path)
	if err != nil {
		in.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		in.t.Fatalf("GET %s on instance %d: %d %s", path, i%2, resp.StatusCode, b)
	}
	return resp.Header.Get("ETag"), string(b)
}

// TestTwoInstancesShareOnePostgreSQL runs the real server twice on one PostgreSQL database with
// one feed secret, and uses both at once: 2,000 simultaneous bookings of one session spread over
// the two give exactly its seats and a waiting line 1..n without gap or repeat and no 5xx; 40
// notifications subscribed by a webhook are posted once each while both workers run; a session
// moved through one instance shows in the feeds the other serves at once.
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	dsn := testdb.PostgresDSN(t) // skipped, naming PostgreSQL, without a server
	ctx := context.Background()
	const families, seats, notices = 2000, 30, 40
	r := &rush{families: families, seats: seats, out: io.Discard}
	db, err := r.seed(ctx, dsn, 2)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	adminCookie := seedAdmin(t, dsn)

	var mu sync.Mutex
	posted := map[string]int{} // delivery id → posts received
	notified := map[string]bool{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var p linli.WebhookPayload
		if err := json.NewDecoder(req.Body).Decode(&p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		posted[p.DeliveryID]++
		notified[p.Notification.ID] = true
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	secret := filepath.Join(t.TempDir(), "feed-secret")
	a := startProcess(t, dsn, "--feed-secret-file", secret, "--allow-private-webhooks")
	b := startProcess(t, dsn, "--feed-secret-file", secret, "--allow-private-webhooks")
	in := &instances{t: t, urls: [2]string{a.URL, b.URL},
		client: &http.Client{Timeout: 90 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: families}}}

	t.Run("rush", func(t *testing.T) { in.t = t; rushBoth(t, in, r, dsn) })
	in.t = t

	in.must(http.StatusCreated, 0, adminCookie, "POST", "/api/v1/webhooks", map[string]any{
		"url": receiver.URL + "/hook", "events": []string{linli.NoticeSessionCancelled}, "secret": "two-instances-secret"})
	session := "/api/v1/sessions/" + r.sessions[1]
	in.must(http.StatusOK, 1, adminCookie, "PATCH", session, map[string]any{"capacity": notices})
	var wg sync.WaitGroup
	for i := range notices {
		wg.Go(func() {
			if status, body := in.call(i, r.cookies[i], "POST", "/api/v1/bookings", map[string]string{"child_id": r.kids[i], "session_id": r.sessions[1]}); status != http.StatusCreated {
				t.Errorf("booking %d into the second session: %d %s", i, status, body)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	t.Run("feeds", func(t *testing.T) { in.t = t; moveAndRead(t, in, r, adminCookie) })
	in.t = t

	in.must(http.StatusOK, 1, adminCookie, "PATCH", session, map[string]any{"status": "cancelled", "reason": "场地维修"})
	for expired := time.After(60 * time.Second); ; {
		mu.Lock()
		n := len(posted)
		mu.Unlock()
		if n >= notices {
			break
		}
		select {
		case <-expired:
			t.Fatalf("%d of %d notifications posted in 60 s", n, notices)
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(2 * 5 * time.Second) // two more rounds of both workers (notify.DefaultPoll): nothing is posted again
	mu.Lock()
	defer mu.Unlock()
	for id, n := range posted {
		if n != 1 {
			t.Errorf("delivery %s posted %d times", id, n)
		}
	}
	if len(posted) != notices || len(notified) != notices {
		t.Errorf("%d deliveries of %d notifications posted; want the %d cancellation notices, once each", len(posted), len(notified), notices)
	}
}

// seedAdmin writes an administrator signed in with the cookie it returns.
func seedAdmin(t *testing.T, dsn string) string {
	t.Helper()
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	id, token, at := uuid.NewString(), auth.NewToken(), serverClock().UTC().Format("2006-01-02T15:04:05.000000Z")
	expires := serverClock().Add(24 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z")
	for _, s := range [][]any{
		{`INSERT INTO users (id, name, login, password_hash, is_admin, created_at, updated_at) VALUES (?, '街道管理员', 'admin@linli.test', '-', 1, ?, ?)`, id, at, at},
		{`INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, auth.HashToken(token), id, at, expires},
	} {
		if _, err := db.WritePool().Exec(s[0].(string), s[1:]...); err != nil {
			t.Fatal(err)
		}
	}
	return token
}

// rushBoth books every family's child into the first session at once, alternating instances.
func rushBoth(t *testing.T, in *instances, r *rush, dsn string) {
	type answer struct {
		status int
		body   []byte
	}
	answers := make([]answer, r.families)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range r.families {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			answers[i].status, answers[i].body = in.call(i, r.cookies[i], "POST", "/api/v1/bookings",
				map[string]string{"child_id": r.kids[i], "session_id": r.sessions[0]})
		}()
	}
	ready.Wait()
	began := time.Now()
	close(start)
	done.Wait()
	took := time.Since(began)
	confirmed, serverErrors, refused := 0, 0, 0
	var positions []int
	for i, a := range answers {
		var out struct{ Bookings []linli.Booking }
		json.Unmarshal(a.body, &out)
		switch {
		case a.status >= 500 || a.status == 0:
			if serverErrors++; serverErrors == 1 {
				t.Errorf("booking %d on instance %d: %d %s", i, i%2, a.status, a.body)
			}
		case a.status != http.StatusCreated || len(out.Bookings) != 1:
			if refused++; refused == 1 {
				t.Errorf("booking %d on instance %d: %d %s", i, i%2, a.status, a.body)
			}
		case out.Bookings[0].Status == linli.BookingConfirmed:
			confirmed++
		default:
			positions = append(positions, out.Bookings[0].WaitlistPosition)
		}
	}
	slices.Sort(positions)
	inLine := len(positions) == r.families-r.seats
	for i, p := range positions {
		inLine = inLine && p == i+1
	}
	if serverErrors > 0 || refused > 0 || confirmed != r.seats || !inLine {
		t.Errorf("%d server errors, %d refusals; %d confirmed (want %d); %d waitlisted at positions 1..%d without gap or repeat: %v",
			serverErrors, refused, confirmed, r.seats, len(positions), r.families-r.seats, inLine)
	}
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var storedConfirmed, storedWaitlisted, rows int
	db.ReadPool().QueryRow(`SELECT confirmed, waitlisted, (SELECT COUNT(*) FROM bookings WHERE session_id = sessions.id) FROM sessions WHERE id = ?`,
		r.sessions[0]).Scan(&storedConfirmed, &storedWaitlisted, &rows)
	if storedConfirmed != r.seats || storedWaitlisted != r.families-r.seats || rows != r.families {
		t.Errorf("the session stores %d confirmed, %d waitlisted, %d bookings", storedConfirmed, storedWaitlisted, rows)
	}
	t.Logf("%d bookings over two instances in %.2f s (%.0f/s)", r.families, took.Seconds(), float64(r.families)/took.Seconds())
}

// moveAndRead moves the second session through instance 0 and reads, through instance 1, the
// feed of a family booked into it (its URL given out by instance 0) and its program's public feed.
func moveAndRead(t *testing.T, in *instances, r *rush, adminCookie string) {
	var links struct {
		Items []struct{ URL string }
	}
	json.Unmarshal(in.must(http.StatusOK, 0, r.cookies[0], "GET", "/api/v1/me/feeds", nil), &links)
	if len(links.Items) != 1 {
		t.Fatalf("feed links %+v", links)
	}
	personal := links.Items[0].URL[strings.Index(links.Items[0].URL, "/ical/"):]
	var got struct {
		Session struct {
			ProgramID string    `json:"program_id"`
			StartsAt  time.Time `json:"starts_at"`
		}
	}
	json.Unmarshal(in.must(http.StatusOK, 1, r.cookies[0], "GET", "/api/v1/sessions/"+r.sessions[1], nil), &got)
	sess := got.Session
	paths, names := []string{personal, "/ical/programs/" + sess.ProgramID + ".ics"}, []string{"the family's feed", "the program's feed"}
	etags, bodies := make([]string, 2), make([]string, 2)
	for i, p := range paths {
		etags[i], bodies[i] = in.feed(1, p)
	}
	local := sess.StartsAt.In(linli.ChinaTime)
	moved := time.Date(local.Year(), local.Month(), local.Day(), 14, 0, 0, 0, linli.ChinaTime)
	in.must(http.StatusOK, 0, adminCookie, "PATCH", "/api/v1/sessions/"+r.sessions[1], map[string]any{"starts_at": moved.Format(time.RFC3339)})
	changed := time.Now()
	for i, p := range paths {
		for fetches := 1; ; fetches++ {
			asked := time.Since(changed) // a fetch asked later than a second after the move must be fresh
			etag, body := in.feed(1, p)
			if etag != etags[i] && body != bodies[i] && (strings.Contains(body, moved.Format("20060102T150405")) || strings.Contains(body, moved.UTC().Format("20060102T150405Z"))) {
				t.Logf("%s fresh on the other instance at fetch %d, asked %d ms after the move", names[i], fetches, asked.Milliseconds())
				break
			}
			if asked > time.Second {
				t.Fatalf("%s on the other instance still %s more than a second after the move", names[i], etag)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
