package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestFoundationAuthorization runs every route of the foundation as each kind of caller and checks
// the status, and that a refused caller sees none of the object's data.
func TestFoundationAuthorization(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	teacherID, _ := e.member("李明", "13800000002", "teacher", "school_teacher")
	_, volunteer := e.member("周强", "13800000005", "volunteer", "")
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")

	var other struct{ Community struct{ ID string } }
	e.must(201, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "另一个社区"}), &other)
	otherCoordID := e.register("外社区协调员", "13900000001")
	e.must(201, e.call("POST", "/api/v1/communities/"+other.Community.ID+"/members", e.Admin, map[string]any{"user_id": otherCoordID, "role": "coordinator"}), nil)
	otherCoord := e.login("13900000001")

	var grid, building, household struct {
		Grid, Building, Household struct{ ID string }
	}
	e.must(201, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": "第一网格"}), &grid)
	e.must(201, e.call("POST", "/api/v1/grids/"+grid.Grid.ID+"/buildings", coord, map[string]any{"name": "1 号楼"}), &building)
	e.must(201, e.call("POST", "/api/v1/buildings/"+building.Building.ID+"/households", coord,
		map[string]any{"label": "秘密标签 101 室", "contact_phone": "13812345678", "needs": []string{"elderly_alone"}}), &household)
	c, g, b, h := e.Community, grid.Grid.ID, building.Building.ID, household.Household.ID

	callers := []struct{ name, cookie string }{
		{"anonymous", ""}, {"parent", parent}, {"volunteer", volunteer}, {"other coordinator", otherCoord}, {"coordinator", coord}, {"admin", e.Admin},
	}
	routes := []struct {
		method, path string
		body         any
		want         [6]int // in the order of callers
	}{
		{"POST", "/api/v1/communities", map[string]any{"name": "新社区"}, [6]int{401, 403, 403, 403, 403, 201}},
		{"GET", "/api/v1/communities", nil, [6]int{200, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/communities/" + c, nil, [6]int{200, 200, 200, 200, 200, 200}},
		{"PATCH", "/api/v1/communities/" + c, map[string]any{"district": "和平区"}, [6]int{401, 404, 403, 404, 200, 200}},
		{"POST", "/api/v1/communities/" + c + "/members", map[string]any{"user_id": teacherID, "role": "volunteer"}, [6]int{401, 404, 403, 404, 201, 201}},
		{"POST", "/api/v1/communities/" + c + "/members", map[string]any{"user_id": teacherID, "role": "coordinator"}, [6]int{401, 404, 403, 404, 403, 201}},
		{"DELETE", "/api/v1/communities/" + c + "/members/" + teacherID + "?role=coordinator", nil, [6]int{401, 404, 403, 404, 403, 204}},
		{"POST", "/api/v1/communities/" + c + "/grids", map[string]any{"name": "网格"}, [6]int{401, 404, 403, 404, 201, 201}},
		{"GET", "/api/v1/communities/" + c + "/grids", nil, [6]int{401, 404, 403, 404, 200, 200}},
		{"POST", "/api/v1/grids/" + g + "/buildings", map[string]any{"name": "楼"}, [6]int{401, 404, 403, 404, 201, 201}},
		{"GET", "/api/v1/grids/" + g + "/buildings", nil, [6]int{401, 404, 403, 404, 200, 200}},
		{"POST", "/api/v1/buildings/" + b + "/households", map[string]any{"label": "102 室"}, [6]int{401, 404, 403, 404, 201, 201}},
		{"GET", "/api/v1/buildings/" + b + "/households", nil, [6]int{401, 404, 403, 404, 200, 200}},
		{"GET", "/api/v1/households/" + h, nil, [6]int{401, 404, 403, 404, 200, 200}},
		{"PATCH", "/api/v1/households/" + h, map[string]any{"contact_name": "张大爷"}, [6]int{401, 404, 403, 404, 200, 200}},
		{"POST", "/api/v1/communities/" + c + "/venues", map[string]any{"name": "活动室", "capacity": 30}, [6]int{401, 404, 403, 404, 201, 201}},
		{"GET", "/api/v1/communities/" + c + "/venues", nil, [6]int{200, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/audit?community_id=" + c, nil, [6]int{401, 404, 403, 404, 200, 200}},
		{"GET", "/api/v1/audit", nil, [6]int{401, 403, 403, 403, 403, 200}},
		{"POST", "/api/v1/users/" + teacherID + "/password-reset", nil, [6]int{401, 404, 404, 404, 201, 201}},
		{"GET", "/api/v1/me", nil, [6]int{401, 200, 200, 200, 200, 200}},
	}
	for _, rt := range routes {
		for i, who := range callers {
			r := e.call(rt.method, rt.path, who.cookie, rt.body)
			if r.Status != rt.want[i] {
				t.Errorf("%s %s as %s: %d, want %d: %s", rt.method, rt.path, who.name, r.Status, rt.want[i], r.Body)
			}
			if r.Status >= 400 && (strings.Contains(string(r.Body), "秘密标签") || strings.Contains(string(r.Body), "13812345678")) {
				t.Errorf("%s %s as %s leaked household data: %s", rt.method, rt.path, who.name, r.Body)
			}
		}
	}
}

// TestRefusedWritesChangeNothing checks that refused and malformed writes leave no rows behind.
func TestRefusedWritesChangeNothing(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	before := map[string]int{}
	tables := []string{"grids", "venues", "memberships", "pending_memberships", "audit_log", "communities"}
	for _, tb := range tables {
		before[tb] = e.count(tb)
	}
	c := e.Community
	e.mustFail(400, "invalid", "capacity", e.call("POST", "/api/v1/communities/"+c+"/venues", coord, map[string]any{"name": "活动室", "capacity": -5}))
	e.mustFail(400, "invalid", "capacity", e.call("POST", "/api/v1/communities/"+c+"/venues", coord, `{"name":"活动室","capacity":"30"}`))
	e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/communities/"+c+"/grids", coord, map[string]any{"name": ""}))
	e.mustFail(400, "invalid", "role", e.call("POST", "/api/v1/communities/"+c+"/members", coord, map[string]any{"login": "13800000001", "role": "boss"}))
	e.mustFail(400, "invalid", "teacher_type", e.call("POST", "/api/v1/communities/"+c+"/members", coord, map[string]any{"login": "13800000001", "role": "teacher"}))
	// A login nobody registered becomes a pending member (API.md) only with the name to show.
	e.mustFail(400, "invalid", "name", e.call("POST", "/api/v1/communities/"+c+"/members", coord, map[string]any{"login": "13999999999", "role": "volunteer"}))
	e.mustFail(404, "not_found", "user_id", e.call("POST", "/api/v1/communities/"+c+"/members", coord, map[string]any{"user_id": "00000000-0000-7000-8000-000000000000", "role": "volunteer"}))
	e.mustFail(400, "invalid", "timezone", e.call("PATCH", "/api/v1/communities/"+c, coord, map[string]any{"timezone": "Mars/Olympus"}))
	e.mustFail(400, "invalid", "calendar_id", e.call("PATCH", "/api/v1/communities/"+c, coord, map[string]any{"calendar_id": "nope"}))
	e.mustFail(400, "invalid", "lesson_minutes", e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "x", "lesson_minutes": 0}))
	e.mustFail(404, "not_found", "", e.call("GET", "/api/v1/communities/not-a-uuid", "", nil))
	e.mustFail(404, "not_found", "", e.call("POST", "/api/v1/grids/00000000-0000-7000-8000-000000000000/buildings", coord, map[string]any{"name": "x"}))
	e.mustFail(400, "invalid", "limit", e.call("GET", "/api/v1/communities?limit=501", "", nil))
	e.mustFail(400, "invalid", "cursor", e.call("GET", "/api/v1/communities?cursor=***", "", nil))
	// Order of checks: 401 before 400; 404 before 400.
	e.mustFail(401, "unauthenticated", "", e.call("POST", "/api/v1/communities/"+c+"/grids", "", `{"name":`))
	e.mustFail(404, "not_found", "", e.call("POST", "/api/v1/grids/00000000-0000-7000-8000-000000000000/buildings", coord, `{"name":`))
	for _, tb := range tables {
		if n := e.count(tb); n != before[tb] {
			t.Errorf("%s: %d rows after refused writes, want %d", tb, n, before[tb])
		}
	}
}

func TestListPaging(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.must(201, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "社区" + string(rune('A'+i))}), nil)
	}
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; pages < 10; pages++ {
		var page struct {
			Items      []struct{ ID string }
			NextCursor *string `json:"next_cursor"`
		}
		e.must(200, e.call("GET", "/api/v1/communities?limit=2&cursor="+cursor, "", nil), &page)
		for _, it := range page.Items {
			if seen[it.ID] {
				t.Fatalf("community %s on two pages", it.ID)
			}
			seen[it.ID] = true
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if len(seen) != 6 {
		t.Fatalf("paging saw %d communities, want 6", len(seen))
	}
}

func TestIdempotencyKey(t *testing.T) {
	e := newEnv(t)
	body := map[string]any{"name": "重试社区"}
	first := e.call("POST", "/api/v1/communities", e.Admin, body, "Idempotency-Key", "k-1")
	second := e.call("POST", "/api/v1/communities", e.Admin, body, "Idempotency-Key", "k-1")
	if first.Status != 201 || second.Status != 201 || string(first.Body) != string(second.Body) {
		t.Fatalf("retry answered %d %s, first %d %s", second.Status, second.Body, first.Status, first.Body)
	}
	if second.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatal("replay not marked")
	}
	e.mustFail(409, "conflict", "Idempotency-Key", e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "别的"}, "Idempotency-Key", "k-1"))
	var n int
	e.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM communities WHERE name = '重试社区'").Scan(&n)
	if n != 1 {
		t.Fatalf("%d communities created for one idempotent request", n)
	}
	// Another user's same key is another request.
	e.must(201, e.call("POST", "/api/v1/auth/register", "", map[string]any{"name": "甲", "login": "a@linli.test", "password": "12345678"}, "Idempotency-Key", "k-1"), nil)
}

func TestCrossSiteWriteRefused(t *testing.T) {
	e := newEnv(t)
	r := e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "跨站"}, "Sec-Fetch-Site", "cross-site")
	e.mustFail(http.StatusForbidden, "forbidden", "", r)
	r = e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "跨站"}, "Origin", "https://evil.example")
	e.mustFail(http.StatusForbidden, "forbidden", "", r)
	e.must(201, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "同站"}, "Sec-Fetch-Site", "same-origin"), nil)
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t)
	e.must(200, e.call("GET", "/healthz", "", nil), nil)
	e.must(200, e.call("GET", "/readyz", "", nil), nil)
	r := e.call("GET", "/metrics", "", nil)
	if r.Status != 200 || !strings.Contains(string(r.Body), `linli_http_requests_total{code="201",method="POST",route="/api/v1/communities"}`) {
		t.Fatalf("metrics lack per-route request counts: %.500s", r.Body)
	}
	e.DB.Close()
	e.mustFail(503, "unavailable", "", e.call("GET", "/readyz", "", nil))
}

func TestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t)
	e.register("陈静", "13800000007")
	cookie := e.login("13800000007")
	e.call("GET", "/api/v1/me", cookie, nil)
	e.call("POST", "/api/v1/auth/login", "", map[string]any{"login": "13800000007", "password": "wrong-secret-pw"})
	logs := e.Logs.String()
	for _, secret := range []string{cookie, "password-13800000007", "wrong-secret-pw", "13800000007"} {
		if strings.Contains(logs, secret) {
			t.Fatalf("logs contain %q", secret)
		}
	}
	if !strings.Contains(logs, `"route":"/api/v1/me"`) {
		t.Fatal("requests are not logged at all")
	}
}
