package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestVolunteerServiceHours: the service page lists the volunteer's records newest first,
// pending, approved and rejected with the community's note; a correction with a check-out
// before the check-in is refused beside the check-out, a good one is sent and then shows as
// awaiting the community; a volunteer who never served sees a sentence, not an empty page.
func TestVolunteerServiceHours(t *testing.T) { serviceHoursJourney(t, inZH) }

func serviceHoursJourney(t *testing.T, l lang) {
	s := newSite(t)
	vid, cookie := s.member("周强", "13800000005", "volunteer", "")
	_, newcomer := s.member("吴敏", "13800000006", "volunteer", "")
	s.speak(l, cookie, newcomer)
	ids := map[int]string{}
	titles := map[int]string{-9: "社区图书角整理", -6: "重阳节敬老活动", -3: "周六社区环境整治"}
	for day, title := range titles {
		var p struct{ Program struct{ ID string } }
		s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
			"kind": "volunteer_shift", "title": title, "capacity": 5,
			"schedule": map[string]any{"start_date": chinaToday(day), "end_date": chinaToday(day), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
		}, &p)
		var sessions struct{ Items []struct{ ID string } }
		s.must(http.StatusOK, "GET", "/sessions?program_id="+p.Program.ID+"&from="+chinaToday(day), "", nil, &sessions)
		var rec struct{ Records []struct{ ID string } }
		s.must(http.StatusOK, "PUT", "/sessions/"+sessions.Items[0].ID+"/service", s.Admin, map[string]any{"records": []map[string]any{
			{"user_id": vid, "check_in": chinaToday(day) + "T09:00:00+08:00", "check_out": chinaToday(day) + "T11:00:00+08:00"}}}, &rec)
		ids[day] = rec.Records[0].ID
	}
	s.must(http.StatusOK, "POST", "/service/"+ids[-9]+"/approve", s.Admin, nil, nil)
	// Rejecting is POST /service/{id}/reject (another change); the record model holds the state.
	if _, err := s.DB.WritePool().Exec(`UPDATE service_records SET status = 'rejected', reject_note = '当天签到表上没有您的名字' WHERE id = ?`, ids[-6]); err != nil {
		t.Fatal(err)
	}
	s.noteTyped("当天签到表上没有您的名字")

	p := s.open(t)
	p.signIn(cookie)
	p.visit("/volunteer", "volunteer")
	p.click(`a[href="#/service"]`)
	p.do(p.waitPage("service"))
	p.waitText("#service-list", "周六社区环境整治")
	order := eval[[]string](p, `[...document.querySelectorAll("#service-list > li h3")].map((e) => e.textContent)`)
	if strings.Join(order, ",") != "周六社区环境整治,重阳节敬老活动,社区图书角整理" {
		t.Errorf("records in the order %q, want newest first", order)
	}
	p.waitText(`[data-record="`+ids[-3]+`"]`, l.s("待确认", "Awaiting approval"))
	p.waitText(`[data-record="`+ids[-6]+`"]`, l.s("未通过", "Not approved"))
	p.waitText(`[data-record="`+ids[-6]+`"]`, l.s("社区说明：当天签到表上没有您的名字", "The community says: 当天签到表上没有您的名字"))
	p.waitText(`[data-record="`+ids[-9]+`"]`, l.s("已确认", "Approved"))
	p.waitText("#service-total", l.s("近一年共 2 小时（1 次）", "2 hours in the last year (1 time)"))
	p.waitText("main", l.s("另有 1 条记录等社区确认", "1 more record awaits the community's approval"))
	p.shot(l.shot("service"))

	form := `#correct-` + ids[-3]
	p.expand(l.s("时间不对？申请更正", "Times wrong? Ask for a correction"))
	p.set(form+` [name=check_in]`, "08:30")
	p.set(form+` [name=check_out]`, "08:00")
	p.fill(form+` [name=reason]`, "提前到场布置")
	p.click(form + ` button[type=submit]`)
	p.waitText(form+` [id$="f-check_out-error"]`, l.s("签退需晚于签到", "Check-out must be after check-in"))
	p.set(form+` [name=check_out]`, "11:30")
	p.click(form + ` button[type=submit]`)
	p.waitText(`[data-record="`+ids[-3]+`"]`, l.s("更正申请已提交", "Correction sent"))
	p.reload("service")
	p.waitText(`[data-record="`+ids[-3]+`"]`, l.s("您的更正申请正在等社区处理。", "Your correction awaits the community's decision."))

	p.signIn(newcomer)
	p.visit("/service", "service")
	p.waitText("main", l.s("还没有服务记录。", "No service records yet."))
	if n := eval[int](p, `document.querySelectorAll("a[download]").length`); n != 0 {
		t.Error("a volunteer with no approved hours is offered an empty CSV")
	}
}
