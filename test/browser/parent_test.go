package browser_test

import (
	"testing"
)

// TestParentAddsChildWithConsent: a parent cannot add a child without agreeing to the child-data
// policy (the message shows beside the consent box); with it, the child is added, and a pickup
// person and a one-day delegation are named.
func TestParentAddsChildWithConsent(t *testing.T) { addChildJourney(t, inZH) }

func addChildJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, cookie := s.member("陈静", "13800000007", "", "")
	s.speak(l, cookie)
	p := s.open(t)
	p.signIn(cookie)
	p.visit("/children", "children")
	p.waitText("main", l.s("还没有添加孩子。", "No children added yet."))
	p.fill("#child-form [name=name]", "陈小雨")
	p.set("#child-form [name=birth_date]", "2019-03-08")
	p.fill("#child-form [name=notes]", "花生过敏")
	p.click("#child-form button[type=submit]")
	p.waitText("#child-form-f-consent_policy_version-error", l.s("请先阅读并勾选同意", "Please read the child data policy and tick that you agree"))
	p.click("#child-policy summary")
	p.waitText("#child-policy", l.s("我们收集什么", "What we collect"))
	p.click("#child-form [name=consent_policy_version]")
	p.shot(l.shot("child-consent"))
	p.click("#child-form button[type=submit]")
	p.do(p.waitPage("child"))
	p.waitText("main h1", "陈小雨")
	p.waitText("main .facts", "花生过敏")

	p.expand(l.s("添加接送人", "Add a pickup person"))
	p.fill("#pickup-form [name=name]", "陈奶奶")
	p.fill("#pickup-form [name=relation]", "奶奶")
	p.fill("#pickup-form [name=phone]", "+86 139-0000-1111")
	p.click("#pickup-form button[type=submit]")
	p.waitText("#pickup-list", "陈奶奶")
	p.waitText("#pickup-list", "13900001111")

	p.expand(l.s("安排一次临时代接", "Plan a one-day pickup"))
	p.fill("#delegation-form [name=name]", "王阿姨")
	p.fill("#delegation-form [name=phone]", "12345")
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-form-f-phone-error", l.s("请填写内地手机号", "Enter a mainland mobile number"))
	p.fill("#delegation-form [name=phone]", "13700002222")
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-list", "王阿姨")
	p.shot(l.shot("child"))

	var kids struct {
		Items []struct {
			Name, Notes string
			Consent     struct {
				PolicyVersion string `json:"policy_version"`
			}
		}
	}
	s.must(200, "GET", "/children", cookie, nil, &kids)
	if len(kids.Items) != 1 || kids.Items[0].Name != "陈小雨" || kids.Items[0].Notes != "花生过敏" || kids.Items[0].Consent.PolicyVersion == "" {
		t.Errorf("stored children %+v", kids.Items)
	}
}
