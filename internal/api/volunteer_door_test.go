package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestVisitPlanStates: a plan read by its volunteer (GET /visit-plans/{id} and GET
// /me/visit-plans) gives each visit as logged (with its outcome), overdue however old, or to do;
// the household read by its volunteer gives what is needed at the door: needs, the notes of the
// last visits and the troubles still open, but not a resolved one.
func TestVisitPlanStates(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 8, 1, 9, 0))
	p := e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-08-01", "2026-10-31", "16:00", "17:00")
	visits := byDate(e.visits(p))
	e.Clock.Set(ptAt(2026, 10, 14, 9, 0)) // a Wednesday, ten weeks on: everyone signs in again
	e.Coord, e.VolunteerCookie, e.Volunteer2Cookie, e.Parent = e.login("13800000001"), e.login("13800000005"), e.login("13800000006"), e.login("13800000007")
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-08-01"].ID, map[string]any{"outcome": "done", "minutes": 30,
		"notes": "老人腿脚不便，门铃坏了要敲门。", "concerns": []map[string]string{{"category": "repairs", "text": "门铃坏了"}}}), nil)
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-10-10"].ID, map[string]any{"outcome": "missed", "minutes": 0,
		"notes": "家里没人。", "concerns": []map[string]string{{"category": "health", "text": "邻居说老人住院了"}}}), nil)
	var concerns struct{ Items []struct{ ID, Text string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/concerns", e.Coord, nil), &concerns)
	for _, c := range concerns.Items {
		if c.Text == "门铃坏了" {
			e.must(http.StatusOK, e.call("PATCH", "/api/v1/concerns/"+c.ID, e.Coord, map[string]any{"status": "resolved", "note": "已修好"}), nil)
		}
	}

	var one struct {
		VisitPlan linli.VisitPlan `json:"visit_plan"`
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/visit-plans/"+p.VisitPlan.ID, e.VolunteerCookie, nil), &one)
	var mine struct{ Items []linli.VisitPlan }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/visit-plans", e.VolunteerCookie, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != p.VisitPlan.ID {
		t.Fatalf("GET /me/visit-plans: %+v", mine.Items)
	}
	for name, plan := range map[string]linli.VisitPlan{"GET /visit-plans/{id}": one.VisitPlan, "GET /me/visit-plans": mine.Items[0]} {
		states := map[string]string{}
		for _, v := range plan.Visits {
			states[v.StartsAt.Format("2006-01-02")] = v.State + " " + v.Outcome
		}
		want := map[string]string{
			"2026-08-01": "logged done", "2026-08-08": "overdue ", "2026-09-26": "overdue ", "2026-10-03": "overdue ",
			"2026-10-10": "logged missed", "2026-10-17": "to_do ", "2026-10-31": "to_do ",
		}
		for date, w := range want {
			if states[date] != w {
				t.Errorf("%s: the visit of %s is %q, want %q", name, date, states[date], w)
			}
		}
		if len(plan.Visits) != 14 {
			t.Errorf("%s: %d visits, want 14", name, len(plan.Visits))
		}
	}
	// Two days after a visit ends it is still to do; only after 48 hours is it overdue.
	e.Clock.Set(ptAt(2026, 10, 19, 16, 59))
	e.must(http.StatusOK, e.call("GET", "/api/v1/visit-plans/"+p.VisitPlan.ID, e.VolunteerCookie, nil), &one)
	for _, v := range one.VisitPlan.Visits {
		if v.SessionID == visits["2026-10-17"].ID && v.State != linli.VisitToDo {
			t.Errorf("47 hours after its end the visit is %q, want to_do", v.State)
		}
	}
	var others struct{ Items []linli.VisitPlan }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/visit-plans", e.Volunteer2Cookie, nil), &others)
	if len(others.Items) != 0 {
		t.Errorf("a volunteer on no plan gets plans: %+v", others.Items)
	}

	var h struct{ Household linli.Household }
	e.must(http.StatusOK, e.call("GET", "/api/v1/households/"+e.Household, e.VolunteerCookie, nil), &h)
	got := h.Household
	if !slices.Equal(got.Needs, []string{"elderly_alone"}) || got.ContactName != "张大爷" {
		t.Errorf("the volunteer's household: %+v", got)
	}
	if len(got.RecentVisits) != 2 || got.RecentVisits[0].Outcome != "missed" || got.RecentVisits[0].Notes != "家里没人。" ||
		got.RecentVisits[1].Notes != "老人腿脚不便，门铃坏了要敲门。" || got.RecentVisits[0].By.Name != "周强" {
		t.Errorf("last visits at the door: %+v", got.RecentVisits)
	}
	if len(got.OpenConcerns) != 1 || got.OpenConcerns[0].Text != "邻居说老人住院了" || got.OpenConcerns[0].Category != "health" {
		t.Errorf("open troubles at the door: %+v", got.OpenConcerns)
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/households/"+e.Household, e.Parent, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/households/"+e.Household, e.Volunteer2Cookie, nil))

	// An ended plan stays in reach while it holds overdue visits, and goes once they are logged.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/visit-plans/"+p.VisitPlan.ID, e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/visit-plans", e.VolunteerCookie, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].Status != "deleted" {
		t.Fatalf("after the plan ended, GET /me/visit-plans: %+v", mine.Items)
	}
	var late []string
	for _, v := range mine.Items[0].Visits {
		if v.State == linli.VisitLate {
			late = append(late, v.SessionID)
		}
	}
	if len(late) != 9 {
		t.Errorf("the ended plan holds %d overdue visits, want 9 (8 August to 3 October)", len(late))
	}
	for _, id := range late {
		e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, id, map[string]any{"outcome": "missed"}), nil)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/visit-plans", e.VolunteerCookie, nil), &mine)
	if len(mine.Items) != 0 {
		t.Errorf("an ended plan with every visit logged is still listed: %+v", mine.Items)
	}
}
