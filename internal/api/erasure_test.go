package api_test

import (
	"bytes"
	"github.com/linli/linli/internal/testdb"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// erasedChild is what a family tells about a child that deleting it must erase.
var erasedChild = []string{"欧阳子涵", "芒果过敏要带药", "13966660001", "13966660002", "司马光明", "诸葛阿姨"}

// fileHolds returns the strings of want that the file at path holds (a missing file holds none).
func fileHolds(t *testing.T, path string, want []string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, s := range want {
		if bytes.Contains(b, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

// checkpoint moves the write-ahead log into the database file and empties the log.
func (e *testEnv) checkpoint() {
	e.t.Helper()
	var busy, log, moved int
	if err := e.DB.WritePool().QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &moved); err != nil || busy != 0 {
		e.t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
}

// TestDeletedChildLeavesNoByteInTheFile: deleting a child erases it for real. Its name, notes,
// pickup persons and their phone numbers are gone from the rows, from the notifications that
// named it (a notice about siblings keeps the other child), from the payloads of webhook
// deliveries not yet made, and from the free space of the file: after a checkpoint the database
// file holds no byte of them.
func TestDeletedChildLeavesNoByteInTheFile(t *testing.T) {
	e := newBookingEnvWith(t, serverOptions{sqlite: true})
	e.must(http.StatusCreated, e.call("POST", "/api/v1/webhooks", e.Admin, map[string]any{"url": "http://127.0.0.1:9/sms",
		"events": []string{"booking_promoted"}, "secret": "the-sms-gateway-secret"}), nil)
	days := e.class(2, "2026-07-06")
	e.register("欧阳静", "13800000007")
	parent := e.login("13800000007")
	kid := e.addChild(parent, map[string]any{"name": "欧阳子涵", "birth_date": "2018-03-01", "notes": "芒果过敏要带药", "consent_policy_version": linli.ChildPolicyVersion})
	sibling := e.addChild(parent, map[string]any{"name": "欧阳子轩", "birth_date": "2018-03-01", "consent_policy_version": linli.ChildPolicyVersion})
	base := "/api/v1/children/" + kid.ID
	e.must(http.StatusCreated, e.call("POST", base+"/pickups", parent, map[string]any{"name": "司马光明", "relation": "外公", "phone": "13966660001"}), nil)
	e.must(http.StatusCreated, e.call("POST", base+"/pickup-delegations", parent, map[string]any{"name": "诸葛阿姨", "phone": "13966660002", "date": "2026-07-06"}), nil)

	// Two seats taken by another family; the siblings wait together and get them together.
	other := e.families(1, "2018-01-01", "2018-02-01")[0]
	first := e.booked(other.Cookie, map[string]any{"child_ids": other.Children, "session_id": days[0]})
	e.booked(parent, map[string]any{"child_ids": []string{kid.ID, sibling.ID}, "session_id": days[0]})
	for _, b := range first {
		e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+b.ID, other.Cookie, nil), nil)
	}
	var inbox struct {
		Items []struct{ Kind, Title, Body string }
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", parent, nil), &inbox)
	if len(inbox.Items) != 1 || !strings.Contains(inbox.Items[0].Body, "欧阳子涵") || !strings.Contains(inbox.Items[0].Body, "欧阳子轩") {
		t.Fatalf("the promotion notice: %+v", inbox.Items)
	}
	e.checkpoint()
	if found := fileHolds(t, e.DB.Path, erasedChild); len(found) < len(erasedChild) {
		t.Fatalf("before the deletion the file holds only %q of %q: the test cannot tell erasure from absence", found, erasedChild)
	}

	e.must(http.StatusNoContent, e.call("DELETE", base, parent, nil), nil)
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", parent, nil), &inbox)
	if len(inbox.Items) != 1 || strings.Contains(inbox.Items[0].Body, "欧阳子涵") || !strings.Contains(inbox.Items[0].Body, "欧阳子轩") {
		t.Fatalf("after the deletion, the promotion notice: %+v", inbox.Items)
	}
	var pending int
	e.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'`).Scan(&pending)
	if pending != 1 {
		t.Fatalf("%d deliveries pending, want the sibling's one", pending)
	}
	e.checkpoint()
	for _, suffix := range []string{"", "-wal", "-journal"} {
		if found := fileHolds(t, e.DB.Path+suffix, erasedChild); len(found) > 0 {
			t.Errorf("after deleting the child and a checkpoint, linli.db%s still holds %q", suffix, found)
		}
	}
	if found := fileHolds(t, e.DB.Path, []string{"欧阳子轩"}); len(found) != 1 {
		t.Fatal("the sibling's name is gone too: the check reads the wrong file")
	}
}

// TestDeleteMyAccount: DELETE /me takes the password again; it is refused (409) while the person
// guards a child or holds a role, and then erases the account: sessions, feed, notifications and
// invitations go, the login is free again, and after a checkpoint the file holds neither the
// name nor the login. A volunteer's service records keep their name for the national record.
func TestDeleteMyAccount(t *testing.T) {
	e, _ := startServer(t, serverOptions{now: ptAt(2026, 9, 1, 9, 0)})
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	leaverID := e.register("即将离开的邻居", "13966660009")
	leaver := e.login("13966660009")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/users/"+leaverID+"/password-reset", e.Admin, nil), nil) // a notification
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/feeds", leaver, nil), nil)

	e.mustFail(401, "unauthenticated", "", e.call("DELETE", "/api/v1/me", "", map[string]any{"password": "x"}))
	e.mustFail(400, "invalid", "password", e.call("DELETE", "/api/v1/me", leaver, map[string]any{"password": "not-my-password"}))
	e.mustFail(400, "invalid", "password", e.call("DELETE", "/api/v1/me", leaver, map[string]any{}))
	e.mustFail(400, "invalid", "", e.call("DELETE", "/api/v1/me", leaver, `{"password":`))
	e.mustFail(409, "conflict", "", e.call("DELETE", "/api/v1/me", e.Admin, map[string]any{"password": "admin-password"}))
	e.mustFail(409, "conflict", "", e.call("DELETE", "/api/v1/me", coord, map[string]any{"password": "password-13800000001"}))
	kid := e.addChild(leaver, map[string]any{"name": "小石头", "birth_date": "2019-01-01", "consent_policy_version": linli.ChildPolicyVersion})
	e.mustFail(409, "conflict", "", e.call("DELETE", "/api/v1/me", leaver, map[string]any{"password": "password-13966660009"}))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+kid.ID, leaver, nil), nil)
	// An invitation to the person's login goes with the account.
	e.register("别的家长", "13800000007")
	other := e.login("13800000007")
	okid := e.addChild(other, map[string]any{"name": "小木头", "birth_date": "2019-01-01", "consent_policy_version": linli.ChildPolicyVersion})
	e.invite(other, okid.ID, "13966660009")

	r := e.call("DELETE", "/api/v1/me", leaver, map[string]any{"password": "password-13966660009"})
	e.must(http.StatusNoContent, r, nil)
	if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "Max-Age=0") {
		t.Fatalf("the answer does not clear the cookie: %q", c)
	}
	e.mustFail(401, "unauthenticated", "", e.call("GET", "/api/v1/me", leaver, nil))
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "13966660009", "password": "password-13966660009"}))
	var n int
	e.DB.ReadPool().QueryRow(`SELECT (SELECT COUNT(*) FROM auth_sessions WHERE user_id = ?1) + (SELECT COUNT(*) FROM notifications WHERE user_id = ?1)
		+ (SELECT COUNT(*) FROM feed_tokens WHERE user_id = ?1) + (SELECT COUNT(*) FROM guardian_invitations)`, leaverID).Scan(&n)
	if n != 0 {
		t.Fatalf("%d sessions, notifications, feed tokens and invitations left", n)
	}
	if !testdb.Postgres() { // PostgreSQL's files are the server's: docs/postgres.md says what erasure means there
		e.checkpoint()
		if found := fileHolds(t, e.DB.Path, []string{"即将离开的邻居", "13966660009"}); len(found) > 0 {
			t.Fatalf("after deleting the account and a checkpoint, the file holds %q", found)
		}
	}
	// The login is free for someone new.
	e.register("新住户", "13966660009")

	// A volunteer who served keeps their name on the service records, and nothing else.
	vol, volCookie := e.member("周强", "13800000005", "volunteer", "")
	(&ptEnv{testEnv: e, Coord: coord}).createProgram(ptProgram("volunteer_shift", "周六环境整治", ptSchedule("2026-08-29", "2026-08-29", "09:00", "11:00", "all_days")))
	var sessions struct{ Items []struct{ ID string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions?community_id="+e.Community+"&from=2026-08-29&to=2026-08-29", coord, nil), &sessions)
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sessions.Items[0].ID+"/service", coord, map[string]any{"records": []map[string]any{
		{"user_id": vol, "check_in": "2026-08-29T09:00:00+08:00", "check_out": "2026-08-29T11:00:00+08:00"}}}), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/communities/"+e.Community+"/members/"+vol+"?role=volunteer", coord, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/me", volCookie, map[string]any{"password": "password-13800000005"}), nil)
	r = e.call("GET", "/api/v1/service?community_id="+e.Community, coord, nil)
	e.must(http.StatusOK, r, nil)
	if !strings.Contains(string(r.Body), "周强") {
		t.Fatalf("the service record lost the volunteer's name: %s", r.Body)
	}
	if !testdb.Postgres() {
		e.checkpoint()
		if found := fileHolds(t, e.DB.Path, []string{"13800000005"}); len(found) > 0 {
			t.Fatalf("the volunteer's login is still in the file")
		}
	}
}

// TestAccountPolicyStatesTheConsent: the account policy, in both languages, states that service
// records keep the name after the account is deleted, and carries its version.
func TestAccountPolicyStatesTheConsent(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ lang, must string }{{"zh-CN", "注销账号后这些记录仍保留您的姓名"}, {"en", "they keep your name\nafter you delete your account"}} {
		var p struct{ Version, Locale, Text string }
		e.must(http.StatusOK, e.call("GET", "/api/v1/policies/account", "", nil, "Accept-Language", c.lang), &p)
		if p.Locale != c.lang || p.Version != linli.AccountPolicyVersion || !strings.Contains(p.Text, c.must) || !strings.Contains(p.Text, p.Version) {
			t.Fatalf("%s policy %+v", c.lang, p)
		}
	}
}
