package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
	"github.com/linli/linli/internal/testclock"
	"github.com/linli/linli/internal/testdb"
)

// testEnv is a real server on a fresh, migrated SQLite file, with an admin and one community.
type testEnv struct {
	t         *testing.T
	DB        *storage.DB
	Srv       *httptest.Server
	Server    *api.Server
	Logs      *bytes.Buffer
	Admin     string // cookie value
	Community string // id of the first community
}

// serverOptions adjust the server a test starts: the clock (zero: testclock's, which starts at
// testclock.Default or LINLI_TEST_CLOCK and runs at the real pace; else frozen at now), the secret
// of personal feeds, the database's own fields and the server's.
type serverOptions struct {
	sqlite     bool // a SQLite file whatever the run's database: for tests of what only SQLite has
	now        time.Time
	feedSecret []byte
	db         func(*storage.DB)
	server     func(*api.Server)
}

// startServer starts a real server, wired by app.New as the binary wires it, on a fresh SQLite
// file with cheap password hashing, signs in an administrator and creates one community. It
// returns the clock that the database and the server share.
func startServer(t *testing.T, o serverOptions) (*testEnv, *ptClock) {
	t.Helper()
	ctx := context.Background()
	dsn := storagetest.DSN(t)
	if o.sqlite {
		dsn = filepath.Join(t.TempDir(), "linli.db")
	}
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	db.Sleep = func(context.Context, time.Duration) {} // failed sign-ins are answered at once
	clock := &ptClock{now: o.now}
	if o.now.IsZero() {
		clock.run = testclock.Started(t)
	}
	if o.db != nil {
		o.db(db)
	}
	if o.feedSecret == nil && testdb.Postgres() {
		o.feedSecret = []byte("the feed secret of tests on PostgreSQL") // no file beside the database there
	}
	logs := &bytes.Buffer{}
	srv := app.New(db, app.Options{Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, nil)), Now: clock.Now, FeedSecret: o.feedSecret})
	srv.AllowPrivateWebhooks = true // the tests' gateways listen on 127.0.0.1
	if o.server != nil {
		o.server(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &testEnv{t: t, DB: db, Srv: ts, Server: srv, Logs: logs}
	if _, err := (storage.Accounts{DB: db}).CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "admin-password"}); err != nil {
		t.Fatal(err)
	}
	e.Admin = e.login("admin@linli.test", "admin-password")
	var c struct{ Community linli.Community }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "幸福里社区", "city": "沈阳市", "district": "和平区"}), &c)
	e.Community = c.Community.ID
	return e, clock
}

// newEnv starts a server on the test clock with an administrator signed in and one community.
func newEnv(t *testing.T) *testEnv {
	t.Helper()
	e, _ := startServer(t, serverOptions{})
	return e
}

// now reads the server's clock: place fixtures relative to it, never to the wall clock.
func (e *testEnv) now() time.Time { return e.Server.Now() }

// today returns the server's date in China.
func (e *testEnv) today() linli.Date { return linli.TodayInChina(e.now()) }

// lockedWriter lets concurrent handlers log into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// response is an HTTP answer read whole.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// call sends a request with an optional session cookie and JSON body (a string is sent as is).
func (e *testEnv) call(method, path, cookie string, body any, headers ...string) response {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, e.Srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: cookie})
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}
}

// must checks the status and decodes the body into out (when not nil).
func (e *testEnv) must(status int, r response, out any) {
	e.t.Helper()
	if r.Status != status {
		e.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			e.t.Fatalf("decode %s: %v", r.Body, err)
		}
	}
}

// apiError is the error shape of API.md.
type apiError struct {
	Error struct {
		Code, Message, Field string
	}
}

// mustFail checks the status, the error code and the field of an error answer.
func (e *testEnv) mustFail(status int, code, field string, r response) {
	e.t.Helper()
	var ae apiError
	if r.Status != status || json.Unmarshal(r.Body, &ae) != nil || ae.Error.Code != code || ae.Error.Field != field {
		e.t.Fatalf("got %d %s; want %d code=%q field=%q", r.Status, r.Body, status, code, field)
	}
	if ae.Error.Message == "" {
		e.t.Fatalf("error without a message: %s", r.Body)
	}
}

// register creates a user and returns its id.
func (e *testEnv) register(name, login string) string {
	e.t.Helper()
	var u struct{ User linli.User }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": name, "login": login, "password": "password-" + login}), &u)
	return u.User.ID
}

// login signs in (password as register sets it, unless given) and returns the cookie value.
func (e *testEnv) login(login string, password ...string) string {
	e.t.Helper()
	pw := "password-" + login
	if len(password) > 0 {
		pw = password[0]
	}
	r := e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": login, "password": pw})
	if r.Status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", login, r.Status, r.Body)
	}
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == api.SessionCookie {
			return c.Value
		}
	}
	e.t.Fatal("login set no session cookie")
	return ""
}

// member registers a user, gives them role in the community and returns (id, cookie).
func (e *testEnv) member(name, login, role, teacherType string) (string, string) {
	e.t.Helper()
	id := e.register(name, login)
	body := map[string]any{"user_id": id, "role": role}
	if teacherType != "" {
		body["teacher_type"] = teacherType
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/members", e.Admin, body), nil)
	return id, e.login(login)
}

// count returns the number of rows in table.
func (e *testEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
