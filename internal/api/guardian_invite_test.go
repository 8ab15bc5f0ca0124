package api_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// invitationAnswer is the answer to POST /children/{id}/guardians, read loosely so that a test
// sees every key the server sent.
type invitationAnswer struct {
	Invitation map[string]any
}

// invite asks the guardian with cookie to invite login to the child, expecting 201.
func (e *testEnv) invite(cookie, childID, login string) invitationAnswer {
	e.t.Helper()
	var out invitationAnswer
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children/"+childID+"/guardians", cookie, map[string]any{"login": login}), &out)
	return out
}

// addGuardian makes the registered user with login (signed in as cookie) another guardian of the
// child: the guardian invites them and they accept.
func (e *testEnv) addGuardian(guardian, childID, login, cookie string) {
	e.t.Helper()
	inv := e.invite(guardian, childID, login)
	e.must(http.StatusOK, e.call("POST", "/api/v1/invitations/"+inv.Invitation["id"].(string)+"/accept", cookie, nil), nil)
}

// myInvitations is GET /me/invitations.
type myInvitations struct {
	Items []struct {
		ID          string
		ChildID     string `json:"child_id"`
		ChildName   string `json:"child_name"`
		InviterName string `json:"inviter_name"`
		ExpiresAt   string `json:"expires_at"`
	}
}

// TestGuardianInvitation: a guardian no longer attaches a stranger's account to a child, nor
// learns whose login it is. The answer is an invitation, the same whether or not the login is
// registered; the invited person sees it (the child's given name and the inviter's name) and
// only accepting makes the child theirs. Invitations run out after 7 days and a guardian sends
// at most 10 a day. A guardian may remove another guardian, never the last one.
func TestGuardianInvitation(t *testing.T) {
	now := ptAt(2026, 9, 1, 9, 0)
	e, clock := startServer(t, serverOptions{now: now})
	motherID := e.register("陈静", "13800000007")
	fatherID := e.register("陈刚", "13800000009")
	e.register("邻居", "13800000005")
	mother, father, neighbour := e.login("13800000007"), e.login("13800000009"), e.login("13800000005")
	c := e.addChild(mother, childBody())

	known := e.invite(mother, c.ID, "+86 138-0000-0009")
	unknown := e.invite(mother, c.ID, "13999999999")
	for _, inv := range []invitationAnswer{known, unknown} {
		if keys := slices.Sorted(maps.Keys(inv.Invitation)); !slices.Equal(keys, []string{"child_id", "expires_at", "id"}) || inv.Invitation["child_id"] != c.ID {
			t.Fatalf("invitation answer %v: want exactly id, child_id, expires_at", inv.Invitation)
		}
		if inv.Invitation["expires_at"] != "2026-09-08T09:00:00+08:00" {
			t.Fatalf("invitation expires at %v, want 7 days on", inv.Invitation["expires_at"])
		}
	}
	b, _ := json.Marshal(known)
	if strings.Contains(string(b), "陈刚") || strings.Contains(string(b), fatherID) {
		t.Fatalf("the invitation names the invited person: %s", b)
	}
	// A malformed login is still 400: it says nothing about anyone.
	e.mustFail(400, "invalid", "login", e.call("POST", "/api/v1/children/"+c.ID+"/guardians", mother, map[string]any{"login": "not a login"}))

	// Not theirs until accepted.
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/"+c.ID, father, nil))
	var list struct{ Items []testChild }
	e.must(http.StatusOK, e.call("GET", "/api/v1/children", father, nil), &list)
	if len(list.Items) != 0 {
		t.Fatalf("the invited father lists %+v before accepting", list.Items)
	}
	var mine myInvitations
	r := e.call("GET", "/api/v1/me/invitations", father, nil)
	e.must(http.StatusOK, r, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ChildName != "小雨" || mine.Items[0].InviterName != "陈静" || mine.Items[0].ChildID != c.ID ||
		mine.Items[0].ExpiresAt != "2026-09-08T09:00:00+08:00" {
		t.Fatalf("the father's invitations: %s", r.Body)
	}
	for _, s := range []string{"陈小雨", "2018-05-12", "花生"} {
		if strings.Contains(string(r.Body), s) {
			t.Fatalf("the invitation shows %q before it is accepted: %s", s, r.Body)
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/invitations", neighbour, nil), &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("the neighbour sees someone else's invitations: %+v", mine.Items)
	}
	knownID := known.Invitation["id"].(string)
	for who, cookie := range map[string]string{"the neighbour": neighbour, "the inviter": mother} {
		if r := e.call("POST", "/api/v1/invitations/"+knownID+"/accept", cookie, nil); r.Status != http.StatusNotFound {
			t.Fatalf("%s accepted the father's invitation: %d %s", who, r.Status, r.Body)
		}
	}
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/invitations/"+knownID+"/accept", "", nil))

	e.must(http.StatusOK, e.call("POST", "/api/v1/invitations/"+knownID+"/accept", father, nil), nil)
	var got struct{ Child testChild }
	e.must(http.StatusOK, e.call("GET", "/api/v1/children/"+c.ID, father, nil), &got)
	if len(got.Child.Guardians) != 2 || got.Child.Name != "陈小雨" {
		t.Fatalf("after accepting, the father reads %+v", got.Child)
	}
	// Accepting again (a retry) answers the same and changes nothing; declining now is too late.
	audited := e.count("audit_log")
	var again struct{ Invitation struct{ Status string } }
	e.must(http.StatusOK, e.call("POST", "/api/v1/invitations/"+knownID+"/accept", father, nil), &again)
	if again.Invitation.Status != "accepted" || e.count("audit_log") != audited {
		t.Fatalf("accepting again: %+v, %d audit entries", again, e.count("audit_log")-audited)
	}
	e.mustFail(409, "conflict", "", e.call("POST", "/api/v1/invitations/"+knownID+"/decline", father, nil))
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/invitations", father, nil), &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("an answered invitation is still listed: %+v", mine.Items)
	}

	// Whoever registers the unknown login within the week sees the invitation, and may decline.
	e.register("后来的人", "13999999999")
	later := e.login("13999999999")
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/invitations", later, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != unknown.Invitation["id"] {
		t.Fatalf("the later registrant's invitations: %+v", mine.Items)
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/invitations/"+mine.Items[0].ID+"/decline", later, nil), nil)
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/"+c.ID, later, nil))
	e.mustFail(409, "conflict", "", e.call("POST", "/api/v1/invitations/"+mine.Items[0].ID+"/accept", later, nil))

	// Seven days on, an invitation has run out.
	late := e.invite(mother, c.ID, "13800000005")
	clock.Set(now.Add(7*24*time.Hour + time.Minute))
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/invitations", neighbour, nil), &mine)
	if len(mine.Items) != 0 {
		t.Fatalf("an expired invitation is listed: %+v", mine.Items)
	}
	e.mustFail(409, "conflict", "", e.call("POST", "/api/v1/invitations/"+late.Invitation["id"].(string)+"/accept", neighbour, nil))
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/"+c.ID, neighbour, nil))

	// Ten a day per guardian; the next day, ten more.
	for i := range 10 {
		e.invite(mother, c.ID, "1370000000"+string(rune('0'+i)))
	}
	e.mustFail(429, "rate_limited", "", e.call("POST", "/api/v1/children/"+c.ID+"/guardians", mother, map[string]any{"login": "13700000010"}))
	e.invite(father, c.ID, "13700000010") // the limit is the guardian's, not the child's
	clock.Set(now.Add(8*24*time.Hour + 2*time.Minute))
	e.invite(mother, c.ID, "13700000011")

	// Removing a guardian: another guardian may; never the last.
	e.mustFail(404, "not_found", "", e.call("DELETE", "/api/v1/children/"+c.ID+"/guardians/"+motherID, neighbour, nil))
	e.mustFail(404, "not_found", "", e.call("DELETE", "/api/v1/children/"+c.ID+"/guardians/0190a2b4-0000-7000-8000-000000000000", father, nil))
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+c.ID+"/guardians/"+motherID, father, nil), nil)
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/children/"+c.ID, mother, nil))
	e.mustFail(409, "conflict", "", e.call("DELETE", "/api/v1/children/"+c.ID+"/guardians/"+fatherID, father, nil))
	e.must(http.StatusOK, e.call("GET", "/api/v1/children/"+c.ID, father, nil), &got)
	if len(got.Child.Guardians) != 1 || got.Child.Guardians[0].UserID != fatherID {
		t.Fatalf("guardians after the removal: %+v", got.Child.Guardians)
	}

	// The audit log holds who invited, accepted, declined and removed, never a login.
	var audit []string
	rows, err := e.DB.ReadPool().Query(`SELECT action || ' ' || COALESCE(detail, '') FROM audit_log WHERE object_id = ?`, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		audit = append(audit, s)
	}
	rows.Close()
	all := strings.Join(audit, "\n")
	for _, action := range []string{"child.guardian_invite", "child.guardian_add", "child.guardian_decline", "child.guardian_remove"} {
		if !strings.Contains(all, action) {
			t.Errorf("no %s in the audit log:\n%s", action, all)
		}
	}
	for _, login := range []string{"13999999999", "13800000009", "13800000005"} {
		if strings.Contains(all, login) {
			t.Errorf("the audit log holds the login %s:\n%s", login, all)
		}
	}
}
