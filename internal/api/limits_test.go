package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/api"
	"github.com/linli/linli/internal/storage"
)

// behindProxy starts a server behind a trusted reverse proxy on the loopback address, so that a
// test speaks from any client address with X-Forwarded-For, with its sleeps recorded.
func behindProxy(t *testing.T, server func(*api.Server)) (*testEnv, *sleeps) {
	t.Helper()
	sl := &sleeps{}
	e, _ := startServer(t, serverOptions{
		now: time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC),
		db:  func(db *storage.DB) { db.Sleep = sl.sleep },
		server: func(s *api.Server) {
			s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
			if server != nil {
				server(s)
			}
		},
	})
	return e, sl
}

// sleeps records how long each failed sign-in was held.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(_ context.Context, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds = append(s.ds, d)
}

func (s *sleeps) take() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	ds := s.ds
	s.ds = nil
	return ds
}

func from(addr string) []string { return []string{"X-Forwarded-For", addr} }

// TestLoginProgressiveDelay: each wrong password for a login is answered later than the one
// before (1 s, 2 s, 4 s … at most 60 s), the right password always signs in at once, even after
// a stranger's many failures, and only the address that failed too often is refused.
func TestLoginProgressiveDelay(t *testing.T) {
	e, sl := behindProxy(t, nil)
	e.register("甲", "jia@linli.test")
	bad := map[string]any{"login": "jia@linli.test", "password": "wrong-password"}
	good := map[string]any{"login": "jia@linli.test", "password": "password-jia@linli.test"}
	for i := 0; i < 9; i++ {
		e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/auth/login", "", bad, from("203.0.113.9")...))
	}
	got := sl.take()
	want := []time.Duration{1, 2, 4, 8, 16, 32, 60, 60, 60}
	for i := range want {
		if i >= len(got) || got[i] != want[i]*time.Second {
			t.Fatalf("failed sign-ins were held %v; want 1 s doubling to 60 s", got)
		}
	}
	e.must(200, e.call("POST", "/api/v1/auth/login", "", good, from("198.51.100.7")...), nil)
	e.must(200, e.call("POST", "/api/v1/auth/login", "", good, from("203.0.113.9")...), nil)
	if d := sl.take(); len(d) != 0 {
		t.Fatalf("a correct password was held %v", d)
	}
	// The same answer whether the login exists or not, held alike.
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "nobody@linli.test", "password": "x-password"}, from("203.0.113.9")...))
	if d := sl.take(); len(d) != 1 || d[0] != time.Second {
		t.Fatalf("an unknown login's first failure was held %v, want 1 s", d)
	}
	// One address that fails 50 times is refused, whatever it sends; other addresses are not.
	for i := 11; i <= 50; i++ {
		e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "nobody@linli.test", "password": "x-password"}, from("203.0.113.9")...)
	}
	e.mustFail(429, "rate_limited", "", e.call("POST", "/api/v1/auth/login", "", good, from("203.0.113.9")...))
	e.must(200, e.call("POST", "/api/v1/auth/login", "", good, from("198.51.100.7")...), nil)
}

// TestResetLimitPerAddressAndLogin: 50 wrong codes from one address stop that address, not the
// password reset of everyone else.
func TestResetLimitPerAddressAndLogin(t *testing.T) {
	e, _ := behindProxy(t, nil)
	id := e.register("甲", "jia@linli.test")
	for i := 0; i < 50; i++ {
		login := "1380000000" + string(rune('0'+i%10))
		e.mustFail(400, "invalid", "reset_code", e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": login, "reset_code": "AAAA-BBBB-CCCC", "password": "brand-new-pw"}, from("203.0.113.9")...))
	}
	var rc struct {
		ResetCode string `json:"reset_code"`
	}
	e.must(201, e.call("POST", "/api/v1/users/"+id+"/password-reset", e.Admin, nil), &rc)
	reset := map[string]any{"login": "jia@linli.test", "reset_code": rc.ResetCode, "password": "brand-new-pw"}
	e.mustFail(429, "rate_limited", "", e.call("POST", "/api/v1/auth/reset", "", reset, from("203.0.113.9")...))
	e.must(204, e.call("POST", "/api/v1/auth/reset", "", reset, from("198.51.100.7")...), nil)
	e.login("jia@linli.test", "brand-new-pw")

	// Ten wrong codes for one login stop guesses for it from every address.
	for i := 0; i < 10; i++ {
		e.mustFail(400, "invalid", "reset_code", e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13900000001", "reset_code": "AAAA-BBBB-CCCC", "password": "brand-new-pw"}, from("192.0.2."+string(rune('1'+i)))...))
	}
	e.mustFail(429, "rate_limited", "", e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13900000001", "reset_code": "AAAA-BBBB-CCCC", "password": "brand-new-pw"}, from("192.0.2.200")...))
}

// TestRegisterLimit: one address may register --register-limit accounts in 10 minutes; the next
// is 429 and writes nothing, while another address still registers.
func TestRegisterLimit(t *testing.T) {
	e, _ := behindProxy(t, func(s *api.Server) { s.RegisterLimit = 3 })
	users := e.count("users")
	reg := func(login, addr string) response {
		return e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": "新居民", "login": login, "password": "a-long-password"}, from(addr)...)
	}
	for i := 0; i < 3; i++ {
		e.must(201, reg("1380000000"+string(rune('0'+i)), "203.0.113.9"), nil)
	}
	e.mustFail(429, "rate_limited", "", reg("13800000009", "203.0.113.9"))
	if n := e.count("users"); n != users+3 {
		t.Fatalf("%d users registered, want 3", n-users)
	}
	e.must(201, reg("13800000009", "198.51.100.7"), nil)
	// An IPv6 client is counted by its /64, which it usually holds whole.
	for i := 0; i < 3; i++ {
		e.must(201, reg("1390000000"+string(rune('0'+i)), "2001:db8:1:2::"+string(rune('a'+i))), nil)
	}
	e.mustFail(429, "rate_limited", "", reg("13900000009", "2001:db8:1:2:ffff::1"))
	e.must(201, reg("13900000009", "2001:db8:1:3::1"), nil)
}

// TestResetCodeNeverStoredForReplay: a reset code is not kept in the replay store; a retry with
// the same Idempotency-Key is 409 and shows no code.
func TestResetCodeNeverStoredForReplay(t *testing.T) {
	e := newEnv(t)
	id := e.register("甲", "jia@linli.test")
	var rc struct {
		ResetCode string `json:"reset_code"`
	}
	e.must(201, e.call("POST", "/api/v1/users/"+id+"/password-reset", e.Admin, nil, "Idempotency-Key", "k-1"), &rc)
	again := e.call("POST", "/api/v1/users/"+id+"/password-reset", e.Admin, nil, "Idempotency-Key", "k-1")
	e.mustFail(409, "conflict", "Idempotency-Key", again)
	if strings.Contains(string(again.Body), rc.ResetCode) {
		t.Fatalf("the retry showed the code: %s", again.Body)
	}
	rows, err := e.DB.ReadPool().Query(`SELECT COALESCE(body, '') FROM idempotency_keys`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var body []byte
		rows.Scan(&body)
		if strings.Contains(string(body), rc.ResetCode) {
			t.Fatal("idempotency_keys holds the reset code")
		}
	}
	// The code itself still works once.
	e.must(http.StatusNoContent, e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "jia@linli.test", "reset_code": rc.ResetCode, "password": "brand-new-pw"}), nil)
}

// TestSlowFailedLoginOutlivesWriteTimeout: a failed sign-in held longer than the server's write
// timeout still gets its 401, not a cut connection.
func TestSlowFailedLoginOutlivesWriteTimeout(t *testing.T) {
	e, _ := startServer(t, serverOptions{db: func(db *storage.DB) {
		db.Sleep = func(context.Context, time.Duration) { time.Sleep(300 * time.Millisecond) }
	}})
	ts := httptest.NewUnstartedServer(e.Srv.Config.Handler)
	ts.Config.WriteTimeout = 100 * time.Millisecond
	ts.Start()
	t.Cleanup(ts.Close)
	e.Srv = ts
	e.register("甲", "jia@linli.test")
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "jia@linli.test", "password": "wrong-password"}))
}

// TestLimitsCountTheClientAddress: behind a trusted proxy, the limits count the address
// X-Forwarded-For names, and the log of a refusal names it; from a peer that is not a trusted
// proxy, the header is ignored, so a client cannot escape a limit by inventing addresses.
func TestLimitsCountTheClientAddress(t *testing.T) {
	reg := func(e *testEnv, login, addr string) response {
		return e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": "新居民", "login": login, "password": "a-long-password"}, from(addr)...)
	}
	proxied, _ := behindProxy(t, func(s *api.Server) { s.RegisterLimit = 1 })
	proxied.must(201, reg(proxied, "13800000001", "203.0.113.9"), nil)
	proxied.mustFail(429, "rate_limited", "", reg(proxied, "13800000002", "203.0.113.9"))
	if logs := proxied.Logs.String(); !strings.Contains(logs, `"status":429,`) || !strings.Contains(logs, `"client":"203.0.113.9"`) {
		t.Fatalf("the refusal's log does not name the client 203.0.113.9:\n%s", logs)
	}
	proxied.must(201, reg(proxied, "13800000002", "198.51.100.7"), nil)

	direct, _ := startServer(t, serverOptions{server: func(s *api.Server) { s.RegisterLimit = 1 }})
	direct.must(201, reg(direct, "13800000001", "203.0.113.9"), nil)
	direct.mustFail(429, "rate_limited", "", reg(direct, "13800000002", "198.51.100.7"))
	if logs := direct.Logs.String(); !strings.Contains(logs, `"client":"127.0.0.1"`) || strings.Contains(logs, "198.51.100.7") {
		t.Fatalf("an untrusted peer's X-Forwarded-For reached the log:\n%s", logs)
	}
}
