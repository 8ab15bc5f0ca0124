package browser_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCoordinatorEditsProgram: a coordinator changes a running after-school program (later
// start, no more Fridays, one extra Saturday), reads in the preview how many sessions move and are cancelled and
// how many families it touches (nothing changes until saved), sees the holiday-year warning
// before saving a change into next year, saves, moves one session onto a past holiday only after
// being asked, and discontinues the program with a reason the families read. The new-program
// form starts from each kind's day filter.
func TestCoordinatorEditsProgram(t *testing.T) { editProgramJourney(t, inZH) }

func editProgramJourney(t *testing.T, l lang) {
	s := newSite(t)
	teacher, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coord)
	var res struct{ Program struct{ ID string } }
	// From tomorrow (Tuesday 17 November 2026) to Saturday 28 November, weekdays 16:30–18:00: nine sessions.
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "after_school", "title": "四点半课堂", "capacity": 20, "staff_ids": []string{teacher},
		"schedule": map[string]any{"start_date": chinaToday(1), "end_date": chinaToday(12), "start_time": "16:30", "end_time": "18:00",
			"weekdays": []int{1, 2, 3, 4, 5}, "day_filter": "school_days"},
	}, &res)
	id := res.Program.ID
	_, parent := s.member("陈静", "13800000007", "", "")
	child := s.child(parent, "陈小雨", "2018-05-12")
	var sessions struct {
		Items []struct {
			ID       string
			StartsAt string `json:"starts_at"`
			Status   string
			Reason   string `json:"cancel_reason"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions?program_id="+id, "", nil, &sessions)
	friday := sessions.Items[3] // Friday 20 November
	if !strings.HasPrefix(friday.StartsAt, chinaToday(4)) {
		t.Fatalf("the fourth session starts %s, want %s", friday.StartsAt, chinaToday(4))
	}
	for _, x := range []string{sessions.Items[0].ID, friday.ID} {
		s.must(http.StatusCreated, "POST", "/bookings", parent, map[string]any{"child_id": child, "session_id": x}, nil)
	}

	p := s.open(t)
	p.signIn(coord)
	p.visit("/programs/"+id, "program")
	p.click("#program-edit")
	p.do(p.waitPage("program-edit"))
	p.set(`#edit-form [name="schedule.start_time"]`, "17:00")
	p.set(`#edit-form [name="schedule.end_time"]`, "18:30")
	p.click(`#edit-form input[name="schedule.weekdays"][value="5"]`)
	p.fill(`#edit-form [name="schedule.extra_dates"]`, chinaToday(5)) // Saturday 21 November
	p.click("#edit-form button[type=submit]")
	p.waitText("#preview-counts", l.s("新增 1 次课", "add 1 session"))
	p.waitText("#preview-counts", l.s("调整 7 次课的时间或地点", "move 7 sessions"))
	p.waitText("#preview-counts", l.s("取消 2 次课", "cancel 2 sessions"))
	p.waitText("#preview-counts", l.s("涉及 2 个预约、1 个家庭", "touch 2 bookings of 1 family"))
	p.shot(l.shot("program-preview"))
	s.must(http.StatusOK, "GET", "/sessions?program_id="+id, "", nil, &sessions)
	if len(sessions.Items) != 9 || !strings.Contains(sessions.Items[0].StartsAt, "T16:30") {
		t.Fatalf("the preview changed the sessions: %+v", sessions.Items)
	}

	// A change reaching 2028, a year not yet announced: the warning shows before saving; then back.
	p.set(`#edit-form [name="schedule.end_date"]`, "2028-01-14")
	p.click("#edit-form button[type=submit]")
	p.waitText("#edit-preview", l.s("尚未公布放假安排", "whose holidays are not announced yet"))
	p.set(`#edit-form [name="schedule.end_date"]`, chinaToday(12))
	p.click("#edit-form button[type=submit]")
	p.waitText("#preview-counts", l.s("取消 2 次课", "cancel 2 sessions"))
	p.click("#edit-save")
	p.do(p.waitPage("program"))
	p.waitText("main", l.s("已保存", "Saved"))
	s.must(http.StatusOK, "GET", "/sessions?program_id="+id, "", nil, &sessions)
	for _, x := range sessions.Items {
		if x.Status == "scheduled" && !strings.Contains(x.StartsAt, "T17:00") {
			t.Errorf("after saving, a session starts %s, want 17:00", x.StartsAt)
		}
	}

	// Moving a session onto National Day, which is past: the page asks first.
	first := sessions.Items[0].ID
	p.expand(l.s("调整或取消", "Move or cancel"))
	p.set("#move-"+first+"-f-date", "2026-10-01")
	p.click("#move-" + first + " button[type=submit]")
	p.waitText("#move-"+first+" .form-error", l.s("已经过去了", "is in the past"))
	p.waitText("#move-"+first+" .form-error", l.s("是国庆节", "is a holiday (National Day)"))
	p.waitText("#move-"+first+" button[type=submit]", l.s("仍然调整", "Move anyway"))
	var one struct {
		Session struct {
			StartsAt string `json:"starts_at"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions/"+first, "", nil, &one)
	if !strings.HasPrefix(one.Session.StartsAt, chinaToday(1)) {
		t.Errorf("the session moved before the coordinator confirmed: %s", one.Session.StartsAt)
	}

	// Moved into next year instead: no question, and the family's notice says the year.
	p.set("#move-"+first+"-f-date", "2027-01-05")
	p.click("#move-" + first + " button[type=submit]")
	p.do(chromedp.WaitNotPresent(chromedp.CSS(`#program-sessions [data-session="` + first + `"]`)))
	s.must(http.StatusOK, "GET", "/sessions/"+first, "", nil, &one)
	if !strings.HasPrefix(one.Session.StartsAt, "2027-01-05T17:00") {
		t.Errorf("the session starts %s after the move, want 2027-01-05 17:00", one.Session.StartsAt)
	}
	var inbox struct {
		Items []struct{ Title, Body string }
	}
	s.must(http.StatusOK, "GET", "/me/notifications", parent, nil, &inbox)
	found := false
	for _, n := range inbox.Items {
		found = found || strings.Contains(n.Body, "改为2027年1月5日（周二）17:00–18:30")
	}
	if !found {
		t.Errorf("no notice tells the family the new date with its year: %+v", inbox.Items)
	}

	// Discontinued with a reason.
	p.reload("program")
	p.expand(l.s("停办项目", "Discontinue the program"))
	p.fill("#f-discontinue_reason", "场地维修")
	p.click("#program-delete")
	p.waitText("#program-delete", l.s("再按一次确认", "Press again to confirm"))
	p.click("#program-delete")
	p.waitText("main", l.s("已停办", "Discontinued"))
	s.must(http.StatusOK, "GET", "/sessions?program_id="+id, "", nil, &sessions)
	for _, x := range sessions.Items {
		if x.Status != "cancelled" || (x.Reason != "场地维修" && x.Reason != "the date is no longer in the program's schedule") {
			t.Errorf("after discontinuing: %s %s %q", x.StartsAt, x.Status, x.Reason)
		}
	}

	// The new-program form starts from each kind's day filter.
	p.visit("/programs/new", "program-new")
	if f := eval[string](p, `document.querySelector('#program-form [name="schedule.day_filter"]').value`); f != "non_school_days" {
		t.Errorf("a new holiday class starts with %s, want non_school_days", f)
	}
	eval[bool](p, `(() => { const k = document.querySelector('#program-form [name=kind]'); k.value = 'after_school'; k.dispatchEvent(new Event('change')); return true; })()`)
	p.waitText(`#program-form [name="schedule.day_filter"] option:checked`, l.s("仅上学日", "School days only"))
}
