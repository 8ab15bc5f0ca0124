package linli

import (
	"errors"
	"testing"
	"time"
)

func TestSignInPolicy(t *testing.T) {
	if PasswordHashMemoryKiB != 19456 || PasswordHashPasses != 2 || PasswordHashThreads != 1 {
		t.Errorf("argon2id m=%d KiB t=%d p=%d, want OWASP's m=19 MiB t=2 p=1", PasswordHashMemoryKiB, PasswordHashPasses, PasswordHashThreads)
	}
	if SessionLifetime != 30*24*time.Hour {
		t.Errorf("a sign-in lasts %v, want 30 days", SessionLifetime)
	}
	if ResetCodeLifetime != 24*time.Hour {
		t.Errorf("a reset code lasts %v, want a day", ResetCodeLifetime)
	}
}

func TestCheckRegistrations(t *testing.T) {
	for _, c := range []struct {
		registrations, limit int
		refused              bool
	}{{1, 3, false}, {3, 3, false}, {4, 3, true}, {1, 1, false}, {2, 1, true}, {500, 0, false}} {
		err := CheckRegistrations(c.registrations, c.limit)
		if refused := ErrorCode(err) == ERateLimited; refused != c.refused {
			t.Errorf("the %dth registration under a limit of %d: %v", c.registrations, c.limit, err)
		}
	}
}

func TestResetScope(t *testing.T) {
	coordinator := &Actor{User: User{ID: "co"}, Memberships: []Membership{
		{CommunityID: "east", Role: RoleCoordinator}, {CommunityID: "west", Role: RoleCoordinator}, {CommunityID: "north", Role: RoleVolunteer}}}
	admin := &Actor{User: User{ID: "ad", IsAdmin: true}}
	volunteer := func(communities ...string) []Membership {
		var ms []Membership
		for _, c := range communities {
			ms = append(ms, Membership{CommunityID: c, Role: RoleVolunteer})
		}
		return ms
	}
	cases := []struct {
		name   string
		actor  *Actor
		target ResetTarget
		want   string // the community of the audit entry; "-" for not_found
	}{
		{"a coordinator resets a volunteer of their community", coordinator, ResetTarget{Memberships: volunteer("east")}, "east"},
		{"a coordinator resets a volunteer of two communities they coordinate", coordinator, ResetTarget{Memberships: volunteer("east", "west")}, "west"},
		{"not a volunteer who is also in a community they do not coordinate", coordinator, ResetTarget{Memberships: volunteer("east", "south")}, "-"},
		{"not a member of a community where they only volunteer", coordinator, ResetTarget{Memberships: volunteer("north")}, "-"},
		{"not a parent: a guardian's account reaches their children", coordinator, ResetTarget{Guardian: true, Memberships: volunteer("east")}, "-"},
		{"not an administrator", coordinator, ResetTarget{IsAdmin: true, Memberships: volunteer("east")}, "-"},
		{"not an account with no role at all", coordinator, ResetTarget{}, "-"},
		{"a volunteer resets nobody", &Actor{User: User{ID: "v"}, Memberships: volunteer("east")}, ResetTarget{Memberships: volunteer("east")}, "-"},
		{"an administrator resets a parent", admin, ResetTarget{Guardian: true}, ""},
		{"an administrator resets another administrator", admin, ResetTarget{IsAdmin: true}, ""},
	}
	for _, c := range cases {
		got, err := ResetScope(c.actor, c.target)
		switch {
		case c.want == "-" && ErrorCode(err) != ENotFound:
			t.Errorf("%s: got %q, %v; want not_found", c.name, got, err)
		case c.want != "-" && (err != nil || got != c.want):
			t.Errorf("%s: got %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestCheckResetCode(t *testing.T) {
	issued := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	good := &ResetCode{UserID: "u1", ExpiresAt: issued.Add(ResetCodeLifetime)}
	for _, tc := range []struct {
		name string
		code *ResetCode
		now  time.Time
		ok   bool
	}{
		{"the code the coordinator just gave", good, issued.Add(time.Minute), true},
		{"the next morning, a minute before it lapses", good, issued.Add(ResetCodeLifetime - time.Minute), true},
		{"a day later it has lapsed", good, issued.Add(ResetCodeLifetime), false},
		{"a code already used", &ResetCode{UserID: "u1", Used: true, ExpiresAt: good.ExpiresAt}, issued.Add(time.Minute), false},
		{"a wrong code, or another login's", nil, issued.Add(time.Minute), false},
	} {
		err := CheckResetCode(tc.code, tc.now)
		if tc.ok && err != nil || !tc.ok && (ErrorCode(err) != EInvalid || ErrorField(err) != "reset_code" || ErrorMessage(err) != "the code is wrong, used or expired") {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
}

func TestWrongOwnPassword(t *testing.T) {
	for field, want := range map[string]string{"current_password": "the current password is wrong", "password": "the password is wrong"} {
		var e *Error
		if err := WrongOwnPassword(field); !errors.As(err, &e) || e.Code != EInvalid || e.Field != field || e.Message != want {
			t.Errorf("%s: %v", field, err)
		}
	}
}
