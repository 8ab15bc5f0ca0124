package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// One change of a program that moves or cancels many sessions of a family gives them one notice
// (and one webhook delivery), naming their children; moving one session still tells of it alone;
// deleting a child takes it out of the grouped notice.
func TestAProgramChangeOfManySessionsTellsEachPersonOnce(t *testing.T) {
	e := newNoticeEnv(t, ptAt(2026, 8, 20, 10, 0))
	var hook struct{ Webhook linli.Webhook }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/webhooks", e.Admin, map[string]any{
		"url": "https://sms.example.cn/linli", "events": []string{"session_moved"}, "secret": "gateway-secret-0123456789"}), &hook)
	var both struct{ Webhook linli.Webhook }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/webhooks", e.Admin, map[string]any{
		"url": "https://wechat.example.cn/linli", "events": []string{"session_cancelled", "session_moved"}, "secret": "gateway-secret-0123456789"}), &both)
	p := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-09-10", "16:30", "18:00", "all_days"), func(p map[string]any) {
		p["staff_ids"], p["venue_id"] = []string{e.Teacher1}, e.Room
	}))
	mum := e.guardian("陈妈妈", "mum@linli.test", "zh-CN")
	rain := e.addChild(mum, childBody())
	sun := e.addChild(mum, with(childBody(), "name", "陈小阳"))
	dad := e.guardian("Tom's dad", "dad@linli.test", "en")
	tom := e.addChild(dad, with(childBody(), "name", "Tom"))
	ss := e.sessions(e.Coord, "program_id="+p.Program.ID+"&from=2026-09-01")
	if len(ss) != 10 {
		t.Fatalf("%d sessions, want 10", len(ss))
	}
	for _, s := range ss {
		e.bookRow(s.ID, rain.ID, "confirmed")
		e.bookRow(s.ID, sun.ID, "confirmed")
		e.exec(`UPDATE sessions SET confirmed = confirmed + 2 WHERE id = ?`, s.ID) // the seats bookRow leaves uncounted
	}
	e.bookRow(ss[0].ID, tom.ID, "confirmed")

	// 1–7 September move to 17:00, 8–10 September leave the plan.
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/programs/"+p.Program.ID, e.Coord, map[string]any{
		"schedule": ptSchedule("2026-09-01", "2026-09-07", "17:00", "18:30", "all_days")}), nil)

	l := e.notices(mum, "?unread=true")
	want := "「四点半课堂」安排有变：7 次课时间调整，3 次课取消（最早 9月1日 周二）。原因：该日期已不在课程安排中。陈小阳、陈小雨的预约已随之调整。"
	if l.UnreadCount != 1 || len(l.Items) != 1 || l.Items[0].Kind != "program_changed" || l.Items[0].Title != "安排变更：四点半课堂" || l.Items[0].Body != want {
		t.Fatalf("mum: %+v; want one program_changed notice: %s", l, want)
	}
	if l := e.notices(e.login("13800000002"), ""); len(l.Items) != 1 || l.Items[0].Kind != "program_changed" || strings.Contains(l.Items[0].Body, "陈") {
		t.Errorf("teacher: %+v; want one notice naming no child", l.Items)
	}
	// Tom is booked into one moved session only: his father hears of that one.
	if l := e.notices(dad, ""); len(l.Items) != 1 || l.Items[0].Kind != "session_moved" {
		t.Errorf("dad: %+v; want one session_moved", l.Items)
	}
	var d struct{ Items []linli.Delivery }
	e.must(http.StatusOK, e.call("GET", "/api/v1/webhooks/"+hook.Webhook.ID+"/deliveries", e.Admin, nil), &d)
	kinds := map[string]int{}
	for _, x := range d.Items {
		kinds[x.Kind]++
	}
	if len(d.Items) != 3 || kinds["program_changed"] != 2 || kinds["session_moved"] != 1 {
		t.Errorf("deliveries %+v; want one per person: program_changed to mum and the teacher, session_moved to dad", kinds)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/webhooks/"+both.Webhook.ID+"/deliveries", e.Admin, nil), &d)
	if len(d.Items) != 3 {
		t.Errorf("%d deliveries to the webhook of both kinds, want one per person (3)", len(d.Items))
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/webhooks/"+hook.Webhook.ID+"/deliveries", e.Admin, nil), &d)
	mine := 0
	for _, x := range d.Items {
		if x.NotificationID == l.Items[0].ID {
			mine++
		}
	}
	if mine != 1 {
		t.Errorf("%d deliveries of mum's notice, want 1", mine)
	}

	// Moving one session still tells of it alone.
	byDay := byDate(e.sessions(e.Coord, "program_id="+p.Program.ID+"&from=2026-09-01"))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+byDay["2026-09-02"].ID, e.Coord, map[string]any{"starts_at": "2026-09-02T16:00:00+08:00"}), nil)
	l = e.notices(mum, "?unread=true")
	if l.UnreadCount != 2 || l.Items[0].Kind != "session_moved" || l.Items[1].Kind != "program_changed" {
		t.Fatalf("mum after one move: %+v", l)
	}

	// Deleting a child takes it out of the grouped notice; deleting the other erases it.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+rain.ID, mum, nil), nil)
	l = e.notices(mum, "")
	if n := l.Items[len(l.Items)-1]; n.Kind != "program_changed" || strings.Contains(n.Body, "陈小雨") || !strings.Contains(n.Body, "陈小阳的预约已随之调整") {
		t.Errorf("after 陈小雨 is deleted: %+v", l.Items)
	}
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+sun.ID, mum, nil), nil)
	for _, n := range e.notices(mum, "").Items {
		if n.Kind == "program_changed" || strings.Contains(n.Body, "陈小") {
			t.Errorf("after both children are deleted: %+v", n)
		}
	}
}

// Shortening a visit plan tells each volunteer once, of visits (走访), not of classes.
func TestShorteningAVisitPlanTellsTheVolunteerOnce(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	e.Server.Notices = storage.Notifications{DB: e.DB}
	p := e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-05", "2026-12-26", "16:00", "17:00")
	if n := len(e.visits(p)); n < 10 {
		t.Fatalf("%d visits", n)
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/visit-plans/"+p.VisitPlan.ID, e.Coord, map[string]any{"end_date": "2026-09-12"}), nil)
	l := e.notices(e.VolunteerCookie, "?unread=true")
	want := "次走访取消（最早 9月19日 周六）。原因：该日期已不在走访计划中。"
	if l.UnreadCount != 1 || len(l.Items) != 1 || l.Items[0].Kind != "program_changed" || !strings.HasSuffix(l.Items[0].Body, want) || strings.Contains(l.Items[0].Body, "课") {
		t.Fatalf("volunteer: %+v; want one program_changed notice ending %s", l, want)
	}
}
