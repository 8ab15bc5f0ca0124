package browser_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestGuardianInvitationJourney: a mother invites the father from the child's page and learns
// only that the invitation went out; the father finds it on his home page, accepts, opens the
// child, and takes the mother off the guardians (the last one cannot go). A neighbour without
// children or roles deletes their account from the Me page, after a wrong password.
func TestGuardianInvitationJourney(t *testing.T) { guardianJourney(t, inZH) }

func guardianJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, mother := s.member("陈静", "13800000007", "", "")
	_, father := s.member("陈刚", "13800000009", "", "")
	s.speak(l, mother, father)
	var kid struct{ Child struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/children", mother, map[string]any{"name": "陈小雨", "birth_date": "2019-03-08",
		"consent_policy_version": linli.ChildPolicyVersion}, &kid)

	p := s.open(t)
	p.signIn(mother)
	p.visit("/children/"+kid.Child.ID, "child")
	p.waitText("#guardian-list", "陈静")
	p.waitText("main", l.s("孩子至少要有一位监护人。", "A child keeps at least one guardian."))
	p.expand(l.s("邀请另一位监护人", "Invite another guardian"))
	p.fill("#guardian-form [name=login]", "138 0000 0009")
	p.click("#guardian-form button[type=submit]")
	p.waitText("#guardian-form .form-ok", l.s("邀请已发送", "Invitation sent"))
	p.shot(l.shot("guardian-invite-sent"))
	if got := p.text("main"); strings.Contains(got, "陈刚") {
		t.Errorf("the child's page names the invited father before he accepts: %q", got)
	}

	q := s.open(t)
	q.signIn(father)
	q.visit("/", "home")
	q.waitText("#home-invitations", l.s("陈静邀请您成为小雨的监护人", "陈静 invites you to become a guardian of 小雨"))
	q.shot(l.shot("guardian-invitation-home"))
	q.click("#home-invitations button.primary")
	q.waitText("#home-invitations", l.s("已接受", "Accepted"))
	q.click(`#home-invitations a[href="#/children/` + kid.Child.ID + `"]`)
	q.do(q.waitPage("child"))
	q.waitText("main h1", "陈小雨")
	q.waitText("#guardian-list", "陈静")
	q.waitText("#guardian-list", "陈刚")
	q.shot(l.shot("guardian-two"))
	// The first guardian in the list is the mother: remove her (a second press confirms).
	q.click("#guardian-list li:first-child button.danger")
	q.click("#guardian-list li:first-child button.danger")
	q.waitText("main", l.s("孩子至少要有一位监护人。", "A child keeps at least one guardian."))
	if got := q.text("#guardian-list"); strings.Contains(got, "陈静") {
		t.Errorf("the mother is still listed: %q", got)
	}
	if status, _, _ := s.call("GET", "/children/"+kid.Child.ID, mother, nil); status != http.StatusNotFound {
		t.Errorf("the removed mother still reads the child: %d", status)
	}

	_, neighbour := s.member("邻居老李", "13800000005", "", "")
	s.speak(l, neighbour)
	n := s.open(t)
	n.signIn(neighbour)
	n.visit("/me", "me")
	n.waitText("main", l.s("注销账号", "Delete my account"))
	n.fill("#delete-account [name=password]", "not-my-password")
	n.click("#delete-account button[type=submit]")
	n.waitText("#delete-account", l.s("密码不正确。", "The password is wrong."))
	n.shot(l.shot("account-delete-wrong"))
	n.fill("#delete-account [name=password]", "password-13800000005")
	n.click("#delete-account button[type=submit]")
	n.do(n.waitPage("home"))
	n.waitText("#nav", l.s("登录", "Log in"))
	if status, _, _ := s.call("POST", "/auth/login", "", map[string]string{"login": "13800000005", "password": "password-13800000005"}); status != http.StatusUnauthorized {
		t.Errorf("the deleted account still signs in: %d", status)
	}

	// An invitation answered elsewhere meanwhile: the page says it is gone, not a raw conflict.
	var second struct{ Child struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/children", mother, map[string]any{"name": "陈小阳", "birth_date": "2020-06-01",
		"consent_policy_version": linli.ChildPolicyVersion}, &second)
	var inv struct{ Invitation struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/children/"+second.Child.ID+"/guardians", mother, map[string]string{"login": "13800000009"}, &inv)
	q.visit("/", "home")
	q.waitText("#home-invitations", "小阳")
	s.must(http.StatusOK, "POST", "/invitations/"+inv.Invitation.ID+"/decline", father, nil, nil)
	q.click("#home-invitations button.primary")
	q.waitText("#home-invitations", l.s("这个邀请已过期、已处理或已撤回", "This invitation has expired, was answered or withdrawn"))
	q.shot(l.shot("guardian-invitation-gone"))

	// The father guards a child: his account cannot go.
	q.visit("/me", "me")
	q.fill("#delete-account [name=password]", "password-13800000009")
	q.click("#delete-account button[type=submit]")
	q.waitText("#delete-account .form-error", l.s("您还是孩子的监护人", "You are still a child's guardian"))
}
