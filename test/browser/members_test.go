package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestCoordinatorManagesMembers: from 社区管理 a coordinator opens 成员, adds a volunteer by a
// phone number nobody has registered (shown pending under the typed name, active once they
// register), adds a registered user as a teacher (choosing the teacher type when asked), gives
// the teacher a reset code that works, learns that a parent's code is the administrator's to
// give, and removes a role. The sign-in page says whom to ask for a code.
func TestCoordinatorManagesMembers(t *testing.T) { membersJourney(t, inZH) }

func membersJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coord)
	s.member("李明", "13800000002", "", "")
	_, parent := s.member("陈静", "13800000007", "volunteer", "")
	s.child(parent, "小雨", "2018-05-01")

	p := s.open(t)
	p.useLang(l)
	p.visit("/login", "login")
	p.waitText("main", l.s("登记过孩子的家长请找系统管理员", "If you registered a child, ask an administrator for a reset code"))
	p.waitText("main", l.s("老师和志愿者请找本社区的协调员", "teachers and volunteers, ask your community's coordinator"))

	p.signIn(coord)
	p.visit("/manage", "manage")
	p.click(`main a[href="#/members"]`)
	p.do(p.waitPage("members"))
	p.waitText("#members-coordinator", "王丽")
	p.waitText("#members-volunteer", "13800000007")
	if p.howMany("#members-coordinator button[data-action=reset]") != 0 {
		t.Error("王丽 is offered a reset code for her own account; she changes her password on 我的")
	}

	// A mistyped number is named beside its field; one nobody has registered is pending under the typed name.
	p.expand(l.s("添加成员", "Add a member"))
	p.fill("#member-form-f-login", "1380000002")
	p.click("#member-form button[type=submit]")
	p.waitText("#member-form-f-login-error", l.s("请填写内地手机号或有效的电子邮箱", "Enter a mainland mobile number or a valid e-mail address"))
	p.fill("#member-form-f-login", "13800000021")
	p.fill("#member-form-f-name", "刘洋")
	p.set("#member-form-f-role", "volunteer")
	p.click("#member-form button[type=submit]")
	p.waitText("#member-added", l.s("刘洋（13800000021）还没有注册", "刘洋 (13800000021) has not registered yet"))
	p.waitText(`#members-volunteer [data-member="13800000021/volunteer"]`, l.s("待注册", "not registered yet"))
	p.shot(l.shot("members-pending"))

	// A registered user as a teacher: the teacher type is asked for beside its field.
	p.expand(l.s("添加成员", "Add a member"))
	p.fill("#member-form-f-login", "13800000002")
	p.set("#member-form-f-role", "teacher")
	p.click("#member-form button[type=submit]")
	p.waitText("#member-form-f-teacher_type-error", l.s("请选择老师类型", "Choose the teacher type"))
	p.set("#member-form-f-teacher_type", "community_teacher")
	p.click("#member-form button[type=submit]")
	p.waitText("#member-added", l.s("已添加：李明，老师（社区兼职教师）", "Added 李明: Teacher (community teacher)."))
	p.waitText("#members-teacher", "李明")
	p.waitText("#members-teacher", l.s("社区兼职教师", "community teacher"))
	p.waitText("#members-teacher", l.s("已加入", "active"))

	// The teacher's reset code, large, works once at the sign-in.
	p.click(`#members-teacher li[data-member$="/teacher"] button[data-action=reset]`)
	p.waitText("#members-teacher .reset-box", l.s("只能用一次", "Valid for 24 hours, once"))
	code := p.text("#members-teacher .reset-code")
	if size := eval[string](p, `getComputedStyle(document.querySelector("#members-teacher .reset-code")).fontSize`); size != "28px" {
		t.Errorf("the reset code is %s high, want 28px to read it out", size)
	}
	s.must(http.StatusNoContent, "POST", "/auth/reset", "", map[string]string{"login": "13800000002", "reset_code": code, "password": "new-password-1"}, nil)
	s.login("13800000002", "new-password-1")
	p.shot(l.shot("members-reset"))

	// A parent's code is for an administrator to give.
	p.click(`li[data-member$="/volunteer"]:not([data-member^="1380"]) button[data-action=reset]`)
	p.waitText("#members-volunteer", l.s("只能由系统管理员发放", "Only an administrator can give this account a reset code"))

	// Registering with the pending number makes them an active volunteer.
	s.must(http.StatusCreated, "POST", "/auth/register", "", map[string]string{"name": "刘洋", "login": "13800000021", "password": "password-21"}, nil)
	p.reload("members")
	if pending := eval[int](p, `document.querySelectorAll("[data-member^='13800000021/']").length`); pending != 0 {
		t.Errorf("the registered member is still listed pending")
	}
	p.waitText("#members-volunteer", "刘洋")
	if got := p.text("#members-volunteer"); strings.Contains(got, l.s("待注册", "not registered yet")) {
		t.Errorf("the volunteers still show one pending: %s", got)
	}

	// Removing a role asks twice, then the teacher is gone.
	p.click(`#members-teacher button[data-action=remove]`)
	p.waitText(`#members-teacher button[data-action=remove]`, l.s("再按一次确认", "Press again to confirm"))
	p.click(`#members-teacher button[data-action=remove]`)
	p.waitText(`section[data-role=teacher]`, l.s("暂无", "None yet."))
}
