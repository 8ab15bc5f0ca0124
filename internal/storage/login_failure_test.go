package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestLoginFailuresCountAcrossInstances signs in wrongly through two servers sharing a database:
// the answers are held longer with each failure whichever server took it, the address is refused
// on both once it reaches linli.AddrFailureLimit, and everything is forgotten, and purged, after
// linli.FailureWindow.
func TestLoginFailuresCountAcrossInstances(t *testing.T) {
	ctx := context.Background()
	a := openTest(t)
	b := secondInstance(t, a)
	now := time.Date(2026, 7, 6, 2, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var held []time.Duration
	for _, d := range []*DB{a, b} {
		d.Now = clock
		d.Sleep = func(_ context.Context, d time.Duration) { held = append(held, d) }
	}
	if _, err := (Accounts{a}).Register(ctx, linli.Registration{Name: "王芳", Login: "13800000011", Password: "right-password-1"}); err != nil {
		t.Fatal(err)
	}
	wrong := linli.Credentials{Login: "13800000011", Password: "wrong-password"}
	for i, d := range []*DB{a, b, a, b} {
		if _, _, err := (Accounts{d}).Login(ctx, wrong, "203.0.113.7", ""); linli.ErrorCode(err) != linli.EUnauthenticated {
			t.Fatalf("failure %d: %v", i+1, err)
		}
	}
	want := []time.Duration{linli.LoginDelay(1), linli.LoginDelay(2), linli.LoginDelay(3), linli.LoginDelay(4)}
	if len(held) != 4 || held[1] != want[1] || held[3] != want[3] {
		t.Errorf("failed sign-ins alternating between the servers were held %v; want %v", held, want)
	}
	for i := 4; i < linli.AddrFailureLimit; i++ {
		(Accounts{a}).Login(ctx, linli.Credentials{Login: fmt.Sprintf("139%08d", i), Password: "guess"}, "203.0.113.7", "")
	}
	if _, _, err := (Accounts{b}).Login(ctx, linli.Credentials{Login: "13800000011", Password: "right-password-1"}, "203.0.113.7", ""); linli.ErrorCode(err) != linli.ERateLimited {
		t.Errorf("the %dth sign-in from one address, on the other server: %v; want rate_limited", linli.AddrFailureLimit+1, err)
	}
	if _, _, err := (Accounts{b}).Login(ctx, linli.Credentials{Login: "13800000011", Password: "right-password-1"}, "198.51.100.2", ""); err != nil {
		t.Errorf("another address: %v; want signed in", err)
	}

	now = now.Add(linli.FailureWindow)
	if _, _, err := (Accounts{a}).Login(ctx, linli.Credentials{Login: "13800000011", Password: "right-password-1"}, "203.0.113.7", ""); err != nil {
		t.Errorf("after the window: %v; want signed in", err)
	}
	held = nil
	(Accounts{b}).Login(ctx, wrong, "203.0.113.7", "")
	if len(held) != 1 || held[0] != linli.LoginDelay(1) {
		t.Errorf("the first failure after the window was held %v; want %v", held, linli.LoginDelay(1))
	}
	if n, err := a.PurgeFailures(ctx); err != nil || n != 2*linli.AddrFailureLimit {
		t.Errorf("purged %d (%v); want the %d rows of the failures before the window", n, err, 2*linli.AddrFailureLimit)
	}
	var left int
	a.read.QueryRow(`SELECT COUNT(*) FROM login_failures`).Scan(&left)
	if left != 2 {
		t.Errorf("%d rows left; want the latest failure's 2 (login and address)", left)
	}
}
