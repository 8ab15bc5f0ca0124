package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestVisitPlans plans fortnightly visits of a household, re-plans them weekly, hands them to
// another volunteer and ends them, checking who sees what on the way.
func TestVisitPlans(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	path := "/api/v1/households/" + e.Household + "/visit-plans"
	body := func(edit func(map[string]any)) map[string]any {
		b := map[string]any{"volunteer_ids": []string{e.Volunteer, e.Volunteer2}, "cadence": "fortnightly",
			"start_date": "2026-09-05", "end_date": "2026-10-31", "start_time": "16:00", "end_time": "17:00"}
		edit(b)
		return b
	}
	for field, edit := range map[string]func(map[string]any){
		"volunteer_ids[1]": func(b map[string]any) {
			b["volunteer_ids"] = []string{e.Volunteer, e.register("陌生人", "13900000008")}
		},
		"volunteer_ids": func(b map[string]any) { b["volunteer_ids"] = []string{} },
		"cadence":       func(b map[string]any) { b["cadence"] = "FREQ=HOURLY" },
		"end_date":      func(b map[string]any) { b["end_date"] = "2026-08-31" },
		"start_time":    func(b map[string]any) { b["start_time"] = "25:00" },
		"end_time":      func(b map[string]any) { b["end_time"] = "15:00" },
		"household":     func(b map[string]any) { b["household"] = "x" },
	} {
		e.mustFail(http.StatusBadRequest, "invalid", field, e.call("POST", path, e.Coord, body(edit)))
	}
	if n := e.count("visit_plans") + e.count("programs"); n != 0 {
		t.Fatalf("refused plans left %d rows", n)
	}

	p := e.visitPlan(e.Household, []string{e.Volunteer, e.Volunteer2}, "fortnightly", "2026-09-05", "2026-10-31", "16:00", "17:00")
	visits := e.visits(p)
	var dates []string
	for _, v := range visits {
		dates = append(dates, v.Date())
	}
	if want := []string{"2026-09-05", "2026-09-19", "2026-10-03", "2026-10-17", "2026-10-31"}; !slices.Equal(dates, want) || p.SessionsCreated != 5 {
		t.Fatalf("fortnightly visits %v (%d created), want %v", dates, p.SessionsCreated, want)
	}
	v := visits[0]
	if v.Kind != "neighbor_visit" || v.Title != "走访：3 号楼 1 单元 101 室" || len(v.Staff) != 2 || v.Staff[0].TeacherType != "resident_volunteer" {
		t.Errorf("visit session %+v", v)
	}
	if pl := p.VisitPlan; pl.Household.Building != "3 号楼" || pl.Cadence != "fortnightly" || pl.RRule != "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA" ||
		pl.Status != "active" || len(pl.Volunteers) != 2 || pl.Volunteers[0].Name != "周强" {
		t.Errorf("plan %+v", pl)
	}
	for who, want := range map[string]int{e.VolunteerCookie: 200, e.Coord: 200, e.Parent: 404, "": 404} {
		if r := e.call("GET", "/api/v1/sessions/"+v.ID, who, nil); r.Status != want {
			t.Errorf("GET visit session: %d, want %d", r.Status, want)
		}
	}
	planPath := "/api/v1/visit-plans/" + p.VisitPlan.ID
	e.must(http.StatusOK, e.call("GET", planPath, e.VolunteerCookie, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", planPath, e.Parent, nil))
	_, teacher3 := e.member("孙秀英", "13800000004", "teacher", "resident_volunteer")
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", planPath, teacher3, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", planPath, e.VolunteerCookie, map[string]any{"cadence": "weekly"}))

	// The assigned volunteers see the household's label, building, contact and needs (API.md,
	// "Who sees what"), not how often the office wants it visited.
	var h struct{ Household linli.Household }
	e.must(http.StatusOK, e.call("GET", "/api/v1/households/"+e.Household, e.VolunteerCookie, nil), &h)
	if h.Household.Label != "1 单元 101 室" || h.Household.ContactPhone != "13912345678" || h.Household.BuildingID != e.Building ||
		!slices.Equal(h.Household.Needs, []string{"elderly_alone"}) || h.Household.VisitEveryDays != nil {
		t.Errorf("household as its volunteer sees it: %+v", h.Household)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/households/"+e.Household, teacher3, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", "/api/v1/households/"+e.Household, e.VolunteerCookie, map[string]any{"label": "改"}))

	// Weekly from 9/10 on: past visits stay, the 9/19 visit keeps its id, four Saturdays are added.
	e.Clock.Set(ptAt(2026, 9, 10, 9, 0))
	var re vtPlan
	e.must(http.StatusOK, e.call("PATCH", planPath, e.Coord, map[string]any{"cadence": "weekly"}), &re)
	after := byDate(e.visits(re))
	if len(after) != 9 || re.SessionsCreated != 4 || after["2026-09-19"].ID != byDate(visits)["2026-09-19"].ID || after["2026-09-05"].ID != v.ID {
		t.Errorf("weekly re-plan: %d visits, %d created", len(after), re.SessionsCreated)
	}
	e.must(http.StatusOK, e.call("PATCH", planPath, e.Coord, map[string]any{"volunteer_ids": []string{e.Volunteer2}}), &re)
	if s := byDate(e.visits(re)); len(s["2026-09-12"].Staff) != 1 || s["2026-09-12"].Staff[0].Name != "吴敏" || len(s["2026-09-05"].Staff) != 2 {
		t.Errorf("re-staffed: future visit staff %+v, past %+v", s["2026-09-12"].Staff, s["2026-09-05"].Staff)
	}
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", "/api/v1/households/"+e.Household, e.VolunteerCookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "volunteer_ids[0]", e.call("PATCH", planPath, e.Coord, map[string]any{"volunteer_ids": []string{e.Teacher1 + "x"}}))

	e.must(http.StatusNoContent, e.call("DELETE", planPath, e.Coord, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", planPath, e.Coord, nil), nil)
	var got struct {
		VisitPlan linli.VisitPlan `json:"visit_plan"`
	}
	e.must(http.StatusOK, e.call("GET", planPath, e.Coord, nil), &got)
	if got.VisitPlan.Status != "deleted" {
		t.Errorf("deleted plan status %q", got.VisitPlan.Status)
	}
	for date, s := range byDate(e.visits(re)) {
		if want := map[bool]string{true: "cancelled", false: "scheduled"}[date > "2026-09-10"]; s.Status != want {
			t.Errorf("visit %s after the plan's deletion: %s, want %s", date, s.Status, want)
		}
	}
	e.mustFail(http.StatusConflict, "conflict", "", e.call("PATCH", planPath, e.Coord, map[string]any{"cadence": "monthly"}))
}

// TestVisitOverdue follows a weekly plan with the clock: a visit nobody logged stays overdue
// until it is logged, missed or done; a household is overdue by its cadence, counting done
// visits only.
func TestVisitOverdue(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	e.household("2 单元 201 室", 0)
	weekly := e.household("2 单元 202 室", 7)
	p := e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-02", "2026-09-30", "10:00", "11:00")
	visits := byDate(e.visits(p))

	o := e.overdue()
	if len(o.Visits) != 0 || len(o.Households) != 2 || o.Households[0].LastVisitAt != nil {
		t.Errorf("before any visit: %+v", o)
	}
	e.Clock.Set(ptAt(2026, 9, 4, 11, 0))
	if o = e.overdue(); len(o.Visits) != 0 {
		t.Errorf("48 hours after the visit ended: %+v, want none overdue yet", o.Visits)
	}
	e.Clock.Set(ptAt(2026, 9, 4, 11, 1))
	if o = e.overdue(); len(o.Visits) != 1 || o.Visits[0].ID != visits["2026-09-02"].ID || o.Visits[0].Household.Label != "1 单元 101 室" {
		t.Errorf("after 48 hours: %+v, want the 9/2 visit", o.Visits)
	}

	e.Clock.Set(ptAt(2026, 9, 9, 12, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-09"].ID, map[string]any{"outcome": "done", "minutes": 45, "notes": "聊了家常"}), &log)
	if r := log.VisitLog.ServiceRecord; r == nil || r.Status != "pending" || r.Hours != 0.75 || r.Source != "visit_log" || !r.CheckIn.Equal(ptAt(2026, 9, 9, 10, 0)) {
		t.Errorf("the done visit's service record: %+v", r)
	}
	o = e.overdue()
	if len(o.Visits) != 1 || o.Visits[0].ID != visits["2026-09-02"].ID {
		t.Errorf("the unlogged 9/2 visit left the list when 9/9 was logged: %+v", o.Visits)
	}
	if len(o.Households) != 1 || o.Households[0].Household.ID != weekly {
		t.Errorf("households overdue after the 9/9 visit: %+v, want only 2 单元 202 室", o.Households)
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-02"].ID, map[string]any{"outcome": "missed", "notes": "家中无人"}), nil)
	if o = e.overdue(); len(o.Visits) != 0 {
		t.Errorf("logged visits still overdue: %+v", o.Visits)
	}

	// Every 14 days after 9/9: due on 9/23, overdue from 9/24 on; a missed visit does not count.
	e.Clock.Set(ptAt(2026, 9, 23, 23, 0))
	if o = e.overdue(); len(o.Households) != 1 || len(o.Visits) != 1 || o.Visits[0].ID != visits["2026-09-16"].ID {
		t.Errorf("on the due day: %+v", o)
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visits["2026-09-16"].ID, map[string]any{"outcome": "missed", "minutes": 0}), nil)
	e.Clock.Set(ptAt(2026, 9, 24, 0, 30))
	o = e.overdue()
	if len(o.Households) != 2 || o.Households[1].Household.ID != e.Household || o.Households[1].LastVisitAt == nil ||
		*o.Households[1].LastVisitAt != "2026-09-09T10:00:00+08:00" || o.Households[1].VisitEveryDays != 14 {
		t.Errorf("households overdue on 9/24: %+v", o.Households)
	}

	// Logging: once, by the visit's volunteer, after it started, with minutes for a done visit.
	e.mustFail(http.StatusConflict, "conflict", "", e.logVisit(e.VolunteerCookie, visits["2026-09-09"].ID, map[string]any{"outcome": "done", "minutes": 30}))
	e.mustFail(http.StatusConflict, "not_started", "", e.logVisit(e.VolunteerCookie, visits["2026-09-30"].ID, map[string]any{"outcome": "done", "minutes": 30}))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.logVisit(e.Coord, visits["2026-09-23"].ID, map[string]any{"outcome": "done", "minutes": 30}))
	e.mustFail(http.StatusNotFound, "not_found", "", e.logVisit(e.Volunteer2Cookie, visits["2026-09-23"].ID, map[string]any{"outcome": "done", "minutes": 30}))
	e.mustFail(http.StatusBadRequest, "invalid", "minutes", e.logVisit(e.VolunteerCookie, visits["2026-09-23"].ID, map[string]any{"outcome": "done"}))
	shift := e.shift("周六社区环境整治", "2026-09-26", "2026-09-26", 5, func(p map[string]any) { p["staff_ids"] = []string{e.Volunteer} })
	e.Clock.Set(ptAt(2026, 9, 27, 0, 0))
	e.mustFail(http.StatusConflict, "conflict", "", e.logVisit(e.VolunteerCookie, shift["2026-09-26"].ID, map[string]any{"outcome": "done", "minutes": 30}))
}
