package api_test

import (
	"net/http"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestMyService: GET /me/service gives the volunteer their own records, pending, approved and
// rejected (with the coordinator's note), newest first, a filed correction marked, page by page;
// never another volunteer's.
func TestMyService(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	shifts := e.shift("周六社区环境整治", "2026-09-05", "2026-09-19", 5)
	days := []string{"2026-09-05", "2026-09-12", "2026-09-19"}
	e.Clock.Set(ptAt(2026, 9, 19, 12, 0))
	e.Coord, e.VolunteerCookie, e.Volunteer2Cookie = e.login("13800000001"), e.login("13800000005"), e.login("13800000006")
	ids := map[string]string{}
	for _, d := range days {
		var rec struct{ Records []linli.ServiceRecord }
		e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+shifts[d].ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
			{"user_id": e.Volunteer, "check_in": d + "T09:00:00+08:00", "check_out": d + "T11:00:00+08:00"}}}), &rec)
		ids[d] = rec.Records[0].ID
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+ids["2026-09-05"]+"/approve", e.Coord, nil), nil)
	// POST /service/{id}/reject is another change's; the record model (migration 0015) holds the state.
	if _, err := e.DB.WritePool().Exec(`UPDATE service_records SET status = 'rejected', reject_note = '当天没有签到记录' WHERE id = ?`, ids["2026-09-12"]); err != nil {
		t.Fatal(err)
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/service/"+ids["2026-09-19"]+"/corrections", e.VolunteerCookie, map[string]any{
		"check_in": "2026-09-19T08:45:00+08:00", "check_out": "2026-09-19T11:00:00+08:00", "reason": "提前到场布置"}), nil)

	var page1, page2 struct {
		Items      []linli.ServiceRecord
		NextCursor string `json:"next_cursor"`
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/service?limit=2", e.VolunteerCookie, nil), &page1)
	if len(page1.Items) != 2 || page1.NextCursor == "" {
		t.Fatalf("first page: %+v", page1)
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/service?limit=2&cursor="+page1.NextCursor, e.VolunteerCookie, nil), &page2)
	all := append(page1.Items, page2.Items...)
	if len(all) != 3 || page2.NextCursor != "" {
		t.Fatalf("pages: %d records, next %q", len(all), page2.NextCursor)
	}
	want := []struct{ id, status, note string }{{ids["2026-09-19"], "pending", ""}, {ids["2026-09-12"], "rejected", "当天没有签到记录"}, {ids["2026-09-05"], "approved", ""}}
	for i, w := range want {
		if r := all[i]; r.ID != w.id || r.Status != w.status || r.RejectNote != w.note || r.CorrectionPending != (i == 0) {
			t.Errorf("record %d: %s %s %q correction %v, want %s %s %q", i, r.ID, r.Status, r.RejectNote, r.CorrectionPending, w.id, w.status, w.note)
		}
	}
	var others struct{ Items []linli.ServiceRecord }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/service", e.Volunteer2Cookie, nil), &others)
	if len(others.Items) != 0 {
		t.Errorf("another volunteer sees %d records", len(others.Items))
	}
	e.mustFail(http.StatusBadRequest, "invalid", "cursor", e.call("GET", "/api/v1/me/service?cursor=nonsense", e.VolunteerCookie, nil))
	if rep := e.hoursReport(e.Coord, "community_id="+e.Community); rep.Totals.Records != 1 {
		t.Errorf("the hours report counts %d records, want the approved one", rep.Totals.Records)
	}
}
