package api_test

import (
	"testing"
	"time"
)

// TestOwnPasswordGuessesAreLimited: with a stolen session cookie, DELETE /me and PATCH /me cannot
// be used to guess the password freely. Each wrong password is held like a failed sign-in (1 s
// doubling, counted with the sign-ins of that login), one address that fails too often is refused
// whatever it sends, and the right password still works from another address.
func TestOwnPasswordGuessesAreLimited(t *testing.T) {
	e, sl := behindProxy(t, nil)
	e.register("甲", "jia@linli.test")
	stolen := e.login("jia@linli.test")
	thief := from("203.0.113.9")
	e.mustFail(400, "invalid", "password", e.call("DELETE", "/api/v1/me", stolen, map[string]any{"password": "guess-0001"}, thief...))
	e.mustFail(400, "invalid", "current_password", e.call("PATCH", "/api/v1/me", stolen, map[string]any{"password": "brand-new-pw", "current_password": "guess-0002"}, thief...))
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "jia@linli.test", "password": "guess-0003"}, thief...))
	e.mustFail(400, "invalid", "password", e.call("DELETE", "/api/v1/me", stolen, map[string]any{"password": "guess-0004"}, thief...))
	got := sl.take()
	want := []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if len(got) != len(want) {
		t.Fatalf("wrong passwords were held %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("wrong passwords were held %v; want %v", got, want)
		}
	}
	for i := 5; i <= 50; i++ {
		e.call("PATCH", "/api/v1/me", stolen, map[string]any{"password": "brand-new-pw", "current_password": "guess-x"}, thief...)
	}
	sl.take()
	// The address is stopped, even with the right password; nothing was changed or deleted.
	e.mustFail(429, "rate_limited", "", e.call("DELETE", "/api/v1/me", stolen, map[string]any{"password": "password-jia@linli.test"}, thief...))
	e.mustFail(429, "rate_limited", "", e.call("PATCH", "/api/v1/me", stolen, map[string]any{"password": "brand-new-pw", "current_password": "password-jia@linli.test"}, thief...))
	// The owner, from home, changes the password at once: the thief's session ends.
	owner := e.login("jia@linli.test")
	e.must(200, e.call("PATCH", "/api/v1/me", owner, map[string]any{"password": "brand-new-pw", "current_password": "password-jia@linli.test"}, from("198.51.100.7")...), nil)
	if d := sl.take(); len(d) != 0 {
		t.Fatalf("the right password was held %v", d)
	}
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", stolen, nil, from("198.51.100.7")...))
}
