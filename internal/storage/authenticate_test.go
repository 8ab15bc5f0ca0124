package storage

import (
	"context"
	"reflect"
	"testing"

	"github.com/linli/linli/internal/linli"
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
		c, err := cs.CreateCommunity(ctx, aa, linli.CommunityChange{Name: ptr(name)})
		if err != nil {
			t.Fatal(err)
		}
		communities = append(communities, c.ID)
	}
	for _, m := range []struct{ community, role, teacherType string }{
		{communities[1], linli.RoleVolunteer, ""}, {communities[0], linli.RoleTeacher, "community_teacher"}, {communities[1], linli.RoleCoordinator, ""},
	} {
		if _, err := cs.AddMember(ctx, aa, m.community, linli.NewMember{UserID: u.ID, Role: m.role, TeacherType: m.teacherType}); err != nil {
			t.Fatal(err)
		}
	}
	check(3)
	if err := cs.RemoveMember(ctx, aa, communities[1], u.ID, linli.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	check(2)
	if err := acc.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Authenticate(ctx, token); linli.ErrorCode(err) != linli.EUnauthenticated {
		t.Fatalf("a signed-out session still authenticates: %v", err)
	}
}
