package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestVolunteerShiftAndVisit: a volunteer signs up for a shift (which says so when the page is
// loaded again), then logs a home visit with a trouble found, which the community's list of
// concerns then holds and a coordinator takes on; the coordinator approves the visit's hours,
// which then count in the volunteer's record.
func TestVolunteerShiftAndVisit(t *testing.T) { shiftAndVisitJourney(t, inZH) }

func shiftAndVisitJourney(t *testing.T, l lang) {
	s := newSite(t)
	vid, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, cookie, s.Admin)
	var shift struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "volunteer_shift", "title": "周六社区环境整治", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(2), "end_date": chinaToday(2), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &shift)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+shift.Program.ID, "", nil, &sessions)

	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", s.Admin, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", s.Admin, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", s.Admin, map[string]any{"label": "2 单元 301 室", "needs": []string{"elderly_alone"}}, &household)
	s.must(http.StatusCreated, "POST", "/households/"+household.Household.ID+"/visit-plans", s.Admin, map[string]any{
		"volunteer_ids": []string{vid}, "cadence": "weekly", "start_date": chinaToday(-7), "end_date": chinaToday(21), "start_time": "15:00", "end_time": "16:00",
	}, nil)

	p := s.open(t)
	p.signIn(cookie)
	p.visit("/", "home")
	p.click(`#nav a[href="#/volunteer"]`)
	p.do(p.waitPage("volunteer"))
	p.click(`a[href="#/shifts"]`)
	p.do(p.waitPage("shifts"))
	p.waitText("#shift-list", "周六社区环境整治")
	if shown := p.text("#shift-list li:first-child [role=status]"); shown != "" {
		t.Errorf("before signing up the shift says %q", shown)
	}
	p.click(`#shift-list [data-action=signup]`)
	p.waitText("#shift-list", l.s("已报名", "Signed up"))
	// Loaded afresh, the page learns from GET /me/signups that the volunteer is on this shift.
	p.reload("shifts")
	p.waitText("#shift-list li:first-child [role=status]", l.s("已报名", "Signed up"))
	if leave := eval[bool](p, `!document.querySelector("#shift-list [data-action=leave]").hidden && document.querySelector("#shift-list [data-action=signup]").hidden`); !leave {
		t.Error("after a reload the shift offers to sign up again instead of leaving")
	}
	p.shot(l.shot("shifts"))
	var signups struct {
		Items []struct {
			UserID string `json:"user_id"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions/"+sessions.Items[0].ID+"/signups", s.Admin, nil, &signups)
	if len(signups.Items) != 1 || signups.Items[0].UserID != vid {
		t.Errorf("sign-ups of the shift: %+v", signups.Items)
	}

	p.visit("/visits", "visits")
	p.click(`#visit-list li:first-child a.button`)
	p.do(p.waitPage("visit"))
	p.set("#visit-form [name=outcome]", "done")
	p.fill("#visit-form [name=minutes]", "40")
	p.fill("#visit-form [name=notes]", "老人身体不错，聊了家常。")
	// A second trouble added and left empty is asked about, not silently dropped; it can be removed.
	p.click("#add-trouble")
	p.click("#add-trouble")
	p.set("#visit-form [name=concern_category_0]", "repairs")
	p.fill("#visit-form [name=concern_text_0]", "楼道灯坏了，晚上看不清台阶。")
	p.click("#visit-form button[type=submit]")
	p.waitText("#visit-form", l.s("请写下这个问题的情况", "Describe this trouble in a few words"))
	p.click(`#troubles li:nth-child(2) [data-action="drop-trouble"]`)
	p.shot(l.shot("visit-log"))
	p.click("#visit-form button[type=submit]")
	p.waitText("main", l.s("走访记录已保存，登记了 1 个问题。", "Visit logged, with 1 trouble recorded."))

	var concerns struct {
		Items []struct{ Category, Text, Status string }
	}
	s.must(http.StatusOK, "GET", "/communities/"+s.Community+"/concerns", s.Admin, nil, &concerns)
	if len(concerns.Items) != 1 || concerns.Items[0].Category != "repairs" || !strings.Contains(concerns.Items[0].Text, "楼道灯") || concerns.Items[0].Status != "open" {
		t.Errorf("concerns after the visit: %+v", concerns.Items)
	}

	p.signIn(s.Admin)
	p.visit("/troubles", "troubles")
	p.waitText("#concern-list", "楼道灯坏了")
	p.expand(l.s("更新进展", "Update"))
	p.fill(`#concern-list form [name=note]`, "已联系物业，明天更换。")
	p.click(`#concern-list form button[type=submit]`)
	p.waitText("#concern-list", l.s("处理中", "in progress"))
	p.shot(l.shot("troubles"))

	p.visit("/approvals", "approvals")
	p.waitText("#approval-list", "周强")
	p.click("#approval-list li:first-child button.primary")
	p.waitText("#approval-list", l.s("已确认。", "Approved."))
	var record struct{ Totals struct{ Hours float64 } }
	s.must(http.StatusOK, "GET", "/reports/volunteer-record?user_id="+vid, cookie, nil, &record)
	if record.Totals.Hours <= 0 {
		t.Errorf("the volunteer's record holds %v hours after the approval", record.Totals.Hours)
	}
}
