package browser_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/linli/linli/internal/api"
)

// loginFrom signs in through the API from a browser named by userAgent and returns the cookie.
func (s *site) loginFrom(login, password, userAgent string) string {
	s.t.Helper()
	b, _ := json.Marshal(map[string]string{"login": login, "password": password})
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/auth/login", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie {
			return c.Value
		}
	}
	s.t.Fatalf("login from %s: %d, no cookie", userAgent, resp.StatusCode)
	return ""
}

// TestSignedInDevicesPage: a parent who is also signed in on a phone in WeChat sees both devices
// on the me page, this one marked, and logs the phone out with 退出该设备.
func TestSignedInDevicesPage(t *testing.T) { devicesJourney(t, inZH) }

func devicesJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, cookie := s.member("陈静", "13800000007", "", "")
	s.speak(l, cookie)
	phone := s.loginFrom("13800000007", "password-13800000007", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.50")
	p := s.open(t)
	p.signIn(cookie)
	p.visit("/me", "me")
	p.waitText("#device-list", l.s("iPhone · 微信", "iPhone · WeChat"))
	p.waitText("#device-list .device:has(.badge)", l.s("本设备", "This device"))
	p.waitText("#device-list", l.s("最近使用", "Last used"))
	if n := eval[int](p, `document.querySelectorAll("#device-list .device-end").length`); n != 1 {
		t.Fatalf("%d devices offer 退出该设备, want only the phone", n)
	}
	p.shot(l.shot("me-devices"))
	p.click("#device-list .device-end")
	p.waitText("#device-status", l.s("已退出该设备。", "That device has been logged out."))
	if n := eval[int](p, `document.querySelectorAll("#device-list .device").length`); n != 1 {
		t.Errorf("%d devices listed after logging the phone out, want 1", n)
	}
	p.shot(l.shot("me-device-ended"))
	if status, _, _ := s.call("GET", "/me", phone, nil); status != http.StatusUnauthorized {
		t.Errorf("the phone's session answers %d after 退出该设备, want 401", status)
	}
	s.me(cookie)

	// A new password logs every other device out, and the list says so at once.
	tablet := s.loginFrom("13800000007", "password-13800000007", "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) Safari/605.1.15")
	p.reload("me")
	p.waitText("#device-list", "iPad · Safari")
	p.fill("#password-form [name=current_password]", "password-13800000007")
	p.fill("#password-form [name=password]", "a-new-family-password")
	p.click("#password-form button[type=submit]")
	p.waitText("#password-form .form-ok", l.s("密码已修改", "Your password has been changed"))
	p.waitText("#devices", l.s("本设备", "This device"))
	if n := eval[int](p, `document.querySelectorAll("#device-list .device").length`); n != 1 {
		t.Errorf("%d devices listed after a new password, want this one", n)
	}
	if status, _, _ := s.call("GET", "/me", tablet, nil); status != http.StatusUnauthorized {
		t.Errorf("the tablet's session answers %d after a new password, want 401", status)
	}
}
