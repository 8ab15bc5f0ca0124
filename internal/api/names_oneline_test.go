package api_test

import (
	"net/http"
	"testing"
)

// TestDisplayNamesAreOneLineOfPrintableText: a user's, a venue's, a household's or a contact's
// name reaches rosters, CSV files and group-chat webhooks, where a NUL, a line break or an
// escape sequence forges lines or hides text. Each is refused with 400 on its field, and nothing
// is written; names with the spaces and dots of real names still pass.
func TestDisplayNamesAreOneLineOfPrintableText(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	var grid, building, household struct {
		Grid, Building, Household struct{ ID string }
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": "第一网格"}), &grid)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", coord, map[string]any{"name": "1 号楼"}), &building)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", coord, map[string]any{"label": "101 室"}), &household)

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
