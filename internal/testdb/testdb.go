// Package testdb gives each test a database of its own: a SQLite file in the test's temporary
// folder, or, when LINLI_TEST_DATABASE=postgres, a new database on the PostgreSQL server that
// LINLI_TEST_POSTGRES names (dropped when the test ends). make test runs the storage, API,
// notification, demo and command tests once on each.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating and dropping databases
)

// Postgres reports whether the tests of this run use PostgreSQL.
func Postgres() bool { return os.Getenv("LINLI_TEST_DATABASE") == "postgres" }

// DSN returns the name of a new, empty database for the test: storage.Open creates and migrates it.
func DSN(t testing.TB) string {
	t.Helper()
	if !Postgres() {
		return filepath.Join(t.TempDir(), "linli.db")
	}
	base := os.Getenv("LINLI_TEST_POSTGRES")
	if base == "" {
		msg := "LINLI_TEST_DATABASE=postgres but LINLI_TEST_POSTGRES names no PostgreSQL server (postgres://user@127.0.0.1:5432/postgres)"
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
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`); err != nil {
		t.Fatalf("testdb: create database on %s: %v", redacted(base), err)
	}
	t.Cleanup(func() { drop(base, name) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %v", err)
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
