package browser_test

import (
	"net/http"
	"testing"
)

// TestCoordinatorPlansVisits: from the households page a coordinator opens a household's visit
// plans; a plan without a volunteer is refused beside the volunteer picker; with 周强 picked, a
// weekly plan is made, and 周强 then finds the visit under "my visits". Deleting the plan takes
// its coming visits away.
func TestCoordinatorPlansVisits(t *testing.T) { planVisitsJourney(t, inZH) }

func planVisitsJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coordinator := s.member("王丽", "13800000001", "coordinator", "")
	s.member("李明", "13800000002", "teacher", "school_teacher")
	vid, volunteer := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, coordinator, volunteer)
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", coordinator, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", coordinator, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", coordinator, map[string]any{
		"label": "2 单元 301 室", "contact_name": "张大爷", "needs": []string{"elderly_alone"}, "visit_every_days": 14}, &household)

	p := s.open(t)
	p.signIn(coordinator)
	p.visit("/households", "households")
	p.expand("第一网格")
	p.waitText("#grid-list", "3 号楼")
	p.expand("3 号楼")
	p.click(`a[href^="#/households/` + household.Household.ID + `/visit-plans"]`)
	p.do(p.waitPage("visit-plans"))
	p.waitText("main h2", "3 号楼 2 单元 301 室")
	p.waitText("#plan-box", l.s("还没有走访计划。", "No visit plans yet."))
	p.waitText("#plan-form fieldset.checks", l.s("李明 · 学校教师", "李明 · school teacher"))
	p.set("#plan-form [name=cadence]", "weekly")
	p.set("#plan-form [name=start_date]", chinaToday(0))
	p.set("#plan-form [name=end_date]", chinaToday(21))
	p.set("#plan-form [name=start_time]", "15:00")
	p.set("#plan-form [name=end_time]", "16:00")
	p.click("#plan-form button[type=submit]")
	p.waitText("#plan-form-f-volunteer_ids-error", l.s("请选择 1 到 10 位本社区的志愿者或老师。", "Choose 1 to 10 volunteers or teachers of this community."))
	p.click(`#plan-form input[name=volunteer_ids][value="` + vid + `"]`)
	p.click("#plan-form button[type=submit]")
	p.waitText("#plan-form .form-ok", l.s("已创建，共排 4 次走访。", "Created: 4 visits planned."))
	p.waitText("#plan-list", l.s("走访人：周强", "Visitors: 周强"))
	p.waitText("#plan-list", l.s("每周一次", "Weekly"))
	p.shot(l.shot("visit-plan"))
	var plans struct {
		Items []struct {
			VolunteerIDs []string `json:"volunteer_ids"`
			Cadence      string
		}
	}
	s.must(http.StatusOK, "GET", "/households/"+household.Household.ID+"/visit-plans", coordinator, nil, &plans)
	if len(plans.Items) != 1 || plans.Items[0].Cadence != "weekly" || len(plans.Items[0].VolunteerIDs) != 1 || plans.Items[0].VolunteerIDs[0] != vid {
		t.Errorf("the household's plans: %+v", plans.Items)
	}

	v := s.open(t)
	v.signIn(volunteer)
	v.visit("/volunteer", "volunteer")
	v.click(`a[href="#/visits"]`)
	v.do(v.waitPage("visits"))
	v.waitText("#visit-list h2", "3 号楼 2 单元 301 室")
	if n := eval[int](v, `document.querySelectorAll("#visit-list li").length`); n != 4 {
		t.Errorf("my visits lists %d visits, want the plan's 4", n)
	}
	v.shot(l.shot("my-visits"))

	p.click("#plan-list [data-plan] button.danger")
	p.click("#plan-list [data-plan] button.danger")
	p.waitText("#plan-list", l.s("已删除", "Deleted"))
	v.reload("visits")
	v.waitText("main", l.s("近期没有分配给您的走访。", "No visits assigned to you soon."))
}
