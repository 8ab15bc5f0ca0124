package linli

import (
	"testing"
	"time"
)

func TestCheckAccountDeletion(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    AccountHolds
		want string // the start of the refusal's message; "" when the account may go
	}{
		{"a parent whose children have gone", AccountHolds{}, ""},
		{"a parent of two children", AccountHolds{Children: 2}, "you are the guardian of 2 children"},
		{"a volunteer of a community", AccountHolds{Roles: 1}, "you hold a role"},
		{"the administrator", AccountHolds{Admin: true}, "you hold a role"},
		{"a guardian who also volunteers hears of the children first", AccountHolds{Children: 1, Roles: 1}, "you are the guardian of 1 children"},
	} {
		err := CheckAccountDeletion(tc.h)
		msg := ErrorMessage(err)
		if tc.want == "" && err != nil || tc.want != "" && (ErrorCode(err) != EConflict || len(msg) < len(tc.want) || msg[:len(tc.want)] != tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	if err := (AccountDeletion{}).Validate(); ErrorField(err) != "password" {
		t.Errorf("a deletion without the password: got %v, want invalid on password", err)
	}
}

func TestInvitationRules(t *testing.T) {
	if CheckInvitationsSent(MaxInvitationsPerDay-1) != nil || ErrorCode(CheckInvitationsSent(MaxInvitationsPerDay)) != ERateLimited {
		t.Errorf("the %dth invitation of a day is refused, the one before it goes", MaxInvitationsPerDay+1)
	}
	now := time.Date(2026, 12, 3, 20, 0, 0, 0, ChinaTime)
	for _, tc := range []struct {
		name    string
		status  string
		expires time.Time
		accept  bool
		want    string // the status taken, or "409"
		changed bool
	}{
		{"accepting a pending invitation", InvitationPending, now.Add(time.Hour), true, InvitationAccepted, true},
		{"declining a pending invitation", InvitationPending, now.Add(time.Hour), false, InvitationDeclined, true},
		{"accepting again after a lost answer", InvitationAccepted, now.Add(time.Hour), true, InvitationAccepted, false},
		{"accepting again after it lapsed answers as the first time", InvitationAccepted, now.Add(-time.Hour), true, InvitationAccepted, false},
		{"declining an accepted invitation", InvitationAccepted, now.Add(time.Hour), false, "409", false},
		{"accepting a declined invitation", InvitationDeclined, now.Add(time.Hour), true, "409", false},
		{"accepting as it lapses", InvitationPending, now, true, "409", false},
	} {
		inv := &ReceivedInvitation{Status: tc.status, ExpiresAt: tc.expires}
		got, changed, err := inv.Answer(tc.accept, now)
		if tc.want == "409" && ErrorCode(err) != EConflict || tc.want != "409" && (err != nil || got != tc.want || changed != tc.changed) {
			t.Errorf("%s: got %q, %v, %v; want %q, %v", tc.name, got, changed, err, tc.want, tc.changed)
		}
	}
	for _, tc := range []struct {
		name       string
		isGuardian bool
		guardians  int
		code       string
	}{
		{"one of two guardians", true, 2, ""},
		{"the last guardian", true, 1, EConflict},
		{"someone who is no guardian of the child", false, 2, ENotFound},
	} {
		if err := CheckRemoveGuardian(tc.isGuardian, tc.guardians); ErrorCode(err) != tc.code {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.code)
		}
	}
}

func TestPickupRules(t *testing.T) {
	grandma := &PickupPerson{Phone: "13800000009"}
	phones := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "1390000000" + string(rune('0'+i))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		named []string
		code  string
		field string
	}{
		{"the first pickup person", nil, "", ""},
		{"the tenth", phones(MaxPickupPersons - 1), "", ""},
		{"an eleventh", phones(MaxPickupPersons), EConflict, ""},
		{"a phone already named", append(phones(2), grandma.Phone), EConflict, "phone"},
	} {
		if err := CheckNewPickupPerson(tc.named, grandma); ErrorCode(err) != tc.code || ErrorField(err) != tc.field {
			t.Errorf("%s: got %v, want %q on %q", tc.name, err, tc.code, tc.field)
		}
	}
	d := &Delegation{Phone: grandma.Phone}
	if err := CheckNewDelegation(phones(3), d); err != nil {
		t.Errorf("another phone on that date: got %v", err)
	}
	if err := CheckNewDelegation([]string{grandma.Phone}, d); ErrorCode(err) != EConflict || ErrorField(err) != "phone" {
		t.Errorf("the same phone on that date: got %v, want conflict on phone", err)
	}
}
