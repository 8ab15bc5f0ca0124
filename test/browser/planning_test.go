package browser_test

import (
	"net/http"
	"testing"
)

// TestCoordinatorPlansProgram: a coordinator adds a venue, plans a holiday class on it with a
// teacher picked from the community's staff and a schedule (a bad end date is refused beside its
// field), sees its sessions on the month's calendar, and cancels one.
func TestCoordinatorPlansProgram(t *testing.T) { planProgramJourney(t, inZH) }

func planProgramJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coordinator := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coordinator)
	teacher, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	p := s.open(t)
	p.signIn(coordinator)
	p.visit("/venues", "venues")
	p.fill("#venue-form [name=name]", "书画室")
	p.fill("#venue-form [name=capacity]", "20")
	p.click("#venue-form button[type=submit]")
	p.waitText("#venue-list", "书画室")

	p.visit("/programs", "programs")
	p.click(`a.button[href^="#/programs/new"]`)
	p.do(p.waitPage("program-new"))
	p.set("#program-form [name=kind]", "holiday_class")
	p.fill("#program-form [name=title]", "寒假书法班")
	p.set("#program-form [name=category]", "calligraphy")
	p.fill("#program-form [name=age_min]", "7")
	p.fill("#program-form [name=age_max]", "12")
	p.fill("#program-form [name=capacity]", "16")
	p.set("#program-form [name=venue_id]", eval[string](p, `document.querySelector("#program-form [name=venue_id] option:nth-child(2)").value`))
	p.waitText("#program-form fieldset.checks", l.s("李明 · 学校教师", "李明 · school teacher"))
	p.click(`#program-form input[name=staff_ids][value="` + teacher + `"]`)
	p.set(`#program-form [name="schedule.start_date"]`, chinaToday(3))
	p.set(`#program-form [name="schedule.end_date"]`, chinaToday(1))
	p.set(`#program-form [name="schedule.start_time"]`, "09:00")
	p.set(`#program-form [name="schedule.end_time"]`, "10:30")
	p.set(`#program-form [name="schedule.day_filter"]`, "all_days")
	p.click("#program-form button[type=submit]")
	p.waitText("#program-form-f-schedule-end_date-error", l.s("结束日期需在开始日期之后", "The end date must follow the start date"))
	p.set(`#program-form [name="schedule.end_date"]`, chinaToday(9))
	p.click("#program-form button[type=submit]")
	p.do(p.waitPage("program"))
	p.waitText("main", l.s("已创建，共排 7 次课。", "Created with 7 sessions."))
	if n := eval[int](p, `document.querySelectorAll("table.month td.has-session").length`); n < 1 {
		t.Errorf("the month calendar marks %d days with sessions", n)
	}
	p.shot(l.shot("program"))

	p.expand(l.s("调整或取消", "Move or cancel"))
	p.fill(`#program-sessions li:first-child form[id^="cancel-"] [name=reason]`, "老师生病")
	p.click(`#program-sessions li:first-child form[id^="cancel-"] button[type=submit]`)
	p.waitText("#program-sessions", l.s("本次已取消：老师生病", "Cancelled: 老师生病"))
	var sessions struct {
		Items []struct {
			Status string
			Staff  []struct{ ID, TeacherType string }
		}
	}
	s.must(http.StatusOK, "GET", "/sessions?community_id="+s.Community+"&from="+chinaToday(0), "", nil, &sessions)
	cancelled := 0
	for _, x := range sessions.Items {
		if x.Status == "cancelled" {
			cancelled++
		}
		if len(x.Staff) != 1 || x.Staff[0].ID != teacher {
			t.Errorf("a session's staff is %+v, want 李明 picked in the form", x.Staff)
		}
	}
	if len(sessions.Items) != 7 || cancelled != 1 {
		t.Errorf("%d sessions, %d cancelled; want 7 and 1", len(sessions.Items), cancelled)
	}
}
