package browser_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// rawCode finds what a page must never show a person: an API code or catalogue key (school_teacher,
// error.invalid), an unfilled placeholder or a value the script lost.
var rawCode = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b|\b(?:error|field|kind|visits|shifts|members)\.[a-z_.]+|\{\w*\}?|\bundefined\b|\bNaN\b|\bnull\b`)

// TestEveryPageInEnglish: a volunteer, a parent, a coordinator and an administrator, all in
// English, walk every page of their roles with something on it (a class booked, a shift signed
// up for, visits logged and overdue, hours to approve); no page shows Chinese other than what
// people typed, a raw code or placeholder, or a button cut off at a phone's width.
func TestEveryPageInEnglish(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	teacher, teacherCookie := s.member("李明", "13800000002", "teacher", "school_teacher")
	vid, volunteer := s.member("周强", "13800000005", "volunteer", "")
	chen := s.chen(inEN)
	s.speak(inEN, coord, teacherCookie, volunteer, s.Admin)

	program, sessions := s.planProgram(map[string]any{"kind": "holiday_class", "title": "寒假书法班", "category": "calligraphy", "capacity": 1,
		"age_min": 5, "age_max": 10, "staff_ids": []string{teacher},
		"schedule": map[string]any{"start_date": chinaToday(2), "end_date": chinaToday(6), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"}})
	s.bookChildren(chen.Cookie, sessions[0], chen.Yu)
	s.bookChildren(chen.Cookie, sessions[0], chen.Yang) // on the waiting list
	shift, shifts := s.planProgram(map[string]any{"kind": "volunteer_shift", "title": "周六社区环境整治", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(-2), "end_date": chinaToday(5), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"}})
	s.must(http.StatusCreated, "POST", "/sessions/"+shifts[len(shifts)-1]+"/signup", volunteer, nil, nil)
	s.must(http.StatusCreated, "POST", "/sessions/"+shifts[len(shifts)-2]+"/signup", volunteer, nil, nil)
	s.must(http.StatusOK, "PATCH", "/sessions/"+shifts[len(shifts)-2], s.Admin, map[string]any{"status": "cancelled", "reason": "暴雨预警"}, nil)
	var past struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+shift+"&from="+chinaToday(-2), "", nil, &past)
	s.must(http.StatusOK, "PUT", "/sessions/"+past.Items[0].ID+"/service", coord, map[string]any{"records": []map[string]any{
		{"user_id": vid, "check_in": chinaToday(-2) + "T09:00:00+08:00", "check_out": chinaToday(-2) + "T11:00:00+08:00"}}}, nil)

	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", coord, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", coord, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", coord, map[string]any{
		"label": "2 单元 301 室", "contact_name": "李秀英", "needs": []string{"elderly_alone"}, "visit_every_days": 7}, &household)
	var plan struct {
		VisitPlan struct {
			ProgramID string `json:"program_id"`
		} `json:"visit_plan"`
	}
	s.must(http.StatusCreated, "POST", "/households/"+household.Household.ID+"/visit-plans", coord, map[string]any{
		"volunteer_ids": []string{vid}, "cadence": "weekly", "start_date": chinaToday(-14), "end_date": chinaToday(14), "start_time": "15:00", "end_time": "16:00",
	}, &plan)
	var visits struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+plan.VisitPlan.ProgramID+"&from="+chinaToday(-14), coord, nil, &visits)
	s.must(http.StatusCreated, "POST", "/sessions/"+visits.Items[0].ID+"/visit-log", volunteer, map[string]any{
		"outcome": "done", "minutes": 40, "notes": "老人一切都好。", "concerns": []map[string]string{{"category": "repairs", "text": "楼道灯坏了"}}}, nil)

	p := s.open(t)
	walk := func(cookie string, routes map[string]string) {
		t.Helper()
		p.signIn(cookie)
		for route, name := range routes {
			p.visit(route, name)
			p.noChineseInEnglish(route)
			text := eval[string](p, `document.querySelector("main").innerText`)
			for _, w := range rawCode.FindAllString(text, -1) {
				t.Errorf("%s shows %q", route, w)
			}
		}
	}
	walk(volunteer, map[string]string{"/": "home", "/volunteer": "volunteer", "/shifts": "shifts", "/visits": "visits",
		"/visits/" + visits.Items[1].ID: "visit", "/service": "service", "/calendar": "calendar", "/me": "me", "/notifications": "notifications"})
	walk(chen.Cookie, map[string]string{"/": "home", "/classes": "classes", "/sessions/" + sessions[0]: "session", "/children": "children",
		"/children/" + chen.Yu: "child", "/bookings": "bookings", "/notifications": "notifications"})
	walk(teacherCookie, map[string]string{"/teach": "teach", "/roster/" + sessions[0]: "roster"})
	walk(coord, map[string]string{"/manage": "manage", "/programs": "programs", "/programs/" + program: "program", "/programs/new": "program-new",
		"/programs/" + program + "/edit": "program-edit", "/venues": "venues", "/members": "members", "/households": "households",
		"/households/" + household.Household.ID + "/visit-plans": "visit-plans", "/reports": "reports", "/troubles": "troubles",
		"/approvals": "approvals", "/calendars": "calendars", "/calendars/cn": "calendars", "/programs/" + plan.VisitPlan.ProgramID: "program"})
	walk(s.Admin, map[string]string{"/calendars/cn?year=2028": "calendars", "/me": "me"})
	if strings.Contains(s.logs.String(), `"status":500`) {
		t.Error("a page's request failed on the server")
	}
}
