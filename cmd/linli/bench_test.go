package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/testclock"
)

func TestBenchRushIsExact(t *testing.T) {
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "rush", "--families", "120", "--seats", "7", "--bursts", "2", "--dir", t.TempDir()}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	// Each burst line shows 7 confirmed, 113 waitlisted and nobody refused.
	if n := strings.Count(out.String(), " 7         113        0 "); n != 2 || !strings.Contains(out.String(), "raw single-row durable transaction rate") {
		t.Fatalf("report:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"bench", "rush", "--seats", "3000"}, nil, &out, &errs); err == nil {
		t.Fatal("more seats than families was accepted")
	}
}

// TestBenchRushOverHTTPIsExact runs the rush against a server in a separate process (this test
// binary re-executed as `linli serve`, see TestMain), each family signed in on its own connection.
func TestBenchRushOverHTTPIsExact(t *testing.T) {
	t.Setenv("LINLI_TEST_MAIN", "1")
	t.Setenv(testclock.EnvVar, serverClock().Format(time.RFC3339Nano))
	var out, errs bytes.Buffer
	dir := t.TempDir()
	db := filepath.Join(dir, "given.db")
	err := run(context.Background(), []string{"bench", "rush", "--http", "--families", "200", "--seats", "10", "--bursts", "2",
		"--dir", dir, "--db", db, "--profile", filepath.Join(dir, "profiles")}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	// Each burst line shows 10 confirmed, 190 waitlisted and nobody refused (run checks the
	// positions 1..190, the stored counters and that no answer was a 5xx).
	if n := strings.Count(out.String(), " 10         190        0 "); n != 2 || !strings.Contains(out.String(), "separate process") ||
		!strings.Contains(out.String(), "raw single-row durable transaction rate") {
		t.Fatalf("report:\n%s", out.String())
	}
	// The given database is kept, and the server that was started wrote its profiles on exit.
	for _, f := range []string{db, filepath.Join(dir, "profiles", "cpu.pprof"), filepath.Join(dir, "profiles", "mutex.pprof")} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
	for _, args := range [][]string{{"--url", "http://127.0.0.1:1"}, {"--http", "--db", db, "--url", "http://example.com:8080"}} {
		if err := run(context.Background(), append([]string{"bench", "rush"}, args...), nil, &out, &errs); err == nil {
			t.Fatalf("bench rush %v was accepted", args)
		}
	}
}

// TestBenchRushThroughAGivenServerIsExact points the rush at a server that is already running
// (--url) over the database the bench seeds (--db).
func TestBenchRushThroughAGivenServerIsExact(t *testing.T) {
	db := filepath.Join(t.TempDir(), "linli.db")
	p := startProcess(t, db)
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "rush", "--http", "--url", p.URL, "--db", db,
		"--families", "60", "--seats", "5", "--bursts", "1", "--dir", t.TempDir()}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	if n := strings.Count(out.String(), " 5          55        0 "); n != 1 {
		t.Fatalf("report:\n%s", out.String())
	}
}
