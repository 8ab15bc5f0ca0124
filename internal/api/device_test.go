package api_test

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// loginAs signs in with a user agent and returns the cookie value.
func (e *testEnv) loginAs(login, password, userAgent string) string {
	e.t.Helper()
	r := e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": login, "password": password}, "User-Agent", userAgent)
	e.must(200, r, nil)
	for _, c := range r.Header.Values("Set-Cookie") {
		if v, ok := strings.CutPrefix(c, "linli_session="); ok {
			return v[:strings.Index(v, ";")]
		}
	}
	e.t.Fatal("no session cookie")
	return ""
}

type deviceList struct {
	Items []linli.Device
}

// TestSignedInDevices: a user sees their signed-in devices (which one is theirs now, the browser,
// when last used) and signs one out; no answer shows a cookie or its hash, and nobody else may
// end or see them.
func TestSignedInDevices(t *testing.T) {
	start := time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)
	e, clock := startServer(t, serverOptions{now: start})
	e.register("陈静", "13800000007")
	e.register("王强", "13800000008")
	pw := "password-13800000007"
	phone := e.loginAs("13800000007", pw, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) MicroMessenger/8.0")
	clock.Set(start.Add(time.Hour))
	laptop := e.loginAs("13800000007", pw, "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0\t\u202eevil")
	other := e.loginAs("13800000008", "password-13800000008", "curl/8")

	clock.Set(start.Add(2 * time.Hour))
	r := e.call("GET", "/api/v1/me/sessions", phone, nil)
	var list deviceList
	e.must(200, r, &list)
	for _, secret := range []string{phone, laptop, hex.EncodeToString(auth.HashToken(phone)), hex.EncodeToString(auth.HashToken(laptop))} {
		if strings.Contains(strings.ToLower(string(r.Body)), strings.ToLower(secret)) {
			t.Fatalf("the device list shows a cookie or its hash: %s", r.Body)
		}
	}
	if len(list.Items) != 2 {
		t.Fatalf("%d devices, want 2: %s", len(list.Items), r.Body)
	}
	var mine, lap linli.Device
	for _, d := range list.Items {
		if strings.Contains(d.UserAgent, "Windows") {
			lap = d
		} else {
			mine = d
		}
	}
	if !mine.Current || lap.Current || !strings.Contains(mine.UserAgent, "MicroMessenger") || strings.ContainsAny(lap.UserAgent, "\t\u202e") {
		t.Fatalf("devices %+v: want the phone current and user agents on one printable line", list.Items)
	}
	if !mine.CreatedAt.Equal(start) || !lap.CreatedAt.Equal(start.Add(time.Hour)) || !mine.LastSeenAt.Equal(start.Add(2*time.Hour)) || !lap.LastSeenAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("created and last seen: %+v", list.Items)
	}

	// Nobody else may end them, or tell them from devices that do not exist.
	e.mustFail(404, "not_found", "", e.call("DELETE", "/api/v1/me/sessions/"+lap.ID, other, nil))
	e.mustFail(404, "not_found", "", e.call("DELETE", "/api/v1/me/sessions/not-an-id", phone, nil))
	e.mustFail(401, "unauthenticated", "", e.call("DELETE", "/api/v1/me/sessions/"+lap.ID, "", nil))
	e.must(200, e.call("GET", "/api/v1/me", laptop, nil), nil)
	e.must(204, e.call("DELETE", "/api/v1/me/sessions/"+lap.ID, phone, nil), nil)
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", laptop, nil))
	e.must(200, e.call("GET", "/api/v1/me", phone, nil), nil)
	e.must(200, e.call("GET", "/api/v1/me/sessions", other, nil), &list)
	if len(list.Items) != 1 || !list.Items[0].Current {
		t.Fatalf("another user sees %+v", list.Items)
	}
	// Signing out the device in hand clears its cookie.
	r = e.call("DELETE", "/api/v1/me/sessions/"+mine.ID, phone, nil)
	e.must(204, r, nil)
	if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "linli_session=;") {
		t.Fatalf("signing out this device left the cookie: %q", c)
	}
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", phone, nil))
}

// TestNewPasswordEndsOtherSessions: a changed password signs every other device out and keeps
// the one that changed it; a reset code's new password signs every device out.
func TestNewPasswordEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	id := e.register("陈静", "13800000007")
	a, b, c := e.login("13800000007"), e.login("13800000007"), e.login("13800000007")
	e.must(200, e.call("PATCH", "/api/v1/me", b, map[string]any{"password": "a-brand-new-password", "current_password": "password-13800000007"}), nil)
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", a, nil))
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", c, nil))
	e.must(200, e.call("GET", "/api/v1/me", b, nil), nil)
	// A name change ends nothing.
	d := e.login("13800000007", "a-brand-new-password")
	e.must(200, e.call("PATCH", "/api/v1/me", b, map[string]any{"name": "陈静静"}), nil)
	e.must(200, e.call("GET", "/api/v1/me", d, nil), nil)

	var rc struct {
		ResetCode string `json:"reset_code"`
	}
	e.must(201, e.call("POST", "/api/v1/users/"+id+"/password-reset", e.Admin, nil), &rc)
	e.must(204, e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000007", "reset_code": rc.ResetCode, "password": "after-the-reset"}), nil)
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", b, nil))
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", d, nil))
}
