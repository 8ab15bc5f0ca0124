package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linli/linli/internal/testdb"
)

// TestServeOnPostgres: the binary runs on a PostgreSQL URL given as --db, with a feed secret
// file (required there, as every instance must share it): the demo's parents sign in and book,
// and migrate reports the applied migrations without the URL's password.
func TestServeOnPostgres(t *testing.T) {
	dsn := testdb.PostgresDSN(t)
	secret := filepath.Join(t.TempDir(), "feed-secret")
	var out, errb bytes.Buffer
	m := NewMain(&out, &errb)
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", dsn, "--demo", "--feed-secret-file", secret,
		"--argon2-memory-kib", "64", "--argon2-time", "1"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("run on PostgreSQL: %v %s", err, errb.String())
	}
	defer m.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	base := "http://" + m.Addr
	if r := postJSON(t, c, base+"/api/v1/auth/login", map[string]string{"login": "13800000001", "password": "linli-demo"}); r.StatusCode != 200 {
		t.Fatalf("demo login on PostgreSQL: %d", r.StatusCode)
	}
	r, err := c.Get(base + "/api/v1/me/feeds")
	if err != nil || r.StatusCode != 200 {
		t.Fatalf("feeds on PostgreSQL: %v %v", r, err)
	}

	withPassword := strings.Replace(dsn, "://", "://"+"linli-secret-word@", 1)
	if strings.Contains(dsn, "@") {
		withPassword = dsn
	}
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", withPassword}, nil, &out, &errb); err != nil {
		t.Fatalf("migrate: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "migrations applied") || strings.Contains(out.String(), "linli-secret-word") {
		t.Errorf("migrate report: %s", out.String())
	}
}

// TestPostgresNeedsFeedSecretFile: without --feed-secret-file the server on PostgreSQL does not
// start (instances would make secrets of their own, and one's feed URLs would fail on another).
func TestPostgresNeedsFeedSecretFile(t *testing.T) {
	m := NewMain(&bytes.Buffer{}, &bytes.Buffer{})
	err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", "postgres://linli@127.0.0.1:1/linli"})
	if err == nil || !strings.Contains(err.Error(), "--feed-secret-file") {
		t.Fatalf("started without a feed secret file: %v", err)
	}
}

// TestBackupOnPostgresSaysPgDump: linli backup copies SQLite files only; on PostgreSQL it names
// pg_dump and exits non-zero, writing nothing.
func TestBackupOnPostgresSaysPgDump(t *testing.T) {
	to := filepath.Join(t.TempDir(), "copy")
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"backup", "--db", "postgres://linli@127.0.0.1:1/linli", "--to", to}, nil, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup on PostgreSQL: %v", err)
	}
}
