package linli

import (
	"testing"
	"time"
)

func TestLoginDelay(t *testing.T) {
	want := map[int]time.Duration{0: 0, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second, 7: 60 * time.Second, 8: 60 * time.Second, 1000: 60 * time.Second}
	for n, d := range want {
		if got := LoginDelay(n); got != d {
			t.Errorf("LoginDelay(%d) = %v, want %v", n, got, d)
		}
	}
}

func TestGuessingLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		limit bool
	}{
		{"a network's 49th failed sign-in may try again", CheckSignInAttempts(AddrFailureLimit - 1), false},
		{"a network with 50 failed sign-ins waits", CheckSignInAttempts(AddrFailureLimit), true},
		{"a stolen cookie's 50 wrong passwords wait too", CheckOwnPasswordAttempts(AddrFailureLimit), true},
		{"49 wrong passwords may try again", CheckOwnPasswordAttempts(AddrFailureLimit - 1), false},
		{"9 wrong codes for a login may try again", CheckResetAttempts(0, ResetLoginLimit-1), false},
		{"10 wrong codes for a login from anywhere wait", CheckResetAttempts(0, ResetLoginLimit), true},
		{"50 wrong codes from one network wait", CheckResetAttempts(ResetAddrLimit, 0), true},
	} {
		if got := ErrorCode(tc.err) == ERateLimited; got != tc.limit {
			t.Errorf("%s: got %v", tc.name, tc.err)
		}
	}
}
