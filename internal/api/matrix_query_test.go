package api_test

import (
	"net/http"
	"testing"
)

// mxBadQueries are malformed queries of the routes whose service reads its query after the
// permission check: each is appended to the path of the matrix row named.
var mxBadQueries = []struct{ method, path, query string }{
	{"GET", "/api/v1/children", "?limit=many"},
	{"GET", "/api/v1/bookings", "?cursor=&limit=0"},
	{"GET", "/api/v1/bookings?child_id={child_of_A}", "&from=tomorrow"},
	{"GET", "/api/v1/me/notifications", "?unread=maybe"},
	{"GET", "/api/v1/webhooks", "?limit=-1"},
	{"GET", "/api/v1/webhooks/{webhook}/deliveries", "?limit=x"},
	{"GET", "/api/v1/audit?community_id={community}", "&from=2026-13-01"},
	{"GET", "/api/v1/audit", "?to=yesterday"},
	{"GET", "/api/v1/access-log", "?format=pdf"},
	{"GET", "/api/v1/access-log", "?from=2026-09"},
	{"GET", "/api/v1/me/signups", "?from=today"},
	{"GET", "/api/v1/me/service", "?limit=1000000"},
	{"GET", "/api/v1/reports/volunteer-hours?community_id={community}", "&format=pdf"},
	{"GET", "/api/v1/reports/volunteer-record?user_id={volunteer}", "&to=2026-02-30"},
	{"GET", "/api/v1/reports/volunteer-record/certificate?user_id={volunteer}", "&from=2026-9-1"},
	{"GET", "/api/v1/reports/volunteer-hours?community_id={community}", "&format=xlsx&to=2026-02-30"},
}

// TestAuthorizationBeforeQuery: a caller who may not read a list or a report gets the same 401,
// 403 or 404 with a malformed query as with a good one, so the refusal of the query tells them
// nothing; whoever may read it gets 400.
func TestAuthorizationBeforeQuery(t *testing.T) {
	f := newMatrixFixture(t)
	f.shown = map[string]bool{}
	for _, q := range mxBadQueries {
		var row *mxRow
		for i := range mxRows {
			if mxRows[i].method == q.method && mxRows[i].path == q.path {
				row = &mxRows[i]
			}
		}
		if row == nil {
			t.Fatalf("no row of the matrix is %s %s", q.method, q.path)
		}
		bad := *row
		bad.path += q.query
		for who := range mxCallers {
			want := row.want[who]
			if want < 400 || want > 404 {
				want = http.StatusBadRequest
			}
			f.mxCheck(bad, who, "", want)
		}
	}
}
