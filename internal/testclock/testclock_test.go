package testclock

import (
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

func TestStartDefaultAndEnv(t *testing.T) {
	t.Setenv(EnvVar, "")
	if got := Start(t); !got.Equal(Default) || Default.Weekday() != time.Monday || Default.In(linli.ChinaTime).Hour() != 10 {
		t.Fatalf("Start without %s = %v, want %v (a Monday, 10:00 in China)", EnvVar, got, Default)
	}
	t.Setenv(EnvVar, "2027-04-02T23:59:30+08:00")
	want := time.Date(2027, 4, 2, 23, 59, 30, 0, linli.ChinaTime)
	if got := Start(t); !got.Equal(want) {
		t.Fatalf("Start with %s = %v, want %v", EnvVar, got, want)
	}
	t.Setenv(EnvVar, "2027-04-02 23:59")
	if _, err := StartFromEnv(); err == nil {
		t.Fatal("a value that is not RFC 3339 was accepted")
	}
}

func TestClockRunsFromItsStart(t *testing.T) {
	c := New(Default)
	first := c.Now()
	if first.Before(Default) || first.Sub(Default) > time.Second {
		t.Fatalf("a new clock reads %v, want about %v", first, Default)
	}
	if c.Today() != linli.NewDate(2026, 11, 16) {
		t.Fatalf("today %v, want 2026-11-16", c.Today())
	}
	time.Sleep(20 * time.Millisecond)
	if ran := c.Now().Sub(first); ran < 20*time.Millisecond || ran > 10*time.Second {
		t.Fatalf("the clock ran %v in 20 ms of real time", ran)
	}
	later := time.Date(2026, 11, 17, 23, 0, 0, 0, linli.ChinaTime)
	c.Set(later)
	if got := c.Now(); got.Before(later) || got.Sub(later) > time.Second || c.Today() != linli.NewDate(2026, 11, 17) {
		t.Fatalf("after Set(%v) the clock reads %v", later, got)
	}
}

func TestDeadline(t *testing.T) {
	if Deadline(time.Hour)() {
		t.Fatal("an hour passed at once")
	}
	done := Deadline(10 * time.Millisecond)
	time.Sleep(15 * time.Millisecond)
	if !done() {
		t.Fatal("10 ms had not passed after 15 ms")
	}
}
