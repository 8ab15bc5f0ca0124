package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestDisplayNamesAreOneLineOfPrintableText: a user's, a venue's, a household's or a contact's
// name reaches rosters, CSV files and group-chat webhooks, where a NUL, a line break or an
// escape sequence forges lines or hides text. Each is refused with 400 on its field, and nothing
// is written; names with the spaces and dots of real names still pass.
func TestDisplayNamesAreOneLineOfPrintableText(t *testing.T) {
	e, _ := startServer(t, serverOptions{now: time.Date(2026, 11, 16, 2, 0, 0, 0, time.UTC)})
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	var grid, building, household struct {
		Grid, Building, Household struct{ ID string }
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": "第一网格"}), &grid)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", coord, map[string]any{"name": "1 号楼"}), &building)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", coord, map[string]any{"label": "101 室"}), &household)
	var child, cal struct {
		Child    struct{ ID string }
		Calendar struct{ ID string }
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/children", parent, map[string]any{"name": "陈小雨", "birth_date": "2019-01-01", "consent_policy_version": linli.ChildPolicyVersion}), &child)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}), &cal)
	tables := []string{"users", "memberships", "pending_memberships", "grids", "buildings", "households", "venues", "programs", "pickup_persons", "pickup_delegations", "calendars", "calendar_days"}
	rows := map[string]int{}
	for _, table := range tables {
		rows[table] = e.count(table)
	}
	const tomorrow = "2026-11-17"

	bad := map[string]string{
		"NUL": "张\x00伟", "CR LF": "张伟\r\n管理员: 已批准", "LF": "张\n伟", "escape": "\x1b[31m张伟\x1b[0m", "tab": "张\t伟",
		"DEL": "张伟\x7f", "C1 control": "张\u0085伟", "line separator": "张伟\u2028李四", "right-to-left override": "张伟\u202egnp.exe",
	}
	for what, name := range bad {
		t.Run(what, func(t *testing.T) {
			e.t = t
			users := e.count("users")
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": name, "login": "new@linli.test", "password": "a-long-password"}))
			if e.count("users") != users {
				t.Fatal("a refused registration wrote a user")
			}
			e.mustFail(400, "invalid", "name", e.call("PATCH", "/api/v1/me", parent, map[string]any{"name": name}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/communities/"+e.Community+"/venues", coord, map[string]any{"name": name, "capacity": 10}))
			e.mustFail(400, "invalid", "contact_name", e.call("PATCH", "/api/v1/households/"+household.Household.ID, coord, map[string]any{"contact_name": name}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/children", parent, map[string]any{"name": name, "birth_date": "2019-01-01", "consent_policy_version": "x"}))
			// A pending member: a phone number nobody registered yet, shown under the typed name.
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/communities/"+e.Community+"/members", coord, map[string]any{"login": "13800000099", "name": name, "role": "volunteer"}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": name}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", coord, map[string]any{"name": name}))
			e.mustFail(400, "invalid", "label", e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", coord, map[string]any{"label": name}))
			e.mustFail(400, "invalid", "contact_name", e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", coord, map[string]any{"label": "102 室", "contact_name": name}))
			e.mustFail(400, "invalid", "address", e.call("POST", "/api/v1/communities/"+e.Community+"/venues", coord, map[string]any{"name": "活动室", "capacity": 10, "address": name}))
			e.mustFail(400, "invalid", "title", e.call("POST", "/api/v1/communities/"+e.Community+"/programs", coord, ptProgram("after_school", name, ptSchedule(tomorrow, tomorrow, "16:00", "17:30", "all_days"))))
			for _, field := range []string{"name", "district", "city"} {
				e.mustFail(400, "invalid", field, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Admin, map[string]any{field: name}))
			}
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/children/"+child.Child.ID+"/pickups", parent, map[string]any{"name": name, "relation": "奶奶", "phone": "13900000021"}))
			e.mustFail(400, "invalid", "relation", e.call("POST", "/api/v1/children/"+child.Child.ID+"/pickups", parent, map[string]any{"name": "李桂兰", "relation": name, "phone": "13900000021"}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/children/"+child.Child.ID+"/pickup-delegations", parent, map[string]any{"name": name, "phone": "13900000022", "date": tomorrow}))
			e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": name, "base_id": "cn"}))
			e.mustFail(400, "invalid", "days[0].note", e.call("PUT", "/api/v1/calendars/"+cal.Calendar.ID+"/days", e.Admin, map[string]any{"days": []any{map[string]any{"date": "2027-05-06", "kind": "holiday", "note": name}}}))
			e.mustFail(400, "invalid", "ranges[0].note", e.call("PUT", "/api/v1/calendars/"+cal.Calendar.ID+"/days", e.Admin, map[string]any{"ranges": []any{map[string]any{"from": "2027-07-10", "to": "2027-08-31", "kind": "school_break", "note": name}}}))
			for _, table := range tables {
				if n := e.count(table); n != rows[table] {
					t.Fatalf("a refused name wrote a row into %s (%d, was %d)", table, n, rows[table])
				}
			}
		})
	}
	e.t = t
	var me struct{ User struct{ Name string } }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me", parent, nil), &me)
	if me.User.Name != "陈静" {
		t.Fatalf("a refused change renamed the user to %q", me.User.Name)
	}
	for _, good := range []string{"阿依古丽·买买提", "欧阳　明", "Zhang Wei-Ming", "李👨‍👩‍👧"} {
		e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", parent, map[string]any{"name": good}), &me)
		if me.User.Name != good {
			t.Fatalf("name %q became %q", good, me.User.Name)
		}
		e.must(http.StatusOK, e.call("PATCH", "/api/v1/households/"+household.Household.ID, coord, map[string]any{"contact_name": good}), nil)
	}
}
