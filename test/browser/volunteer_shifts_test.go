package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// shownButtons is a script listing the labels of the buttons a person can see in the element
// found by a CSS selector: a button with the hidden attribute is not one of them, whatever the
// style sheet says about buttons.
func shownButtons(sel string) string {
	return `[...document.querySelectorAll(` + jsString(sel+" button") + `)].filter((b) => b.getClientRects().length > 0 && getComputedStyle(b).display !== "none").map((b) => b.textContent)`
}

// TestVolunteerShiftsShowOneAction: each shift shows exactly one of 报名 and 退出, as the
// volunteer's state says; "我的班次" lists the volunteer's own shifts; signing up and leaving
// change the seat count and "我的班次" at once, without a reload.
func TestVolunteerShiftsShowOneAction(t *testing.T) { shiftsOneActionJourney(t, inZH) }

func shiftsOneActionJourney(t *testing.T, l lang) {
	s := newSite(t)
	vid, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, cookie)
	leave, signUp := l.s("退出", "Leave"), l.s("报名", "Sign up")
	shift := func(title string, day int, staff ...string) string {
		var p struct{ Program struct{ ID string } }
		s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
			"kind": "volunteer_shift", "title": title, "capacity": 5, "staff_ids": append([]string{}, staff...),
			"schedule": map[string]any{"start_date": chinaToday(day), "end_date": chinaToday(day), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
		}, &p)
		var sessions struct{ Items []struct{ ID string } }
		s.must(http.StatusOK, "GET", "/sessions?program_id="+p.Program.ID, "", nil, &sessions)
		return sessions.Items[0].ID
	}
	cleanup := shift("周六社区环境整治", 5)
	library := shift("社区图书角整理", 3)
	led := shift("重阳节敬老活动", 8, vid)
	s.must(http.StatusCreated, "POST", "/sessions/"+library+"/signup", cookie, nil, nil)

	p := s.open(t)
	p.signIn(cookie)
	p.visit("/shifts", "shifts")
	p.waitText("#my-shifts", "社区图书角整理")
	if got := p.text("#my-shifts"); strings.Contains(got, "周六社区环境整治") {
		t.Errorf("我的班次 lists a shift the volunteer is not on: %q", got)
	}
	onShift := `#shift-list [data-session="` + library + `"]`
	offShift := `#shift-list [data-session="` + cleanup + `"]`
	if got := eval[[]string](p, shownButtons(onShift)); len(got) != 1 || got[0] != leave {
		t.Errorf("a shift the volunteer is on shows the buttons %q, want only %s", got, leave)
	}
	if got := eval[[]string](p, shownButtons(offShift)); len(got) != 1 || got[0] != signUp {
		t.Errorf("a shift the volunteer is not on shows the buttons %q, want only %s", got, signUp)
	}
	p.waitText(offShift, l.s("余 5 位", "5 seats left"))
	// A shift the volunteer leads is theirs without signing up, and offers neither button.
	p.waitText("#my-shifts", "重阳节敬老活动")
	ledShift := `#shift-list [data-session="` + led + `"]`
	p.waitText(ledShift, l.s("您是这个班次的值守志愿者", "You lead this shift"))
	if got := eval[[]string](p, shownButtons(ledShift)); len(got) != 0 {
		t.Errorf("a shift the volunteer leads shows the buttons %q", got)
	}
	p.shot(l.shot("shifts-mine"))

	p.click(offShift + ` [data-action=signup]`)
	p.waitText(offShift+" [role=status]", l.s("已报名，谢谢您！", "Signed up. Thank you!"))
	p.waitText(offShift, l.s("余 4 位", "4 seats left"))
	p.waitText("#my-shifts", "周六社区环境整治")
	if got := eval[[]string](p, shownButtons(offShift)); len(got) != 1 || got[0] != leave {
		t.Errorf("after signing up the shift shows the buttons %q, want only %s", got, leave)
	}

	p.click(onShift + ` [data-action=leave]`)
	p.waitText(onShift+" [role=status]", l.s("已退出。", "You left this shift."))
	p.waitText(onShift, l.s("余 5 位", "5 seats left"))
	if got := p.text("#my-shifts"); strings.Contains(got, "社区图书角整理") {
		t.Errorf("after leaving, 我的班次 still lists the shift: %q", got)
	}
	if got := eval[[]string](p, shownButtons(onShift)); len(got) != 1 || got[0] != signUp {
		t.Errorf("after leaving the shift shows the buttons %q, want only %s", got, signUp)
	}
}

// TestVolunteerShiftFullSaysShift: a full shift answers a sign-up in words about a shift, not a class.
func TestVolunteerShiftFullSaysShift(t *testing.T) { shiftFullJourney(t, inZH) }

func shiftFullJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, cookie)
	_, other := s.member("吴敏", "13800000006", "volunteer", "")
	var p struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "volunteer_shift", "title": "重阳节敬老活动", "capacity": 1,
		"schedule": map[string]any{"start_date": chinaToday(2), "end_date": chinaToday(2), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &p)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+p.Program.ID, "", nil, &sessions)

	b := s.open(t)
	b.signIn(cookie)
	b.visit("/shifts", "shifts")
	b.waitText("#my-shifts-none", l.s("您还没有报名的班次", "You have not signed up for a shift yet"))
	// Someone else takes the last place while the page is open.
	s.must(http.StatusCreated, "POST", "/sessions/"+sessions.Items[0].ID+"/signup", other, nil, nil)
	b.click(`#shift-list [data-action=signup]`)
	b.waitText("#shift-list [role=status]", l.s("这个班次已满。", "This shift is full."))
	b.waitText("#shift-list", l.s("已满", "Full"))
	if got := b.text(l.s("main", "#shift-list")); strings.Contains(strings.ToLower(got), l.s("课", "class")) {
		t.Errorf("the shifts page speaks of a class: %q", got)
	}
}
