package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// FuzzRequestBodies sends arbitrary bodies to the write routes of the foundation as a coordinator
// and checks that the server never answers 5xx, always answers in the error shape, and writes
// nothing when it refuses.
func FuzzRequestBodies(f *testing.F) {
	seeds := []string{
		`{"name":"网格"}`, `{"name":`, `[]`, `null`, `{"name":"a","x":1}`, `{"name":1}`,
		`{"label":"101","needs":["elderly_alone"],"visit_every_days":7}`, `{"needs":"x"}`,
		`{"name":"活动室","capacity":1e99}`, `{"capacity":-1}`, "\x00\xff", `{"name":"\ud800"}`,
		`{"timezone":"Asia/Shanghai","lesson_minutes":45}`, `{"login":"13800000000","role":"teacher"}`,
	}
	for _, s := range seeds {
		f.Add(s, uint8(0))
	}
	e := newEnv(&testing.T{})
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	var grid struct{ Grid struct{ ID string } }
	e.must(201, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": "第一网格"}), &grid)
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/communities/" + e.Community + "/grids"},
		{"POST", "/api/v1/grids/" + grid.Grid.ID + "/buildings"},
		{"POST", "/api/v1/communities/" + e.Community + "/venues"},
		{"PATCH", "/api/v1/communities/" + e.Community},
		{"POST", "/api/v1/communities/" + e.Community + "/members"},
		{"POST", "/api/v1/auth/register"},
		{"POST", "/api/v1/auth/login"},
		{"PATCH", "/api/v1/me"},
	}
	f.Fuzz(func(t *testing.T, body string, route uint8) {
		e.t = t
		rt := routes[int(route)%len(routes)]
		before := e.count("audit_log")
		r := e.call(rt.method, rt.path, coord, body)
		if r.Status >= 500 {
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, r.Status, r.Body)
		}
		if r.Status >= 400 {
			if !strings.HasPrefix(string(r.Body), `{"error":{"code":"`) {
				t.Fatalf("error not in the API's shape: %s", r.Body)
			}
			if after := e.count("audit_log"); after != before && r.Status != http.StatusTooManyRequests {
				t.Fatalf("a refused request (%d) wrote %d audit rows", r.Status, after-before)
			}
		}
	})
}
