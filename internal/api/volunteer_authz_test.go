package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestVolunteerAuthorization runs every route of volunteers and visits as an anonymous caller, a
// parent, a volunteer of another community and the coordinator, and checks the status and that
// a refused caller sees nothing of the household or its troubles. The two routes that are the
// volunteer's own (logging a visit, filing a correction) answer the coordinator 403.
func TestVolunteerAuthorization(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	var other struct{ Community struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "另一个社区"}), &other)
	outsiderID := e.register("外社区志愿者", "13900000001")
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+other.Community.ID+"/members", e.Admin, map[string]any{"user_id": outsiderID, "role": "volunteer"}), nil)
	outsider := e.login("13900000001")

	shift := e.shift("周六社区环境整治", "2026-09-05", "2026-09-12", 5)
	past, future := shift["2026-09-05"].ID, shift["2026-09-12"].ID
	plan := e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-02", "2026-09-30", "14:00", "15:00")
	visits := byDate(e.visits(plan))
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, past, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-02"].ID, map[string]any{"outcome": "done", "minutes": 40,
		"concerns": []map[string]any{{"category": "paperwork", "text": "秘密困难：低保材料"}}}), &log)
	record, concern := log.VisitLog.ServiceRecord.ID, log.VisitLog.Concerns[0].ID
	var filed struct{ Correction struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/service/"+record+"/corrections", e.VolunteerCookie,
		map[string]any{"check_in": "2026-09-02T14:00:00+08:00", "check_out": "2026-09-02T15:00:00+08:00", "reason": "多聊了一会儿"}), &filed)

	c, h, p := e.Community, e.Household, "/api/v1/visit-plans/"+plan.VisitPlan.ID
	sheet := map[string]any{"records": []map[string]any{{"user_id": e.Volunteer, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T11:00:00+08:00"}}}
	callers := []struct{ name, cookie string }{{"anonymous", ""}, {"parent", e.Parent}, {"other community's volunteer", outsider}, {"coordinator", e.Coord}}
	routes := []struct {
		method, path string
		body         any
		want         [4]int
	}{
		{"POST", "/api/v1/sessions/" + future + "/signup", map[string]any{"user_id": e.Volunteer2}, [4]int{401, 404, 404, 201}},
		{"GET", "/api/v1/sessions/" + future + "/signups", nil, [4]int{401, 404, 404, 200}},
		{"DELETE", "/api/v1/sessions/" + future + "/signup?user_id=" + e.Volunteer2, nil, [4]int{401, 404, 404, 204}},
		{"PUT", "/api/v1/sessions/" + past + "/service", sheet, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/sessions/" + past + "/service", nil, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/service?community_id=" + c, nil, [4]int{401, 404, 404, 200}},
		{"POST", "/api/v1/service/" + record + "/approve", nil, [4]int{401, 404, 404, 200}},
		{"POST", "/api/v1/service/" + record + "/corrections", map[string]any{"check_in": "2026-09-02T14:00:00+08:00", "check_out": "2026-09-02T14:30:00+08:00", "reason": "x"}, [4]int{401, 404, 404, 403}},
		{"POST", "/api/v1/corrections/" + filed.Correction.ID + "/decide", map[string]any{"accept": false}, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/reports/volunteer-hours?community_id=" + c, nil, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/reports/volunteer-record?user_id=" + e.Volunteer, nil, [4]int{401, 404, 404, 200}},
		{"POST", "/api/v1/households/" + h + "/visit-plans", map[string]any{"volunteer_ids": []string{e.Volunteer2}, "cadence": "monthly",
			"start_date": "2026-09-10", "end_date": "2026-12-31", "start_time": "09:00", "end_time": "10:00"}, [4]int{401, 404, 404, 201}},
		{"GET", "/api/v1/households/" + h + "/visit-plans", nil, [4]int{401, 404, 404, 200}},
		{"GET", p, nil, [4]int{401, 404, 404, 200}},
		{"PATCH", p, map[string]any{"end_time": "15:30"}, [4]int{401, 404, 404, 200}},
		{"POST", "/api/v1/sessions/" + visits["2026-09-02"].ID + "/visit-log", map[string]any{"outcome": "missed"}, [4]int{401, 404, 404, 403}},
		{"GET", "/api/v1/communities/" + c + "/concerns", nil, [4]int{401, 404, 404, 200}},
		{"PATCH", "/api/v1/concerns/" + concern, map[string]any{"note": "已转民政"}, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/communities/" + c + "/visits/overdue", nil, [4]int{401, 404, 404, 200}},
		{"GET", "/api/v1/households/" + h, nil, [4]int{401, 404, 404, 200}},
		{"DELETE", p, nil, [4]int{401, 404, 404, 204}},
	}
	for _, rt := range routes {
		for i, who := range callers {
			r := e.call(rt.method, rt.path, who.cookie, rt.body)
			if r.Status != rt.want[i] {
				t.Errorf("%s %s as %s: %d, want %d: %s", rt.method, rt.path, who.name, r.Status, rt.want[i], r.Body)
			}
			if r.Status >= 400 && (strings.Contains(string(r.Body), "101 室") || strings.Contains(string(r.Body), "秘密困难")) {
				t.Errorf("%s %s as %s leaked a household's data: %s", rt.method, rt.path, who.name, r.Body)
			}
		}
	}
}
