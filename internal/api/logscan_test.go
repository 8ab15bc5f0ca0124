package api_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/linli/linli/internal/app"
	"github.com/linli/linli/internal/notify"
)

// TestLogsHoldNoSecretsNorPersonalData runs a day of the service through the API, with the
// server's logger (and the default one) writing into a buffer at debug level: accounts, a child
// with consent, pickups and a delegation, bookings, a roster read, attendance with a pickup,
// a visit log with troubles, feeds fetched by token, failed sign-ins, password changes and
// resets, guardian invitations accepted, declined and a guardian removed, an account deleted,
// malformed bodies carrying a password, and the notification worker posting to a gateway. Then no password, cookie, feed token, reset code, webhook secret, child's name,
// household label, phone number or trouble text may appear in the logs.
func TestLogsHoldNoSecretsNorPersonalData(t *testing.T) {
	f := newMatrixFixture(t)
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&lockedWriter{w: f.Logs}, &slog.HandlerOptions{Level: slog.LevelDebug})))
	id := f.IDs
	secrets := slices.Concat(mxFamilyA, mxFamilyB, mxHousehold, []string{"a-secret-of-the-gateway"})
	for _, c := range f.Callers {
		secrets = append(secrets, c.Password, c.Cookie)
	}
	secrets = slices.DeleteFunc(secrets, func(s string) bool { return s == "" })

	// A new family: sign-up, a failed and a good sign-in, a password change, a child with a pickup
	// person and a delegation, a booking.
	f.register("刘洋", "13766665555")
	f.mustFail(http.StatusUnauthorized, "unauthenticated", "", f.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "13766665555", "password": "wrong-password-刘洋"}))
	parent := f.login("13766665555")
	f.mustFail(http.StatusBadRequest, "invalid", "current_password", f.call("PATCH", "/api/v1/me", parent, map[string]any{"password": "刘洋的新密码-Secret2", "current_password": "猜的密码-刘洋"}))
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/me", parent, map[string]any{"password": "刘洋的新密码-Secret2", "current_password": "password-13766665555"}), nil)
	parent = f.login("13766665555", "刘洋的新密码-Secret2")
	f.must(http.StatusBadRequest, f.call("POST", "/api/v1/auth/login", "", `{"login":"13766665555","password":"刘洋的新密码-Secret2"`), nil)
	child := f.mxChild(parent, "刘小雨", "2017-11-11")
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/children/"+child, parent, map[string]any{"notes": "对青霉素过敏"}), nil)
	f.mxPost(parent, "/api/v1/children/"+child+"/pickups", map[string]any{"name": "刘外婆", "relation": "外婆", "phone": "139-2222-3333"}, "pickup.id")
	f.mxPost(parent, "/api/v1/children/"+child+"/pickup-delegations", map[string]any{"name": "赵叔叔", "phone": "+86 139 4444 5555", "date": "2026-09-08"}, "delegation.id")
	f.mxPost(parent, "/api/v1/bookings", map[string]any{"child_id": child, "session_id": f.pool[0]}, "bookings.0.id")
	f.must(http.StatusOK, f.call("GET", "/api/v1/children/"+child+"/export", parent, nil), nil)
	secrets = append(secrets, "13766665555", "password-13766665555", "wrong-password-刘洋", "猜的密码-刘洋", "刘洋的新密码-Secret2", parent,
		"刘小雨", "对青霉素过敏", "刘外婆", "13922223333", "赵叔叔", "13944445555")

	// Signed-in devices: a second device listed and signed out; a reset code asked for with an
	// Idempotency-Key, and the retry refused rather than replayed.
	phone := f.loginAs("13766665555", "刘洋的新密码-Secret2", "Mozilla/5.0 (iPhone) MicroMessenger/8.0.50")
	var devices deviceList
	f.must(http.StatusOK, f.call("GET", "/api/v1/me/sessions", parent, nil), &devices)
	for _, d := range devices.Items {
		if !d.Current {
			f.must(http.StatusNoContent, f.call("DELETE", "/api/v1/me/sessions/"+d.ID, parent, nil), nil)
		}
	}
	var keyed struct {
		ResetCode string `json:"reset_code"`
	}
	f.must(http.StatusCreated, f.call("POST", "/api/v1/users/"+id["reset_user"]+"/password-reset", f.Admin, nil, "Idempotency-Key", "scan-1"), &keyed)
	f.mustFail(http.StatusConflict, "conflict", "Idempotency-Key", f.call("POST", "/api/v1/users/"+id["reset_user"]+"/password-reset", f.Admin, nil, "Idempotency-Key", "scan-1"))
	secrets = append(secrets, phone, keyed.ResetCode)
	// Guardians invited: a registered grandfather accepts and is removed again; a login nobody
	// holds yet is registered later and declines. A neighbour deletes their account, once with a
	// wrong password.
	grandpaInvite := f.invite(parent, child, "mx-grandpa@linli.test").Invitation["id"].(string)
	f.invite(parent, child, "137-5555-6666")
	grandpa := f.login("mx-grandpa@linli.test")
	var mine myInvitations
	f.must(http.StatusOK, f.call("GET", "/api/v1/me/invitations", grandpa, nil), &mine)
	f.must(http.StatusOK, f.call("POST", "/api/v1/invitations/"+grandpaInvite+"/accept", grandpa, nil), nil)
	var me struct{ User struct{ ID string } }
	f.must(http.StatusOK, f.call("GET", "/api/v1/me", grandpa, nil), &me)
	f.must(http.StatusNoContent, f.call("DELETE", "/api/v1/children/"+child+"/guardians/"+me.User.ID, parent, nil), nil)
	f.register("孙阿姨", "13755556666")
	sun := f.login("13755556666")
	f.must(http.StatusOK, f.call("GET", "/api/v1/me/invitations", sun, nil), &mine)
	f.must(http.StatusOK, f.call("POST", "/api/v1/invitations/"+mine.Items[0].ID+"/decline", sun, nil), nil)
	f.must(http.StatusCreated, f.call("POST", "/api/v1/auth/register", "", map[string]any{"name": "钱多多", "login": "13733334444", "password": "钱多多的密码-Secret4"}), nil)
	leaver := f.login("13733334444", "钱多多的密码-Secret4")
	f.mustFail(http.StatusBadRequest, "invalid", "password", f.call("DELETE", "/api/v1/me", leaver, map[string]any{"password": "错的密码-钱多多"}))
	f.must(http.StatusNoContent, f.call("DELETE", "/api/v1/me", leaver, map[string]any{"password": "钱多多的密码-Secret4"}), nil)
	secrets = append(secrets, "mx-grandpa@linli.test", "13755556666", "孙阿姨", grandpa, sun, "钱多多", "13733334444", "钱多多的密码-Secret4", "错的密码-钱多多", leaver)

	// At the session: the roster, attendance with a refused and an authorised pickup.
	f.must(http.StatusOK, f.call("GET", "/api/v1/sessions/"+id["session_after_school"]+"/roster", f.Coord, nil), nil)
	attend := func(pickup string) response {
		return f.call("PUT", "/api/v1/sessions/"+id["session_after_school"]+"/attendance", f.Coord, map[string]any{"records": []map[string]any{
			{"child_id": id["child_of_A"], "status": "present", "check_out": "17:40", "picked_up_by": pickup}}})
	}
	f.mustFail(http.StatusUnprocessableEntity, "pickup_not_authorized", "records[0].picked_up_by", attend(id["child_of_B"]))
	f.must(http.StatusOK, attend(id["delegation_of_A"]), nil)

	// A visit with troubles, and a note on one.
	var log struct {
		VisitLog struct{ Concerns []struct{ ID string } } `json:"visit_log"`
	}
	f.must(http.StatusCreated, f.call("POST", "/api/v1/sessions/"+id["visit_session"]+"/visit-log", f.VolunteerCookie, map[string]any{
		"outcome": "done", "minutes": 50, "notes": "老人说女儿的电话是 13988889999",
		"concerns": []map[string]any{{"category": "safety", "text": "独居老人摔倒过，浴室需要扶手"}}}), &log)
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/concerns/"+log.VisitLog.Concerns[0].ID, f.Coord, map[string]any{"status": "in_progress", "note": "已联系社区医生王大夫"}), nil)
	secrets = append(secrets, "13988889999", "独居老人摔倒过", "已联系社区医生王大夫")

	// Feeds fetched by token, a wrong token, a path that carries a phone number.
	token := f.Fresh["feed_token_of_A"]()
	f.must(http.StatusOK, f.call("GET", "/ical/"+token+".ics", "", nil), nil)
	f.must(http.StatusNotFound, f.call("GET", "/ical/"+strings.ToUpper(token)+".ics", "", nil), nil)
	f.must(http.StatusNotFound, f.call("GET", "/api/v1/households/13912345678", f.Coord, nil), nil)
	secrets = append(secrets, token, strings.ToUpper(token))

	// A reset code issued, a wrong one tried, the right one used.
	var reset struct {
		ResetCode string `json:"reset_code"`
	}
	f.must(http.StatusCreated, f.call("POST", "/api/v1/users/"+id["user_teacher"]+"/password-reset", f.Coord, nil), &reset)
	f.mustFail(http.StatusBadRequest, "invalid", "reset_code", f.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000002", "reset_code": "AAAA-BBBB-CCCC", "password": "李明的新密码-Secret3"}))
	f.must(http.StatusNoContent, f.call("POST", "/api/v1/auth/reset", "", map[string]any{"login": "13800000002", "reset_code": reset.ResetCode, "password": "李明的新密码-Secret3"}), nil)
	secrets = append(secrets, reset.ResetCode, "AAAA-BBBB-CCCC", "李明的新密码-Secret3")

	// The worker posts every notice to a gateway on this machine, which fails once, then takes it.
	var posts atomic.Int32
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if posts.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	}))
	defer gateway.Close()
	f.mxPost(f.Admin, "/api/v1/webhooks", map[string]any{"url": gateway.URL + "/hook", "events": []string{"session_cancelled", "concern_resolved", "child_uncollected", "service_rejected"},
		"secret": "the-gateway-secret-1234"}, "webhook.id")
	secrets = append(secrets, "the-gateway-secret-1234")
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/sessions/"+f.pool[0], f.Coord, map[string]any{"status": "cancelled", "reason": "刘小雨家长要求"}), nil)
	// Hours rejected with a note: the volunteer's notice carries it to the gateway, never to the log.
	f.must(http.StatusOK, f.call("POST", "/api/v1/service/"+id["service_record"]+"/reject", f.Coord, map[string]any{"note": "签到表上没有周强的名字"}), nil)
	secrets = append(secrets, "签到表上没有周强的名字")
	worker := app.Worker(f.DB, slog.New(slog.NewJSONHandler(&lockedWriter{w: f.Logs}, &slog.HandlerOptions{Level: slog.LevelDebug})))
	worker.AllowPrivate = true // the gateway listens on 127.0.0.1
	if err := worker.Scan(t.Context()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := worker.Deliver(t.Context()); err != nil {
			t.Fatal(err)
		}
		f.Clock.Set(f.Clock.Now().Add(notify.DefaultLease))
	}
	if posts.Load() == 0 {
		t.Fatal("the worker posted nothing to the gateway")
	}

	logs := f.Logs.String()
	for _, route := range []string{"/api/v1/auth/login", "/api/v1/auth/reset", "/api/v1/children/{id}/pickups", "/api/v1/bookings",
		"/api/v1/sessions/{id}/roster", "/api/v1/sessions/{id}/attendance", "/api/v1/sessions/{id}/visit-log", "/ical/{token}.ics",
		"/api/v1/children/{id}/guardians", "/api/v1/children/{id}/guardians/{item_id}", "/api/v1/me/invitations", "/api/v1/invitations/{id}/accept",
		"/api/v1/invitations/{id}/decline", "/api/v1/me", "/api/v1/service/{id}/reject"} {
		if !strings.Contains(logs, `"route":"`+route+`"`) {
			t.Errorf("no request to %s was logged: the scan would prove nothing", route)
		}
	}
	for _, s := range secrets {
		if i := strings.Index(logs, s); i >= 0 {
			line := logs[strings.LastIndexByte(logs[:i], '\n')+1:]
			line, _, _ = strings.Cut(line, "\n")
			t.Errorf("the logs hold %q: %s", s, line)
		}
	}
	if bytes.Contains(f.Logs.Bytes(), []byte(`"level":"ERROR"`)) {
		t.Errorf("the scenario logged an error:\n%s", logs)
	}
}
