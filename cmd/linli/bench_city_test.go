package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testclock"
	"github.com/linli/linli/internal/testdb"
)

// TestBenchCityBuildsTheShapeAndLoadsItExactly builds the city at scale 0.001 (one community of
// the seed city's average size) and runs a few seconds of the open-loop mix against a server in a
// separate process (this test binary re-executed as `linli serve`, see TestMain). It asserts the
// shape, that no request was answered 5xx and that the bookings came out exact, never a timing.
func TestBenchCityBuildsTheShapeAndLoadsItExactly(t *testing.T) {
	t.Setenv("LINLI_TEST_MAIN", "1")
	t.Setenv(testclock.EnvVar, serverClock().Format(time.RFC3339Nano))
	db := testdb.DSN(t)
	var out, errs bytes.Buffer
	err := run(context.Background(), []string{"bench", "city", "--scale", "0.001", "--db", db, "--seed", "7",
		"--load", "--rate", "40", "--duration", "3s", "--users", "60", "--dir", t.TempDir()}, nil, &out, &errs)
	if err != nil {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	for _, want := range []string{"shape: 1 communities, 6 grids, 30 buildings, 770 households, 150 children, 20 staff",
		"120 requests at 40/s", "feed poll", "bookings exact: yes", "server memory: ", "database size: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	s, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// One community with its places and people; a year of sessions of every kind; the term's
	// after-school care booked full with two in line, and attended up to the clock's day.
	for query, want := range map[string]int{
		`SELECT count(*) FROM communities`:                                              1,
		`SELECT count(*) FROM grids`:                                                    6,
		`SELECT count(*) FROM buildings`:                                                30,
		`SELECT count(*) FROM households`:                                               770,
		`SELECT count(*) FROM children`:                                                 150,
		`SELECT count(*) FROM memberships`:                                              20,
		`SELECT count(*) FROM visit_plans`:                                              77,
		`SELECT count(DISTINCT kind) FROM sessions`:                                     4,
		`SELECT count(*) FROM users WHERE login NOT LIKE '1%'`:                          0,
		`SELECT count(*) FROM sessions WHERE kind = 'after_school' AND confirmed <> 30`: 0,
	} {
		var got int
		if err := s.ReadPool().QueryRow(query).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %d (%v), want %d", query, got, err, want)
		}
	}
	var visits, attended int
	s.ReadPool().QueryRow(`SELECT count(*) FROM sessions WHERE kind = 'neighbor_visit'`).Scan(&visits)
	s.ReadPool().QueryRow(`SELECT count(DISTINCT session_id) FROM attendance`).Scan(&attended)
	if visits < 77*24 || attended == 0 {
		t.Errorf("%d visits (want a fortnightly year for 77 households), %d sessions attended", visits, attended)
	}
	// The same city loaded through a server that is running already (--url), as several
	// instances on one PostgreSQL database would be.
	p := startProcess(t, db, "--feed-secret-file", filepath.Join(t.TempDir(), "feed-secret"))
	out.Reset()
	err = run(context.Background(), []string{"bench", "city", "--db", db, "--build=false", "--load", "--url", p.URL,
		"--rate", "40", "--duration", "2s", "--users", "30", "--seed", "8"}, nil, &out, &errs)
	if err != nil || !strings.Contains(out.String(), "80 requests at 40/s") || !strings.Contains(out.String(), "bookings exact: yes") {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	// It reads the running server's CPU time and memory from its /metrics.
	for _, want := range []string{" resident (from its /metrics)", "CPU per request: server ", "cores used on average over the run: server "} {
		if !strings.Contains(out.String(), want) || strings.Contains(out.String(), "not measured") {
			t.Errorf("the report on a running server lacks %q:\n%s", want, out.String())
		}
	}
	for _, args := range [][]string{{"--scale", "0.01"}, {"--db", db, "--build=false", "--load", "--url", "http://example.com"}, {"--db", db, "--scale", "3"}, {"--db", db, "--load", "--rate", "100000"},
		{"--db", db, "--build=false"}, {"--db", db, "--scale", "0.001"}} {
		if err := run(context.Background(), append([]string{"bench", "city"}, args...), nil, &out, &errs); err == nil {
			t.Errorf("bench city %v was accepted", args)
		}
	}
}
