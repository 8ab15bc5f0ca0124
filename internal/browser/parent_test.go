package browser_test

import (
	"testing"
)

// TestParentAddsChildWithConsent: a parent cannot add a child without agreeing to the child-data
// policy (the message shows beside the consent box); with it, the child is added, and a pickup
// person and a one-day delegation are named.
func TestParentAddsChildWithConsent(t *testing.T) {
	s := newSite(t)
	_, cookie := s.member("陈静", "13800000007", "", "")
	p := s.open(t)
	p.signIn(cookie)
	p.visit("/children", "children")
	p.waitText("main", "还没有添加孩子。")
	p.fill("#child-form [name=name]", "陈小雨")
	p.set("#child-form [name=birth_date]", "2019-03-08")
	p.fill("#child-form [name=notes]", "花生过敏")
	p.click("#child-form button[type=submit]")
	p.waitText("#child-form-f-consent_policy_version-error", "请先阅读并勾选同意")
	p.click("#child-policy summary")
	p.waitText("#child-policy", "我们收集什么")
	p.click("#child-form [name=consent_policy_version]")
	p.shot("child-consent")
	p.click("#child-form button[type=submit]")
	p.do(p.waitPage("child"))
	p.waitText("main h1", "陈小雨")
	p.waitText("main .facts", "花生过敏")

	p.expand("添加接送人")
	p.fill("#pickup-form [name=name]", "陈奶奶")
	p.fill("#pickup-form [name=relation]", "奶奶")
	p.fill("#pickup-form [name=phone]", "+86 139-0000-1111")
	p.click("#pickup-form button[type=submit]")
	p.waitText("#pickup-list", "陈奶奶")
	p.waitText("#pickup-list", "13900001111")

	p.expand("安排一次临时代接")
	p.fill("#delegation-form [name=name]", "王阿姨")
	p.fill("#delegation-form [name=phone]", "12345")
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-form-f-phone-error", "请填写内地手机号")
	p.fill("#delegation-form [name=phone]", "13700002222")
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-list", "王阿姨")
	p.shot("child")

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
