// Package testclock gives tests an injected clock instead of the wall clock: it starts at a fixed
// instant in China (Default, or LINLI_TEST_CLOCK when set) and runs at the real pace, so that
// fixtures placed relative to it ("tomorrow", "today at 15:00") mean the same at any hour and on
// any date the tests run, while timeouts, rate-limit windows and the order of events still work.
// Only tests import it.
package testclock

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Default is the instant test clocks start at unless LINLI_TEST_CLOCK says otherwise: Monday
// 16 November 2026, 10:00 in China, an ordinary school-day morning (the browser journeys' start).
var Default = time.Date(2026, 11, 16, 10, 0, 0, 0, linli.ChinaTime)

// EnvVar names the optional environment variable that moves the start of every test clock, as
// an RFC 3339 instant: LINLI_TEST_CLOCK=2027-04-02T23:59:30+08:00 runs the tests half a minute
// before midnight on the Friday before Qingming.
const EnvVar = "LINLI_TEST_CLOCK"

// Start returns the instant test clocks start at: LINLI_TEST_CLOCK when set, Default otherwise.
// A value that is not RFC 3339 fails tb.
func Start(tb testing.TB) time.Time {
	tb.Helper()
	t, err := StartFromEnv()
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// StartFromEnv is Start for code without a testing.TB (TestMain, a re-executed test binary).
func StartFromEnv() (time.Time, error) {
	v := os.Getenv(EnvVar)
	if v == "" {
		return Default, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s=%q: want an RFC 3339 instant such as 2026-09-30T23:59:30+08:00: %w", EnvVar, v, err)
	}
	return t, nil
}

// Clock is a clock that reads start when created and runs at the real pace from there; Set
// moves it. It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	base time.Time // the reading at began
	// began is the real instant base was set at; its monotonic reading measures the pace.
	began time.Time
}

// New returns a clock reading start now and running at the real pace.
func New(start time.Time) *Clock {
	return &Clock{base: start, began: time.Now()}
}

// Started returns a clock at Start(tb), running at the real pace.
func Started(tb testing.TB) *Clock {
	tb.Helper()
	return New(Start(tb))
}

// Now returns the clock's reading.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Add(time.Since(c.began))
}

// Set makes the clock read t now; it keeps running from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.base, c.began = t, time.Now()
}

// Today returns the clock's date in mainland China.
func (c *Clock) Today() linli.Date { return linli.TodayInChina(c.Now()) }

// Stopwatch starts measuring real elapsed time (for logs of how long something took, never for
// dates) and returns what reads it.
func Stopwatch() func() time.Duration {
	began := time.Now()
	return func() time.Duration { return time.Since(began) }
}

// Deadline returns a function that reports whether real time d has passed since the call, for
// loops that wait for something (a process to answer, a load to end).
func Deadline(d time.Duration) func() bool {
	elapsed := Stopwatch()
	return func() bool { return elapsed() >= d }
}
