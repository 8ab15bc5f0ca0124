package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/testclock"
	"github.com/linli/linli/internal/testdb"
)

// openTest opens a fresh database with cheap password hashing on the test clock (testclock:
// an ordinary school-day morning, or LINLI_TEST_CLOCK, running at the real pace).
func init() {
	testdb.Migrate = func(ctx context.Context, dsn string) error {
		d, err := Open(ctx, dsn)
		if err != nil {
			return err
		}
		return d.Close()
	}
}

func openTest(t testing.TB) *DB {
	t.Helper()
	return openTestAt(t, testdb.DSN(t))
}

// openSQLiteTest opens a SQLite database whatever the run's database: for what only SQLite has
// (the group commit, the file's settings).
func openSQLiteTest(t *testing.T) *DB {
	t.Helper()
	return openTestAt(t, filepath.Join(t.TempDir(), "linli.db"))
}

func openTestAt(t testing.TB, dsn string) *DB {
	t.Helper()
	d, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	d.Hasher = auth.NewHasher(auth.TestParams, 4)
	d.Now = testclock.Started(t).Now
	t.Cleanup(func() { d.Close() })
	return d
}

func TestOpenSettingsAndMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := d.Migrations(ctx)
	if err != nil || len(first) == 0 || first[0] != "migrations/sqlite/0001_init.sql" {
		t.Fatalf("migrations %v, %v", first, err)
	}
	var mode string
	var sync int
	d.write.QueryRow("PRAGMA journal_mode").Scan(&mode)
	d.write.QueryRow("PRAGMA synchronous").Scan(&sync)
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode=%s synchronous=%d, want wal and 2 (FULL)", mode, sync)
	}
	if _, err := d.read.Exec("CREATE TABLE x (a)"); err == nil {
		t.Fatal("the read pool can write")
	}
	d.Close()
	// Re-opening runs no migration twice.
	d, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	again, _ := d.Migrations(ctx)
	if len(again) != len(first) {
		t.Fatalf("re-open applied %v, first %v", again, first)
	}
}

func TestOpenRefusesWrongSettings(t *testing.T) {
	d := openTest(t)
	pool, err := sql.Open("sqlite3", "file:"+d.Path+"?_journal_mode=DELETE&_synchronous=NORMAL")
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if err := d.checkPragmas(context.Background(), pool, "wal"); err == nil {
		t.Fatal("a pool with synchronous=NORMAL passed the settings check")
	}
}

func TestTranslateConstraint(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	a := Accounts{d}
	if _, err := a.Register(ctx, linli.Registration{Name: "甲", Login: "a@linli.test", Password: "12345678"}); err != nil {
		t.Fatal(err)
	}
	_, err := a.Register(ctx, linli.Registration{Name: "乙", Login: "A@linli.test", Password: "12345678"})
	if linli.ErrorCode(err) != linli.EConflict || linli.ErrorField(err) != "login" {
		t.Fatalf("duplicate login: %v", err)
	}
	// A failed transaction leaves nothing behind, audit row included.
	var users, audit int
	d.read.QueryRow("SELECT COUNT(*) FROM users").Scan(&users)
	d.read.QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&audit)
	if users != 1 || audit != 1 {
		t.Fatalf("users=%d audit=%d after one good and one refused registration", users, audit)
	}
}

func TestMembershipRemovalIsImmediate(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	acc, cs := Accounts{d}, Communities{d}
	admin, _ := acc.CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "12345678"})
	aa := &linli.Actor{User: *admin}
	c, err := cs.CreateCommunity(ctx, aa, linli.Given(linli.CommunityChange{Name: ptr("社区")}))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := acc.Register(ctx, linli.Registration{Name: "老师", Login: "t@linli.test", Password: "12345678"})
	if _, err := cs.AddMember(ctx, aa, c.ID, linli.Given(linli.NewMember{UserID: u.ID, Role: linli.RoleCoordinator})); err != nil {
		t.Fatal(err)
	}
	_, token, err := acc.Login(ctx, linli.Credentials{Login: "t@linli.test", Password: "12345678"}, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	actor, _ := acc.Authenticate(ctx, token)
	if !actor.Has(c.ID, linli.RoleCoordinator) {
		t.Fatal("new coordinator lacks the role")
	}
	if err := cs.RemoveMember(ctx, aa, c.ID, u.ID, linli.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	actor, _ = acc.Authenticate(ctx, token)
	if actor.Has(c.ID, linli.RoleCoordinator) {
		t.Fatal("a removed coordinator keeps access on the same session")
	}
}

func ptr[T any](v T) *T { return &v }

func TestIdempotencyPurgeForgetsOldAnswers(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	s := Idempotency{d}
	for _, key := range []string{"old", "new"} {
		if ok, err := s.Reserve(ctx, "user:x", key, []byte("h"), 24*time.Hour, time.Minute); err != nil || !ok {
			t.Fatal(err)
		}
		if err := s.Keep(ctx, "user:x", key, 201, "application/json", []byte(`{"child":{"name":"小雨"}}`), 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		now = now.Add(20 * time.Hour)
	}
	// "old" is now 40 hours old, "new" 20.
	n, err := s.Purge(ctx, 24*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want the one answer older than 24 hours", n, err)
	}
	var left string
	d.read.QueryRow(`SELECT key FROM idempotency_keys`).Scan(&left)
	if left != "new" {
		t.Fatalf("kept %q, want new", left)
	}
}

// TestIdempotencyReserve: an entry holds its scope and key until its answer is older than keep,
// or, while it has no answer, older than pending; Held reads what holds them.
func TestIdempotencyReserve(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	s := Idempotency{d}
	reserve := func(key, hash string) bool {
		t.Helper()
		ok, err := s.Reserve(ctx, "user:x", key, []byte(hash), 24*time.Hour, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !reserve("k", "h1") || reserve("k", "h2") {
		t.Fatal("a fresh key is not reserved once")
	}
	if hash, status, _, _, err := s.Held(ctx, "user:x", "k"); err != nil || string(hash) != "h1" || status != 0 {
		t.Fatalf("held %q status %d (%v); want the first request's hash, still running", hash, status, err)
	}
	now = now.Add(2 * time.Minute)
	if !reserve("k", "h2") {
		t.Fatal("a key whose request never finished is still held after the pending time")
	}
	if err := s.Keep(ctx, "user:x", "k", 201, "application/json", []byte(`{}`), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	now = now.Add(23 * time.Hour)
	if reserve("k", "h3") {
		t.Fatal("an answer younger than keep was replaced")
	}
	if hash, status, ctype, body, err := s.Held(ctx, "user:x", "k"); err != nil || string(hash) != "h2" || status != 201 || ctype != "application/json" || string(body) != "{}" {
		t.Fatalf("held %q %d %q %q (%v); want the kept answer", hash, status, ctype, body, err)
	}
	now = now.Add(2 * time.Hour)
	if !reserve("k", "h3") {
		t.Fatal("an answer older than keep still holds the key")
	}
	if err := s.Release(ctx, "user:x", "k"); err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := s.Held(ctx, "user:x", "k"); linli.ErrorCode(err) != linli.ENotFound {
		t.Fatalf("a released key: %v, want not found", err)
	}
}
