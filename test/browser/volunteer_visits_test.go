package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestVolunteerVisitsAtTheDoor: the volunteer's plan shows each visit as overdue (however old),
// logged with its outcome, or coming; an eight-week-old overdue visit opens on what is needed at
// the door (building, label, contact, needs, the last visits' notes, the open troubles) and is
// logged there; a coming visit and a logged one do not offer the form; a visit logged meanwhile
// elsewhere says so in words about a visit.
func TestVolunteerVisitsAtTheDoor(t *testing.T) { visitsAtTheDoorJourney(t, inZH) }

func visitsAtTheDoorJourney(t *testing.T, l lang) {
	s := newSite(t)
	vid, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.speak(l, cookie)
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", s.Admin, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", s.Admin, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", s.Admin, map[string]any{
		"label": "2 单元 301 室", "contact_name": "李秀英", "contact_phone": "13912345678", "needs": []string{"elderly_alone"}}, &household)
	var plan struct {
		VisitPlan struct {
			ProgramID string `json:"program_id"`
		} `json:"visit_plan"`
	}
	s.must(http.StatusCreated, "POST", "/households/"+household.Household.ID+"/visit-plans", s.Admin, map[string]any{
		"volunteer_ids": []string{vid}, "cadence": "weekly", "start_date": chinaToday(-56), "end_date": chinaToday(21), "start_time": "15:00", "end_time": "16:00",
	}, &plan)
	var sessions struct {
		Items []struct {
			ID       string
			StartsAt string `json:"starts_at"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions?kind=neighbor_visit&limit=100&program_id="+plan.VisitPlan.ProgramID+"&from="+chinaToday(-56), s.Admin, nil, &sessions)
	byDay := map[string]string{}
	for _, x := range sessions.Items {
		byDay[x.StartsAt[:10]] = x.ID
	}
	s.must(http.StatusCreated, "POST", "/sessions/"+byDay[chinaToday(-14)]+"/visit-log", cookie, map[string]any{"outcome": "done", "minutes": 40,
		"notes": "老人耳朵不好，要大声敲门。", "concerns": []map[string]string{{"category": "repairs", "text": "厨房水龙头漏水"}}}, nil)
	s.must(http.StatusCreated, "POST", "/sessions/"+byDay[chinaToday(-7)]+"/visit-log", cookie, map[string]any{"outcome": "missed", "notes": "家里没人。"}, nil)

	p := s.open(t)
	p.signIn(cookie)
	p.visit("/volunteer", "volunteer")
	p.waitText("#menu-overdue", l.s("6 次逾期未记录", "6 overdue"))
	p.click(`a[href="#/visits"]`)
	p.do(p.waitPage("visits"))
	card := func(day int) string { return `#visit-list [data-session="` + byDay[chinaToday(day)] + `"]` }
	p.waitText("#visit-list h2", "3 号楼 2 单元 301 室")
	p.waitText("#visit-list", l.s("有 6 次走访逾期未记录", "Overdue and not logged yet: 6"))
	p.waitText(card(-56), l.s("逾期未记录", "Overdue, not logged"))
	p.waitText(card(-14), l.s("已记录 · 已走访", "Logged · Visited"))
	p.waitText(card(-7), l.s("已记录 · 未见到人", "Logged · Nobody home"))
	p.waitText(card(0), l.s("待走访", "Coming"))
	p.shot(l.shot("visits-plan"))

	p.click(card(-56) + " a.button")
	p.do(p.waitPage("visit"))
	p.waitText("main h1", "3 号楼 2 单元 301 室")
	p.waitText("#door", "李秀英")
	p.waitText("#door", l.s("独居老人", "elderly, alone"))
	p.waitText("#door-troubles", "厨房水龙头漏水")
	p.waitText("#door-notes", "老人耳朵不好，要大声敲门。")
	p.waitText("#door-notes", l.s("未见到人", "Nobody home"))
	p.shot(l.shot("visit-door"))
	p.fill("#visit-form [name=notes]", "补记：老人一切都好。")
	p.click("#visit-form button[type=submit]")
	p.waitText("main", l.s("走访记录已保存。", "Visit logged.")) // with no trouble found, no count of none
	p.waitText("#visit-state", l.s("已记录 · 已走访", "Logged · Visited"))

	p.visit("/visits", "visits")
	p.waitText(card(-56), l.s("已记录 · 已走访", "Logged · Visited"))
	p.waitText("#visit-list", l.s("有 5 次走访逾期未记录", "Overdue and not logged yet: 5"))

	p.visit("/visits/"+byDay[chinaToday(0)], "visit")
	p.waitText("main", l.s("这次走访还没开始，走访后再来填写记录。", "This visit has not started yet; log it after the visit."))
	p.visit("/visits/"+byDay[chinaToday(-14)], "visit")
	p.waitText("main", l.s("这次走访已记录：已走访", "This visit is logged: Visited"))
	if n := eval[int](p, `document.querySelectorAll("#visit-form").length`); n != 0 {
		t.Error("a logged visit offers the log form again")
	}

	// Logged meanwhile on another phone: the form says so, as a visit.
	p.visit("/visits/"+byDay[chinaToday(-49)], "visit")
	s.must(http.StatusCreated, "POST", "/sessions/"+byDay[chinaToday(-49)]+"/visit-log", cookie, map[string]any{"outcome": "done", "minutes": 30}, nil)
	p.click("#visit-form button[type=submit]")
	p.waitText("#visit-form", l.s("这次走访已经记录过了，不能重复记录。", "This visit is already logged; it cannot be logged twice."))
	if got := p.text("main"); strings.Contains(strings.ToLower(got), l.s("课", "class")) {
		t.Errorf("the visit page speaks of a class: %q", got)
	}

	// The plan ends: its overdue visits stay in reach, to be logged without the household's details.
	s.must(http.StatusNoContent, "DELETE", "/visit-plans/"+planID(t, s, household.Household.ID), s.Admin, nil, nil)
	p.visit("/visits", "visits")
	p.waitText("#visit-list", l.s("这户的走访计划已结束", "The visit plan of this household has ended"))
	p.waitText(card(-42), l.s("逾期未记录", "Overdue, not logged"))
	p.click(card(-42) + " a.button")
	p.do(p.waitPage("visit"))
	p.click("#visit-form button[type=submit]")
	p.waitText("main", l.s("走访记录已保存", "Visit logged"))
}

// planID returns the id of the household's first visit plan.
func planID(t *testing.T, s *site, household string) string {
	t.Helper()
	var plans struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/households/"+household+"/visit-plans", s.Admin, nil, &plans)
	if len(plans.Items) == 0 {
		t.Fatal("the household has no plan")
	}
	return plans.Items[0].ID
}
