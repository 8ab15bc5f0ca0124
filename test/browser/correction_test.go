package browser_test

import (
	"net/http"
	"testing"
)

// TestCoordinatorDecidesCorrection: a volunteer asks for other times on the hours recorded for a
// shift; the coordinator sees the recorded and the asked-for times side by side on the approvals
// page, accepts with a note, and the record then holds the corrected hours.
func TestCoordinatorDecidesCorrection(t *testing.T) { correctionJourney(t, inZH) }

func correctionJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coordinator := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coordinator)
	vid, volunteer := s.member("周强", "13800000005", "volunteer", "")
	day := chinaToday(-2)
	var shift struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "volunteer_shift", "title": "周六社区环境整治", "capacity": 5,
		"schedule": map[string]any{"start_date": day, "end_date": day, "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &shift)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+shift.Program.ID+"&from="+day, "", nil, &sessions)
	var recorded struct{ Records []struct{ ID string } }
	s.must(http.StatusOK, "PUT", "/sessions/"+sessions.Items[0].ID+"/service", coordinator, map[string]any{"records": []map[string]any{
		{"user_id": vid, "check_in": day + "T09:00:00+08:00", "check_out": day + "T11:00:00+08:00"}}}, &recorded)
	s.must(http.StatusCreated, "POST", "/service/"+recorded.Records[0].ID+"/corrections", volunteer, map[string]any{
		"check_in": day + "T08:30:00+08:00", "check_out": day + "T11:30:00+08:00", "reason": "提前到场布置，结束后清运垃圾"}, nil)

	p := s.open(t)
	p.signIn(coordinator)
	p.visit("/manage", "manage")
	p.click(`a[href="#/approvals"]`)
	p.do(p.waitPage("approvals"))
	p.waitText("#correction-list", "提前到场布置，结束后清运垃圾")
	p.waitText("#correction-list", l.s("原记录：", "Recorded:"))
	p.waitText("#correction-list", l.s("09:00–11:00，2 小时", "09:00–11:00, 2 hours"))
	p.waitText("#correction-list", l.s("申请改为：", "Asked for:"))
	p.waitText("#correction-list", l.s("08:30–11:30，3 小时", "08:30–11:30, 3 hours"))
	p.fill("#correction-list textarea[name=note]", "签到表可以证明")
	p.shot(l.shot("correction"))
	p.click("#correction-list button[type=submit].primary")
	p.waitText("#correction-list", l.s("已同意，时长改为 3 小时。", "Accepted: the record now holds 3 hours."))

	var list struct {
		Items []struct {
			Correction    struct{ Status, Note string }
			ServiceRecord struct {
				Hours float64
			} `json:"service_record"`
		}
	}
	s.must(http.StatusOK, "GET", "/communities/"+s.Community+"/corrections", coordinator, nil, &list)
	if len(list.Items) != 1 || list.Items[0].Correction.Status != "accepted" || list.Items[0].Correction.Note != "签到表可以证明" || list.Items[0].ServiceRecord.Hours != 3 {
		t.Errorf("the correction after the decision: %+v", list.Items)
	}
	p.reload("approvals")
	p.waitText("main", l.s("没有待处理的更正申请。", "No corrections wait for a decision."))
}
