// Package testdb gives each test a database of its own: a SQLite file in the test's temporary
// folder, or, when LINLI_TEST_DATABASE=postgres, a new database on the PostgreSQL server that
// LINLI_TEST_POSTGRES names (dropped when the test ends). make test runs the storage, API,
// notification, demo and command tests once on each.
package testdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating and dropping databases
	"github.com/linli/linli/db"
)

// Postgres reports whether the tests of this run use PostgreSQL.
func Postgres() bool { return os.Getenv("LINLI_TEST_DATABASE") == "postgres" }

// DSN returns the name of a new, empty database for the test: storage.Open creates and migrates it.
func DSN(t testing.TB) string {
	t.Helper()
	if !Postgres() {
		return filepath.Join(t.TempDir(), "linli.db")
	}
	return PostgresDSN(t)
}

// PostgresDSN returns the URL of a new database on the PostgreSQL server that LINLI_TEST_POSTGRES
// names, whatever the run's database; without a server the test is skipped with a message naming
// PostgreSQL (it fails instead under LINLI_REQUIRE_ALL=1).
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("LINLI_TEST_POSTGRES")
	if base == "" {
		msg := "this test needs PostgreSQL: LINLI_TEST_POSTGRES names no server (postgres://user@127.0.0.1:5432/postgres)"
		if os.Getenv("LINLI_REQUIRE_ALL") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 8)
	rand.Read(b)
	name := "linli_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tmpl, err := template(ctx, admin, base)
	if err != nil {
		t.Fatalf("testdb: the migrated template on %s: %v", redacted(base), err)
	}
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE `+tmpl); err != nil {
		t.Fatalf("testdb: create database on %s: %v", redacted(base), err)
	}
	t.Cleanup(func() { drop(base, name) })
	return withDatabase(base, name)
}

// Migrate, when a test package sets it (to storage.Open and Close), migrates the template every
// test database is copied from, once for all the packages of a run: a copy is faster than
// migrating each. Without it each test's database starts empty and storage.Open migrates it.
var Migrate func(ctx context.Context, dsn string) error

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// template returns the database to copy: a migrated template named by the migrations it holds
// (made by the first test package that needs it, under an advisory lock), or template0.
func template(ctx context.Context, admin *sql.DB, base string) (string, error) {
	if Migrate == nil {
		return "template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", nil
	}
	templateOnce.Do(func() { templateName, templateErr = makeTemplate(ctx, admin, base) })
	return templateName, templateErr
}

func makeTemplate(ctx context.Context, admin *sql.DB, base string) (string, error) {
	h := sha256.New()
	names, _ := fs.Glob(db.Postgres, "migrations/postgres/*.sql")
	for _, n := range names {
		body, _ := fs.ReadFile(db.Postgres, n)
		h.Write([]byte(n))
		h.Write(body)
	}
	name := "linli_template_" + hex.EncodeToString(h.Sum(nil))[:16]
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7325019)`); err != nil {
		return "", err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7325019)`)
	var ready bool
	err = conn.QueryRowContext(ctx, `SELECT datistemplate FROM pg_database WHERE datname = $1`, name).Scan(&ready)
	if err == nil && ready {
		return name, nil
	}
	if err == nil {
		if _, err := conn.ExecContext(ctx, `DROP DATABASE `+name+` WITH (FORCE)`); err != nil {
			return "", err
		}
	}
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		return "", err
	}
	if err := Migrate(ctx, withDatabase(base, name)); err != nil {
		return "", err
	}
	_, err = conn.ExecContext(ctx, `ALTER DATABASE `+name+` WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`)
	return name, err
}

// withDatabase is the server URL base naming another database.
func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

// drop removes the test's database, closing what the test left connected.
func drop(base, name string) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
}

func redacted(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the server"
	}
	return u.Redacted()
}
