package storage

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"sort"
	"testing"

	"github.com/linli/linli/db"
	"github.com/linli/linli/internal/auth"
)

// TestDevicesAfterUpgrade: sessions signed in before migration 0010 become devices with ids of
// their own, and can be listed and signed out.
func TestDevicesAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "linli.db")
	if err := createPrivate(path); err != nil {
		t.Fatal(err)
	}
	old, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	names, _ := fs.Glob(db.SQLite, "migrations/sqlite/*.sql")
	sort.Strings(names)
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := old.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for _, n := range names {
		if n >= "migrations/sqlite/0010" {
			break
		}
		body, _ := fs.ReadFile(db.SQLite, n)
		mustExec(string(body))
		mustExec(`INSERT INTO schema_migrations VALUES (?, '2026-11-01')`, n)
	}
	mustExec(`INSERT INTO users (id, name, login, password_hash, locale, is_admin, created_at, updated_at)
		VALUES ('u1', '甲', 'a@linli.test', 'x', 'zh-CN', 0, '2026-11-01T00:00:00.000000Z', '2026-11-01T00:00:00.000000Z')`)
	for _, token := range []string{"old-phone", "old-laptop"} {
		mustExec(`INSERT INTO auth_sessions (token_hash, user_id, created_at, expires_at) VALUES (?, 'u1', '2026-11-01T00:00:00.000000Z', '2099-01-01T00:00:00.000000Z')`, auth.HashToken(token))
	}
	old.Close()

	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	a, err := Accounts{d}.Authenticate(ctx, "old-phone")
	if err != nil || !validID(a.SessionID) {
		t.Fatalf("an old session after the upgrade: %+v, %v", a, err)
	}
	devices, err := Accounts{d}.Devices(ctx, a)
	if err != nil || len(devices) != 2 || devices[0].ID == devices[1].ID || devices[0].LastSeenAt.IsZero() {
		t.Fatalf("devices %+v, %v", devices, err)
	}
	for _, dv := range devices {
		if !dv.Current {
			if err := (Accounts{d}).EndDevice(ctx, a, dv.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := (Accounts{d}).Authenticate(ctx, "old-laptop"); err == nil {
		t.Fatal("the other old session still signs in after being ended")
	}
}
