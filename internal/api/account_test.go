package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestRegisterLoginMe(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "+86 138-0013-8000")
	cookie := e.login("13800138000", "password-+86 138-0013-8000")
	var me struct {
		User struct {
			Name, Login, Locale string
			IsAdmin             bool `json:"is_admin"`
		}
		Memberships []any
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me", cookie, nil), &me)
	if me.User.Name != "陈静" || me.User.Login != "13800138000" || me.User.Locale != "zh-CN" || me.User.IsAdmin || me.Memberships == nil {
		t.Fatalf("me = %+v", me)
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", cookie, map[string]any{"locale": "en", "name": "Chen Jing"}), &me)
	if me.User.Locale != "en" || me.User.Name != "Chen Jing" {
		t.Fatalf("PATCH /me did not change name and locale: %+v", me)
	}
}

func TestRegisterRejectsBadInput(t *testing.T) {
	e := newEnv(t)
	users := e.count("users")
	cases := []struct {
		name, body, code, field string
		status                  int
	}{
		{"malformed JSON", `{"name": "a",`, "invalid", "", 400},
		{"not an object", `[1,2]`, "invalid", "", 400},
		{"unknown field", `{"name":"a","login":"a@b.cn","password":"12345678","admin":true}`, "invalid", "admin", 400},
		{"wrong type", `{"name":"a","login":13800138000,"password":"12345678"}`, "invalid", "login", 400},
		{"two values", `{"name":"a","login":"a@b.cn","password":"12345678"} {}`, "invalid", "", 400},
		{"empty body", ``, "invalid", "", 400},
		{"short password", `{"name":"a","login":"a@b.cn","password":"1234567"}`, "invalid", "password", 400},
		{"landline as login", `{"name":"a","login":"024-23456789","password":"12345678"}`, "invalid", "login", 400},
		{"bad mobile prefix", `{"name":"a","login":"12800138000","password":"12345678"}`, "invalid", "login", 400},
		{"mobile too long", `{"name":"a","login":"138001380001","password":"12345678"}`, "invalid", "login", 400},
		{"bad e-mail", `{"name":"a","login":"a@@b.cn","password":"12345678"}`, "invalid", "login", 400},
		{"e-mail without domain", `{"name":"a","login":"a@localhost","password":"12345678"}`, "invalid", "login", 400},
		{"empty name", `{"name":"  ","login":"a@b.cn","password":"12345678"}`, "invalid", "name", 400},
		{"bad locale", `{"name":"a","login":"a@b.cn","password":"12345678","locale":"fr"}`, "invalid", "locale", 400},
		{"oversize body", `{"name":"` + strings.Repeat("长", 400000) + `","login":"a@b.cn","password":"12345678"}`, "too_large", "", 413},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.t = t
			e.mustFail(c.status, c.code, c.field, e.call("POST", "/api/v1/auth/register", "", c.body))
		})
	}
	if n := e.count("users"); n != users {
		t.Fatalf("bad registrations wrote %d users", n-users)
	}
}

func TestRegisterTakenLogin(t *testing.T) {
	e := newEnv(t)
	e.register("甲", "jia@linli.test")
	e.mustFail(409, "conflict", "login", e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": "乙", "login": "JIA@linli.test", "password": "12345678"}))
}

func TestLoginSameAnswerForUnknownAndWrong(t *testing.T) {
	e := newEnv(t)
	e.register("甲", "jia@linli.test")
	wrong := e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "jia@linli.test", "password": "not-the-password"})
	unknown := e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "nobody@linli.test", "password": "not-the-password"})
	if wrong.Status != 401 || unknown.Status != 401 || string(wrong.Body) != string(unknown.Body) {
		t.Fatalf("wrong password %d %s; unknown login %d %s", wrong.Status, wrong.Body, unknown.Status, unknown.Body)
	}
	if len(wrong.Header.Values("Set-Cookie")) != 0 {
		t.Fatal("a failed login set a cookie")
	}
}

func TestSessionCookie(t *testing.T) {
	e := newEnv(t)
	e.register("甲", "jia@linli.test")
	r := e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "jia@linli.test", "password": "password-jia@linli.test"})
	c := (&http.Response{Header: r.Header}).Cookies()[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || len(c.Value) < 43 {
		t.Fatalf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure on http, ≥256 bits", c)
	}
	first := c.Value
	second := e.login("jia@linli.test")
	if first == second {
		t.Fatal("login did not rotate the session token")
	}
	// Logging in again with the old cookie ends the old session.
	r = e.call("POST", "/api/v1/auth/login", first, map[string]any{"login": "jia@linli.test", "password": "password-jia@linli.test"})
	e.must(200, r, nil)
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", first, nil))

	e.must(204, e.call("POST", "/api/v1/auth/logout", second, nil), nil)
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", second, nil))
	e.mustFail(401, "unauthenticated", "", e.call("PATCH", "/api/v1/me", second, map[string]any{"name": "x"}))
	var n int
	e.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM auth_sessions WHERE length(token_hash) = 32").Scan(&n)
	if total := e.count("auth_sessions"); n != total {
		t.Fatal("a session token is stored other than as its SHA-256")
	}
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	e.register("甲", "jia@linli.test")
	c := e.login("jia@linli.test")
	e.mustFail(400, "invalid", "current_password", e.call("PATCH", "/api/v1/me", c, map[string]any{"password": "new-password"}))
	e.mustFail(400, "invalid", "current_password", e.call("PATCH", "/api/v1/me", c, map[string]any{"password": "new-password", "current_password": "wrong"}))
	e.must(200, e.call("PATCH", "/api/v1/me", c, map[string]any{"password": "new-password", "current_password": "password-jia@linli.test"}), nil)
	e.login("jia@linli.test", "new-password")
}

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	coordID, coord := e.member("王丽", "13800000001", "coordinator", "")
	teacherID, _ := e.member("李明", "13800000002", "teacher", "school_teacher")
	parentID := e.register("陈静", "13800000007")
	_ = coordID

	// A coordinator may reset a member of their community, not a parent outside it.
	e.mustFail(404, "not_found", "", e.call("POST", "/api/v1/users/"+parentID+"/password-reset", coord, nil))
	var rc struct {
		ResetCode string `json:"reset_code"`
	}
	e.must(201, e.call("POST", "/api/v1/users/"+teacherID+"/password-reset", coord, nil), &rc)
	e.mustFail(400, "invalid", "reset_code", e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000002", "reset_code": "AAAA-BBBB-CCCC", "password": "brand-new-pw"}))
	e.must(204, e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000002", "reset_code": strings.ToLower(rc.ResetCode), "password": "brand-new-pw"}), nil)
	e.login("13800000002", "brand-new-pw")
	// The code is one-time.
	e.mustFail(400, "invalid", "reset_code", e.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000002", "reset_code": rc.ResetCode, "password": "other-new-pw"}))
	// An admin may reset anyone.
	e.must(201, e.call("POST", "/api/v1/users/"+parentID+"/password-reset", e.Admin, nil), nil)
	// The audit log says who issued it.
	var audit struct {
		Items []struct {
			Action  string
			ActorID string `json:"actor_id"`
		}
	}
	e.must(200, e.call("GET", "/api/v1/audit?community_id="+e.Community, coord, nil), &audit)
	found := false
	for _, it := range audit.Items {
		found = found || (it.Action == "user.password_reset_issued" && it.ActorID == coordID)
	}
	if !found {
		b, _ := json.Marshal(audit)
		t.Fatalf("reset not in the community's audit log: %s", b)
	}
}
