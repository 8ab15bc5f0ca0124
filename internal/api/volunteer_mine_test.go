package api_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// mySignups reads GET /me/signups with query as the caller, one page of limit items at a time,
// and returns the sessions' dates in order.
func (e *vtEnv) mySignups(cookie, query string) []string {
	e.t.Helper()
	var dates []string
	cursor := ""
	for range 20 {
		var page struct {
			Items      []ptSession
			NextCursor *string `json:"next_cursor"`
		}
		e.must(http.StatusOK, e.call("GET", "/api/v1/me/signups?limit=1&"+query+cursor, cookie, nil), &page)
		for _, s := range page.Items {
			dates = append(dates, s.Date()+" "+s.Status)
		}
		if page.NextCursor == nil {
			return dates
		}
		cursor = "&cursor=" + *page.NextCursor
	}
	e.t.Fatal("the pages of /me/signups do not end")
	return nil
}

// TestMySignups: a volunteer's own active sign-ups, from a date on (today by default), cancelled
// shifts included and shifts left out; nobody else's.
func TestMySignups(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	shift := e.shift("周六社区环境整治", "2026-09-05", "2026-09-26", 5)
	for _, d := range []string{"2026-09-05", "2026-09-12", "2026-09-19", "2026-09-26"} {
		e.must(http.StatusCreated, e.signup(e.VolunteerCookie, shift[d].ID, nil), nil)
	}
	e.must(http.StatusCreated, e.signup(e.Volunteer2Cookie, shift["2026-09-12"].ID, nil), nil)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/sessions/"+shift["2026-09-19"].ID+"/signup", e.VolunteerCookie, nil), nil)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+shift["2026-09-26"].ID, e.Coord, map[string]any{"status": "cancelled", "reason": "台风"}), nil)

	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", "/api/v1/me/signups", "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "from", e.call("GET", "/api/v1/me/signups?from=9/5", e.VolunteerCookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "cursor", e.call("GET", "/api/v1/me/signups?cursor=bm9wZQ", e.VolunteerCookie, nil))
	want := []string{"2026-09-05 scheduled", "2026-09-12 scheduled", "2026-09-26 cancelled"}
	if got := e.mySignups(e.VolunteerCookie, ""); !slices.Equal(got, want) {
		t.Errorf("周强's sign-ups %v, want %v", got, want)
	}
	if got := e.mySignups(e.VolunteerCookie, "from=2026-09-06"); !slices.Equal(got, want[1:]) {
		t.Errorf("周强's sign-ups from 9/6: %v, want %v", got, want[1:])
	}
	if got := e.mySignups(e.Volunteer2Cookie, ""); !slices.Equal(got, []string{"2026-09-12 scheduled"}) {
		t.Errorf("吴敏's sign-ups %v", got)
	}
	if got := e.mySignups(e.Parent, ""); len(got) != 0 {
		t.Errorf("a parent's sign-ups %v", got)
	}
	e.Clock.Set(ptAt(2026, 9, 13, 8, 0))
	if got := e.mySignups(e.VolunteerCookie, ""); !slices.Equal(got, want[2:]) {
		t.Errorf("周强's sign-ups on 9/13: %v, want %v (today on, by default)", got, want[2:])
	}
}

// TestCorrectionList: the community's coordinators list the corrections volunteers filed, with
// the record each would change, pending ones by status; a decided one leaves the pending list.
func TestCorrectionList(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	sat := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5)["2026-09-05"]
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var recorded struct{ Records []linli.ServiceRecord }
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sat.ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
		{"user_id": e.Volunteer, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T11:00:00+08:00"},
		{"user_id": e.Volunteer2, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T10:00:00+08:00"}}}), &recorded)
	var first, second struct{ Correction linli.Correction }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/service/"+recorded.Records[0].ID+"/corrections", e.VolunteerCookie,
		map[string]any{"check_in": "2026-09-05T08:30:00+08:00", "check_out": "2026-09-05T11:30:00+08:00", "reason": "提前到场布置"}), &first)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/service/"+recorded.Records[1].ID+"/corrections", e.Volunteer2Cookie,
		map[string]any{"check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T10:30:00+08:00", "reason": "最后走的"}), &second)

	path := "/api/v1/communities/" + e.Community + "/corrections"
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", path, "", nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", path, e.Parent, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, e.VolunteerCookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "status", e.call("GET", path+"?status=open", e.Coord, nil))
	list := func(query string) []linli.CorrectionResult {
		t.Helper()
		var l struct{ Items []linli.CorrectionResult }
		e.must(http.StatusOK, e.call("GET", path+query, e.Coord, nil), &l)
		return l.Items
	}
	pending := list("?status=pending")
	if len(pending) != 2 || pending[0].Correction.ID != first.Correction.ID || pending[0].Correction.Reason != "提前到场布置" ||
		pending[0].Correction.Hours != 3 || pending[0].ServiceRecord.ID != recorded.Records[0].ID || pending[0].ServiceRecord.Hours != 2 ||
		pending[0].ServiceRecord.User.Name != "周强" || pending[1].ServiceRecord.User.Name != "吴敏" {
		t.Fatalf("pending corrections %+v", pending)
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/corrections/"+first.Correction.ID+"/decide", e.Coord, map[string]any{"accept": true}), nil)
	if p := list("?status=pending"); len(p) != 1 || p[0].Correction.ID != second.Correction.ID {
		t.Errorf("pending after a decision: %+v", p)
	}
	if a := list("?status=accepted"); len(a) != 1 || a[0].ServiceRecord.Hours != 3 {
		t.Errorf("accepted: %+v", a)
	}
	if all := list(""); len(all) != 2 {
		t.Errorf("all corrections: %+v", all)
	}
}
