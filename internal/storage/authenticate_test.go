package storage

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/testclock"
)

// TestAuthenticateReadsTheActorAsStored signs in a member of two communities with three roles and
// checks that the actor carries the user and every membership in the order Memberships gives;
// a role added or removed, and signing out, count from the next request.
func TestAuthenticateReadsTheActorAsStored(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	acc, cs := Accounts{d}, Communities{d}
	admin, _ := acc.CreateAdmin(ctx, linli.Registration{Name: "管理员", Login: "admin@linli.test", Password: "12345678"})
	aa := &linli.Actor{User: *admin}
	u, err := acc.Register(ctx, linli.Registration{Name: "王老师", Login: "w@linli.test", Password: "12345678"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := acc.Login(ctx, linli.Credentials{Login: "w@linli.test", Password: "12345678"}, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	check := func(wantRoles int) {
		t.Helper()
		a, err := acc.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := cs.Memberships(ctx, u.ID)
		if a.User.ID != u.ID || a.User.Name != "王老师" || a.User.Login != "w@linli.test" || a.SessionID == "" ||
			len(a.Memberships) != wantRoles || !reflect.DeepEqual(a.Memberships, want) {
			t.Fatalf("actor %+v; want user %s with memberships %+v", a, u.ID, want)
		}
	}
	check(0)
	var communities []string
	for _, name := range []string{"东社区", "西社区"} {
		c, err := cs.CreateCommunity(ctx, aa, linli.Given(linli.CommunityChange{Name: ptr(name)}))
		if err != nil {
			t.Fatal(err)
		}
		communities = append(communities, c.ID)
	}
	for _, m := range []struct{ community, role, teacherType string }{
		{communities[1], linli.RoleVolunteer, ""}, {communities[0], linli.RoleTeacher, "community_teacher"}, {communities[1], linli.RoleCoordinator, ""},
	} {
		if _, err := cs.AddMember(ctx, aa, m.community, linli.Given(linli.NewMember{UserID: u.ID, Role: m.role, TeacherType: m.teacherType})); err != nil {
			t.Fatal(err)
		}
	}
	check(3)
	if err := cs.RemoveMember(ctx, aa, communities[1], u.ID, linli.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	check(2)
	signedIn, err := acc.Authenticate(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.Logout(ctx, signedIn, token); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Authenticate(ctx, token); linli.ErrorCode(err) != linli.EUnauthenticated {
		t.Fatalf("a signed-out session still authenticates: %v", err)
	}
}

// TestSessionUseDoesNotWaitForTheWriter signs in on a day-old session while the writer is busy
// (a rush of bookings): the request is let in at once, and the device list shows the use at
// the time of the request, before and after the database is closed and opened again.
func TestSessionUseDoesNotWaitForTheWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db")
	ctx := context.Background()
	d, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { d.Close() }()
	d.Hasher = auth.NewHasher(auth.TestParams, 4)
	clock := testclock.Started(t)
	d.Now = clock.Now
	acc := Accounts{d}
	if _, err := acc.Register(ctx, linli.Registration{Name: "李妈妈", Login: "l@linli.test", Password: "12345678"}); err != nil {
		t.Fatal(err)
	}
	_, token, err := acc.Login(ctx, linli.Credentials{Login: "l@linli.test", Password: "12345678"}, "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	used := clock.Now().Add(24 * time.Hour)
	clock.Set(used)
	release := holdWriter(t, d)
	defer release()
	answered := make(chan error, 1)
	go func() {
		_, err := acc.Authenticate(ctx, token)
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a signed-in request waited for the writer")
	}
	release()
	lastSeen := func(d *DB) time.Time {
		t.Helper()
		a, err := Accounts{d}.Authenticate(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		devices, err := Accounts{d}.Devices(ctx, a)
		if err != nil || len(devices) != 1 {
			t.Fatalf("devices %+v, %v", devices, err)
		}
		return devices[0].LastSeenAt
	}
	// The clock runs at the real pace from each Set: the request came a moment after.
	around := func(got, want time.Time) bool {
		return !got.Before(want.Add(-time.Microsecond)) && got.Before(want.Add(time.Second))
	}
	if got := lastSeen(d); !around(got, used) {
		t.Fatalf("last seen %v; want the request's time %v", got, used)
	}
	clock.Set(used.Add(time.Hour))
	if _, err := acc.Authenticate(ctx, token); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if d, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := d.ReadPool().QueryRowContext(ctx, `SELECT last_seen_at FROM auth_sessions`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if got := parseTime(stored); !around(got, used.Add(time.Hour)) {
		t.Fatalf("after a restart, last seen %v; want %v", got, used.Add(time.Hour))
	}
}
