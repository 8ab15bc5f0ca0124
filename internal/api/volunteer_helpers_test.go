package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// vtEnv is a volunteers test: the planning test's server and community with the volunteer
// service, a second volunteer, a parent, and a household in 3 号楼 to be visited every 14 days.
type vtEnv struct {
	*ptEnv
	Volunteer2       string // id of 吴敏
	Volunteer2Cookie string
	Parent           string // cookie of 陈静, a registered user with no role
	Building         string
	Household        string // 1 单元 101 室, elderly_alone, visit_every_days 14
}

// newVolunteerEnv starts the server with the clock at now.
func newVolunteerEnv(t *testing.T, now time.Time) *vtEnv {
	t.Helper()
	e := &vtEnv{ptEnv: newPlanEnv(t, now)}
	e.Server.Volunteers = storage.Volunteers{DB: e.DB}
	e.Volunteer2, e.Volunteer2Cookie = e.member("吴敏", "13800000006", "volunteer", "")
	e.register("陈静", "13800000007")
	e.Parent = e.login("13800000007")
	var grid struct{ Grid struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", e.Coord, map[string]any{"name": "第一网格"}), &grid)
	var b struct{ Building struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", e.Coord, map[string]any{"name": "3 号楼"}), &b)
	e.Building = b.Building.ID
	e.Household = e.household("1 单元 101 室", 14)
	return e
}

// household adds a household to 3 号楼 with a contact, visited every `every` days (0: none).
func (e *vtEnv) household(label string, every int) string {
	e.t.Helper()
	body := map[string]any{"label": label, "contact_name": "张大爷", "contact_phone": "13912345678", "needs": []string{"elderly_alone"}}
	if every > 0 {
		body["visit_every_days"] = every
	}
	var h struct{ Household struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/buildings/"+e.Building+"/households", e.Coord, body), &h)
	return h.Household.ID
}

// vtPlan is the answer to a create or change of a visit plan.
type vtPlan struct {
	VisitPlan         linli.VisitPlan `json:"visit_plan"`
	SessionsCreated   int             `json:"sessions_created"`
	SessionsUpdated   int             `json:"sessions_updated"`
	SessionsCancelled int             `json:"sessions_cancelled"`
}

// visitPlan plans visits of a household as the coordinator and expects 201.
func (e *vtEnv) visitPlan(household string, volunteers []string, cadence, from, to, start, end string) vtPlan {
	e.t.Helper()
	var p vtPlan
	e.must(http.StatusCreated, e.call("POST", "/api/v1/households/"+household+"/visit-plans", e.Coord, map[string]any{
		"volunteer_ids": volunteers, "cadence": cadence, "start_date": from, "end_date": to, "start_time": start, "end_time": end}), &p)
	return p
}

// shift creates a volunteer shift of one or more Saturdays 09:00–11:00 with places places and
// returns its sessions by date.
func (e *vtEnv) shift(title, from, to string, places int, edit ...func(map[string]any)) map[string]ptSession {
	e.t.Helper()
	res := e.createProgram(ptProgram("volunteer_shift", title, ptSchedule(from, to, "09:00", "11:00", "all_days", "weekdays", []int{6}),
		append([]func(map[string]any){func(p map[string]any) { p["capacity"] = places }}, edit...)...))
	return byDate(e.sessions(e.Coord, "program_id="+res.Program.ID+"&from="+from))
}

// signup answers POST /sessions/{id}/signup.
func (e *vtEnv) signup(cookie, session string, body any) response {
	e.t.Helper()
	return e.call("POST", "/api/v1/sessions/"+session+"/signup", cookie, body)
}

// visits lists the sessions of a visit plan's program as the coordinator sees them.
func (e *vtEnv) visits(p vtPlan) []ptSession {
	e.t.Helper()
	return e.sessions(e.Coord, "program_id="+p.VisitPlan.ProgramID+"&from="+p.VisitPlan.StartDate.String())
}

// logVisit answers POST /sessions/{id}/visit-log.
func (e *vtEnv) logVisit(cookie, session string, body map[string]any) response {
	e.t.Helper()
	return e.call("POST", "/api/v1/sessions/"+session+"/visit-log", cookie, body)
}

// vtOverdue is the answer of GET /communities/{id}/visits/overdue.
type vtOverdue struct {
	Visits []struct {
		ID        string
		StartsAt  string `json:"starts_at"`
		Household linli.HouseholdRef
	}
	Households []struct {
		Household      linli.HouseholdRef
		LastVisitAt    *string `json:"last_visit_at"`
		VisitEveryDays int     `json:"visit_every_days"`
	}
}

// overdue reads the overdue visits and households as the coordinator.
func (e *vtEnv) overdue() vtOverdue {
	e.t.Helper()
	var o vtOverdue
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/visits/overdue", e.Coord, nil), &o)
	return o
}
