package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestRegionsKeepTheirLevels: a street sits under a district, a district under a city, and the
// administrator is told which field is wrong when a region would sit elsewhere; nothing is written.
func TestRegionsKeepTheirLevels(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	mk := func(body map[string]any) string {
		var r struct{ Region linli.Region }
		e.must(http.StatusCreated, e.call("POST", "/api/v1/regions", e.Admin, body), &r)
		return r.Region.ID
	}
	city := mk(map[string]any{"name": "沈阳市", "level": "city"})
	district := mk(map[string]any{"name": "和平区", "level": "district", "parent_id": city})
	street := mk(map[string]any{"name": "太原街街道", "level": "street", "parent_id": district})
	before := e.count("regions")
	e.mustFail(http.StatusBadRequest, "invalid", "parent_id", e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": "x", "level": "street", "parent_id": city}))
	e.mustFail(http.StatusBadRequest, "invalid", "parent_id", e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": "x", "level": "city", "parent_id": city}))
	e.mustFail(http.StatusBadRequest, "invalid", "level", e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": "x", "level": "town"}))
	e.mustFail(http.StatusBadRequest, "invalid", "name", e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": " ", "level": "city"}))
	e.mustFail(http.StatusNotFound, "not_found", "parent_id", e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": "x", "level": "street",
		"parent_id": "00000000-0000-4000-8000-000000000000"}))
	// No loops: a district cannot go under its own street, nor become a street above one.
	e.mustFail(http.StatusBadRequest, "invalid", "parent_id", e.call("PATCH", "/api/v1/regions/"+district, e.Admin, map[string]any{"parent_id": street}))
	e.mustFail(http.StatusBadRequest, "invalid", "parent_id", e.call("PATCH", "/api/v1/regions/"+district, e.Admin, map[string]any{"parent_id": district}))
	e.mustFail(http.StatusBadRequest, "invalid", "level", e.call("PATCH", "/api/v1/regions/"+district, e.Admin, map[string]any{"level": "street", "parent_id": ""}))
	if n := e.count("regions"); n != before {
		t.Errorf("refused regions were written: %d, want %d", n, before)
	}
	// A street taken from under its district stands alone, and may go back.
	var r struct{ Region linli.Region }
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/regions/"+street, e.Admin, map[string]any{"parent_id": "", "name": "太原街道"}), &r)
	if r.Region.ParentID != "" || r.Region.Name != "太原街道" {
		t.Errorf("the street after the change: %+v", r.Region)
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/regions/"+street, e.Admin, map[string]any{"parent_id": district}), nil)

	// A coordinator may change their community, but only an administrator places it.
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"region_id": street}))
	e.mustFail(http.StatusNotFound, "not_found", "region_id", e.call("PATCH", "/api/v1/communities/"+e.Community, e.Admin, map[string]any{"region_id": "00000000-0000-4000-8000-000000000000"}))
	var c struct{ Community linli.Community }
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Admin, map[string]any{"region_id": street}), &c)
	if c.Community.RegionID != street {
		t.Errorf("the community sits in %q, want the street", c.Community.RegionID)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/regions/"+city, e.Admin, nil), &r)
	if len(r.Region.Communities) != 1 || r.Region.Communities[0].Name != "幸福里社区" || len(r.Region.Children) != 1 || r.Region.Children[0].ID != district {
		t.Errorf("the city: %+v", r.Region)
	}
}

// TestRegionViewerReadsTheReportsBelow: the administrator adds a street office's official by
// their mobile number; they find their region, read the visits report of the communities below
// it (as CSV too) and the class hours of one of them, and lose it all when removed.
func TestRegionViewerReadsTheReportsBelow(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 9, 0))
	var street struct{ Region linli.Region }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/regions", e.Admin, map[string]any{"name": "太原街街道", "level": "street"}), &street)
	id := street.Region.ID
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Admin, map[string]any{"region_id": id}), nil)
	uid := e.register("街道刘主任", "13600000009")
	e.mustFail(http.StatusNotFound, "not_found", "login", e.call("POST", "/api/v1/regions/"+id+"/viewers", e.Admin, map[string]any{"login": "13600000008"}))
	e.mustFail(http.StatusBadRequest, "invalid", "user_id", e.call("POST", "/api/v1/regions/"+id+"/viewers", e.Admin, map[string]any{}))
	var v struct{ Viewer linli.RegionViewer }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/regions/"+id+"/viewers", e.Admin, map[string]any{"login": "+86 136 0000 0009"}), &v)
	if v.Viewer.UserID != uid || v.Viewer.Name != "街道刘主任" {
		t.Errorf("the viewer: %+v", v.Viewer)
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/regions/"+id+"/viewers", e.Admin, map[string]any{"user_id": uid}), nil)
	cookie := e.login("13600000009")

	var mine struct{ Items []linli.Region }
	e.must(http.StatusOK, e.call("GET", "/api/v1/regions", cookie, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != id {
		t.Errorf("the viewer's regions: %+v", mine.Items)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/regions", e.Coord, nil), &mine)
	if len(mine.Items) != 0 {
		t.Errorf("a coordinator lists regions: %+v", mine.Items)
	}
	var rep linli.VisitsReport
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/visits?region_id="+id+"&from=2026-09-01&to=2026-09-30", cookie, nil), &rep)
	if len(rep.Rows) != 1 || rep.Rows[0].Label != "幸福里社区" || rep.Totals.Label != "合计" {
		t.Errorf("the visits report: %+v", rep)
	}
	r := e.call("GET", "/api/v1/reports/visits?region_id="+id+"&from=2026-09-01&to=2026-09-30&format=csv", cookie, nil)
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), "社区编号,社区,计划走访,已走访") || !strings.Contains(r.Header.Get("Content-Disposition"), "visits-2026-09.csv") {
		t.Errorf("the visits CSV: %d %s %s", r.Status, r.Header, r.Body)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/class-hours?community_id="+e.Community, cookie, nil), nil)
	e.mustFail(http.StatusBadRequest, "invalid", "group_by", e.call("GET", "/api/v1/reports/class-hours?community_id="+e.Community+"&group_by=community", cookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "region_id", e.call("GET", "/api/v1/reports/visits?community_id="+e.Community+"&region_id="+id, cookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "community_id", e.call("GET", "/api/v1/reports/visits", cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/communities/"+e.Community+"/visits/overdue", cookie, nil))

	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/regions/"+id+"/viewers/"+uid, e.Admin, nil), nil)
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("DELETE", "/api/v1/regions/"+id+"/viewers/"+uid, e.Admin, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/reports/visits?region_id="+id, cookie, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/reports/class-hours?community_id="+e.Community, cookie, nil))
}
