package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// buildRegions puts the fixture's community into 幸福街道 (a street) of 和平区 (a district) of
// 沈阳市 (a city): {region} is the street, {district} the district; {fresh_viewer} is a new
// viewer of the street.
func (f *mxFixture) buildRegions() {
	id := f.IDs
	id["city"] = f.mxPost(f.Admin, "/api/v1/regions", map[string]any{"name": "沈阳市", "level": "city"}, "region.id")
	id["district"] = f.mxPost(f.Admin, "/api/v1/regions", map[string]any{"name": "和平区", "level": "district", "parent_id": id["city"]}, "region.id")
	id["region"] = f.mxPost(f.Admin, "/api/v1/regions", map[string]any{"name": "幸福街道", "level": "street", "parent_id": id["district"]}, "region.id")
	f.must(http.StatusOK, f.call("PATCH", "/api/v1/communities/"+f.Community, f.Admin, map[string]any{"region_id": id["region"]}), nil)
	f.Fresh["fresh_viewer"] = func() string {
		f.n++
		uid := f.register("街道干部", "mx-viewer-"+strings.Repeat("x", f.n)+"@linli.test")
		f.must(http.StatusCreated, f.call("POST", "/api/v1/regions/"+id["region"]+"/viewers", f.Admin, map[string]any{"user_id": uid}), nil)
		return uid
	}
}

// mxViewerReads are the rows a region viewer may call besides what any stranger may: the
// reports of the communities below the region, over the region, and the region itself.
var mxViewerReads = map[string]int{
	"GET /api/v1/reports/class-hours?community_id={community}":                    http.StatusOK,
	"GET /api/v1/reports/volunteer-hours?community_id={community}":                http.StatusOK,
	"GET /api/v1/reports/visits?community_id={community}":                         http.StatusOK,
	"GET /api/v1/reports/class-hours?region_id={region}&group_by=community":       http.StatusOK,
	"GET /api/v1/reports/volunteer-hours?region_id={district}&group_by=community": http.StatusOK,
	"GET /api/v1/reports/visits?region_id={region}":                               http.StatusOK,
	"GET /api/v1/regions/{region}":                                                http.StatusOK,
}

// TestRegionViewerMatrix runs every row of the authorisation matrix as a viewer of the district
// above the community's street (so the view reaches down two levels): the viewer gets the
// reports (mxViewerReads) and, on every other route, exactly what the coordinator of another
// community gets, a stranger's answer: 404 on every child, household, visit, roster and
// attendance route that is not public, and no answer shows a family's or a household's data.
func TestRegionViewerMatrix(t *testing.T) {
	f := newMatrixFixture(t)
	uid := f.register("区民政干部", "mx-district-viewer@linli.test")
	f.must(http.StatusCreated, f.call("POST", "/api/v1/regions/"+f.IDs["district"]+"/viewers", f.Admin, map[string]any{"user_id": uid}), nil)
	// The viewer takes the seat of the coordinator of another community, whose column is a
	// stranger's; the failure messages name them.
	far, farName := f.Callers[mxOtherCoord], mxCallerNames[mxOtherCoord]
	t.Cleanup(func() { f.Callers[mxOtherCoord], mxCallerNames[mxOtherCoord] = far, farName })
	f.Callers[mxOtherCoord] = mxCaller{"mx-district-viewer@linli.test", "password-mx-district-viewer@linli.test", f.login("mx-district-viewer@linli.test")}
	mxCallerNames[mxOtherCoord] = "region viewer"
	f.shown = map[string]bool{}
	seen := map[string]bool{}
	for _, row := range mxRows {
		want := row.want[mxOtherCoord]
		if w, ok := mxViewerReads[row.method+" "+row.path]; ok {
			want, seen[row.method+" "+row.path] = w, true
		}
		f.mxCheck(row, mxOtherCoord, row.body, want)
		if row.body != "" {
			if want < 400 || want > 404 || (row.objectInBody && want == 404) {
				want = http.StatusBadRequest
			}
			f.mxCheck(row, mxOtherCoord, mxMalformed, want)
		}
	}
	for route := range mxViewerReads {
		if !seen[route] {
			t.Errorf("%s is not a row of the matrix", route)
		}
	}
	// The viewer of another region sees none of it.
	other := f.mxPost(f.Admin, "/api/v1/regions", map[string]any{"name": "光明街道", "level": "street"}, "region.id")
	stranger := f.register("别处的干部", "mx-other-viewer@linli.test")
	f.must(http.StatusCreated, f.call("POST", "/api/v1/regions/"+other+"/viewers", f.Admin, map[string]any{"login": "mx-other-viewer@linli.test"}), nil)
	cookie := f.login("mx-other-viewer@linli.test")
	for _, path := range []string{"/api/v1/reports/visits?region_id=" + f.IDs["region"], "/api/v1/reports/class-hours?community_id=" + f.Community,
		"/api/v1/regions/" + f.IDs["district"]} {
		if r := f.call("GET", path, cookie, nil); r.Status != http.StatusNotFound {
			t.Errorf("GET %s as the viewer of another region: %d %s", path, r.Status, r.Body)
		}
	}
	_ = stranger
}
