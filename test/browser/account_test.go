package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestStaticFilesServed: the pages, modules and catalogues come from the binary with types a
// browser accepts (a module script served as text/plain is refused).
func TestStaticFilesServed(t *testing.T) {
	s := newSite(t)
	for path, want := range map[string]string{
		"/":                 "text/html",
		"/app.js":           "javascript",
		"/pages/classes.js": "javascript",
		"/i18n/en.js":       "javascript",
		"/app.css":          "text/css",
	} {
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), want) {
			t.Errorf("GET %s: %d %q, want 200 and a type with %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}

// TestRegisterLogOutLogIn: a parent signs up, lands on the home page signed in, logs out, and
// logs in again.
func TestRegisterLogOutLogIn(t *testing.T) { registerJourney(t, inZH) }

func registerJourney(t *testing.T, l lang) {
	s := newSite(t)
	p := s.open(t)
	p.useLang(l)
	p.visit("/", "home")
	if got := p.text("main h1"); got != l.s("邻里 · 社区服务", "Linli · community services") {
		t.Errorf("home page title %q", got)
	}
	p.click(`a.button[href="#/register"]`)
	p.do(p.waitPage("register"))
	p.fill("#register-form [name=name]", "陈静")
	p.fill("#register-form [name=login]", "139 1234 5678")
	p.fill("#register-form [name=password]", "zhima-kaimen")
	p.shot(l.shot("register"))
	p.click("#register-form button[type=submit]")
	p.do(p.waitPage("home"))
	p.waitText("main h1", l.s("陈静，你好", "Hello, 陈静"))
	p.waitText("#nav", l.s("我的", "Me"))
	p.shot(l.shot("home"))
	if u := s.me(s.login("13912345678", "zhima-kaimen")); u.Name != "陈静" || u.Locale != l.s("zh-CN", "en") {
		t.Errorf("registered user %+v", u)
	}

	p.click(`#nav a[href="#/me"]`)
	p.do(p.waitPage("me"))
	p.waitText("main", l.s("登录账号：13912345678", "Logged in as 13912345678"))
	p.click("#logout")
	p.do(p.waitPage("home"))
	p.waitText("#nav", l.s("登录", "Log in"))

	p.click(`#nav a[href="#/login"]`)
	p.do(p.waitPage("login"))
	p.fill("#login-form [name=login]", "13912345678")
	p.fill("#login-form [name=password]", "wrong-password")
	p.click("#login-form button[type=submit]")
	p.waitText("#login-form .form-error", l.s("手机号/邮箱或密码不正确。", "Wrong mobile number, e-mail or password."))
	p.fill("#login-form [name=password]", "zhima-kaimen")
	p.click("#login-form button[type=submit]")
	p.do(p.waitPage("home"))
	p.waitText("main h1", l.s("陈静，你好", "Hello, 陈静"))
}

// TestLanguageSwitch: the switch turns the pages into English and back; it is remembered in
// the browser before sign-up, given to the new account, and saved to the account when changed.
func TestLanguageSwitch(t *testing.T) {
	s := newSite(t)
	p := s.open(t)
	p.visit("/", "home")
	p.waitText("#nav", "找课程")
	p.click("#lang-switch")
	p.waitText("main h1", "Linli · community services")
	p.waitText("#nav", "Classes")
	if lang := eval[string](p, "document.documentElement.lang"); lang != "en" {
		t.Errorf("html lang %q after the switch", lang)
	}
	p.shot("home-en")

	p.visit("/register", "register")
	p.waitText("main h1", "Sign up")
	p.fill("#register-form [name=name]", "Li Na")
	p.fill("#register-form [name=login]", "li.na@example.com")
	p.fill("#register-form [name=password]", "a long password")
	p.click("#register-form button[type=submit]")
	p.do(p.waitPage("home"))
	p.waitText("main h1", "Hello, Li Na")
	cookie := s.login("li.na@example.com", "a long password")
	if got := s.me(cookie).Locale; got != "en" {
		t.Errorf("account locale %q after signing up in English", got)
	}

	p.click("#lang-switch")
	p.waitText("main h1", "Li Na，你好")
	if got := s.me(cookie).Locale; got != "zh-CN" {
		t.Errorf("account locale %q after switching to Chinese", got)
	}
}

// TestErrorBesideField: the API's error for a field shows, in the user's language, beside that
// field, and the field is marked invalid for screen readers.
func TestErrorBesideField(t *testing.T) {
	s := newSite(t)
	s.member("王丽", "13800000001", "", "")
	p := s.open(t)
	p.visit("/register", "register")
	p.fill("#register-form [name=name]", "张伟")
	p.fill("#register-form [name=login]", "13987654321")
	p.fill("#register-form [name=password]", "short")
	p.click("#register-form button[type=submit]")
	p.waitText("#register-form-f-password-error", "密码至少需要 8 位。")
	if inv := eval[bool](p, `document.querySelector("#register-form [name=password]").getAttribute("aria-invalid") === "true"`); !inv {
		t.Error("the password input is not marked aria-invalid")
	}
	if d := eval[string](p, `document.querySelector("#register-form [name=password]").getAttribute("aria-describedby")`); !strings.Contains(d, "register-form-f-password-error") {
		t.Errorf("the password input is described by %q, not by its error", d)
	}
	p.shot("register-error")

	p.fill("#register-form [name=login]", "13800000001")
	p.fill("#register-form [name=password]", "long enough")
	p.click("#register-form button[type=submit]")
	p.waitText("#register-form-f-login-error", "这个手机号或邮箱已经注册过了")
	if got := eval[string](p, `document.querySelector("#register-form-f-password-error").textContent`); got != "" {
		t.Errorf("the old password error stayed: %q", got)
	}

	p.click("#lang-switch")
	p.waitText("main h1", "Sign up")
	if got := eval[string](p, `document.querySelector("#register-form [name=name]").value`); got != "张伟" {
		t.Errorf("the name typed before the switch became %q", got)
	}
	p.fill("#register-form [name=login]", "13987654321")
	p.fill("#register-form [name=password]", "short")
	p.click("#register-form button[type=submit]")
	p.waitText("#register-form-f-password-error", "The password needs at least 8 characters.")
}
