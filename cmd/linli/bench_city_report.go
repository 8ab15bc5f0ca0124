package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// kindStats are the answers of one kind of request.
type kindStats struct {
	latencies          []float64 // ms
	errors, serverErrs int
	first              string // the first error's status, code and message
}

// report prints, per kind of request, the rate, p50 and p99 of latency (from the instant each
// request was due), the errors (any answer but 2xx and 304, or none) and among them the 5xx (or
// no answer); then how late requests left, the server's memory and the database's size, and
// checks that the bookings came out exact. It fails on any 5xx or inexact booking.
func (l *cityLoad) report(ctx context.Context, res mixResult, mem string) error {
	stats := map[string]*kindStats{}
	var late []float64
	var polls, unchanged int
	for _, a := range res.answers {
		if a.kind == "feed poll" {
			polls++
			if a.status == http.StatusNotModified {
				unchanged++
			}
		}
		s := stats[a.kind]
		if s == nil {
			s = &kindStats{}
			stats[a.kind] = s
		}
		s.latencies = append(s.latencies, ms(a.latency))
		late = append(late, ms(a.lateness))
		ok := a.status == http.StatusNotModified || (a.status >= 200 && a.status < 300)
		if !ok {
			s.errors++
			if s.first == "" {
				s.first = fmt.Sprintf("%s: %d %s", a.kind, a.status, a.note)
			}
		}
		if a.status == 0 || a.status >= 500 {
			s.serverErrs++
		}
	}
	secs := l.duration.Seconds()
	fmt.Fprintf(l.out, "linli bench city --load: %d requests at %d/s for %v (open loop), %d communities, %d people signed in, %d feeds; %s\n",
		res.planned, l.rate, l.duration, len(l.communities), len(l.cookies), len(l.feeds), dbLabel(l.db))
	fmt.Fprintf(l.out, "%-14s %9s %8s %9s %9s %8s %6s\n", "kind", "requests", "rate/s", "p50 ms", "p99 ms", "errors", "5xx")
	var total kindStats
	var firsts []string
	for _, m := range cityMix {
		s := stats[m.kind]
		if s == nil {
			continue
		}
		p50, p99 := percentiles(s.latencies)
		fmt.Fprintf(l.out, "%-14s %9d %8.1f %9.1f %9.1f %8d %6d\n", m.kind, len(s.latencies), float64(len(s.latencies))/secs, p50, p99, s.errors, s.serverErrs)
		total.latencies = append(total.latencies, s.latencies...)
		total.errors += s.errors
		total.serverErrs += s.serverErrs
		if s.first != "" {
			firsts = append(firsts, s.first)
		}
	}
	p50, p99 := percentiles(total.latencies)
	fmt.Fprintf(l.out, "%-14s %9d %8.1f %9.1f %9.1f %8d %6d\n", "all", len(total.latencies), float64(len(total.latencies))/secs, p50, p99, total.errors, total.serverErrs)
	for _, f := range firsts {
		fmt.Fprintf(l.out, "first error of %s\n", f)
	}
	fmt.Fprintf(l.out, "feed polls answered 304 Not Modified: %d of %d\n", unchanged, polls)
	l50, l99 := percentiles(late)
	fmt.Fprintf(l.out, "lateness (how long after its instant a request left): p50 %.1f ms, p99 %.1f ms; %d not sent; last answer %.1f s after the start\n",
		l50, l99, res.unsent, res.wall.Seconds())
	if n := len(res.answers); n > 0 {
		fmt.Fprintln(l.out, cpuLine(res, n, len(l.urls)))
	}
	fmt.Fprintf(l.out, "server memory: %s\n", mem)
	size, err := databaseSize(ctx, l.store, l.db)
	if err != nil {
		return err
	}
	fmt.Fprintf(l.out, "database size: %s\n", size)
	bad, err := l.checkBookings(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(l.out, "bookings exact: %s\n", map[bool]string{true: "yes (confirmed ≤ capacity, counters and lines equal the rows, in every session)", false: "NO"}[bad == ""])
	switch {
	case bad != "":
		return fmt.Errorf("bookings not exact: %s", bad)
	case total.serverErrs > 0:
		return fmt.Errorf("%d requests answered 5xx or not at all", total.serverErrs)
	case res.unsent > 0:
		return fmt.Errorf("%d requests not sent before the deadline", res.unsent)
	}
	return nil
}

// checkBookings compares every session's counters and line with its booking rows.
func (l *cityLoad) checkBookings(ctx context.Context) (string, error) {
	var counters, lines int
	q := l.store.ReadPool()
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM sessions s LEFT JOIN (
			SELECT session_id, SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END) AS c, SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END) AS w
			FROM bookings GROUP BY session_id) b ON b.session_id = s.id
		WHERE s.confirmed > s.capacity OR s.confirmed <> COALESCE(b.c, 0) OR s.waitlisted <> COALESCE(b.w, 0)`).Scan(&counters); err != nil {
		return "", err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM session_lines l
		WHERE l.waiting <> (SELECT count(DISTINCT b.arrival) FROM bookings b WHERE b.session_id = l.session_id AND b.status = 'waitlisted')
		   OR l.arrivals < (SELECT COALESCE(MAX(b.arrival), 0) FROM bookings b WHERE b.session_id = l.session_id)`).Scan(&lines); err != nil {
		return "", err
	}
	if counters+lines == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d sessions whose counters differ from their bookings, %d whose line does", counters, lines), nil
}

// cpuLine says how much CPU each request took of the servers, the bench and PostgreSQL, and how
// many cores each used on average over the run.
func cpuLine(res mixResult, n, instances int) string {
	per := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", ms(d)/float64(n)) }
	cores := func(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()/res.wall.Seconds()) }
	server := "server"
	if instances > 1 {
		server = "servers"
	}
	perServer, coresServer := per(res.serverCPU), cores(res.serverCPU)
	if res.serverUnknown {
		perServer, coresServer = "not measured", "?"
	}
	first := []string{server + " " + perServer, "client " + per(res.clientCPU)}
	second := []string{server + " " + coresServer, "client " + cores(res.clientCPU)}
	if res.databaseCPU > 0 {
		first = append(first, "PostgreSQL "+per(res.databaseCPU))
		second = append(second, "PostgreSQL "+cores(res.databaseCPU))
	}
	return "CPU per request: " + strings.Join(first, ", ") + " (cores used on average over the run: " + strings.Join(second, ", ") + ")"
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentiles returns the p50 and p99 of xs (0 for none).
func percentiles(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2], s[min(len(s)-1, len(s)*99/100)]
}
