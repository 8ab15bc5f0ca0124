package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestRoundRefusals: every route refuses what it must, with the status and field of API.md, and
// a refusal changes nothing.
func TestRoundRefusals(t *testing.T) {
	e := newRoundEnv(t)
	a := e.holidayClass("书法A班", 5, 6, 10, "09:00", "10:30")
	b := e.holidayClass("美术班", 5, 6, 10, "14:00", "15:30")
	r := e.createRound(roundBody([]string{a, b}))
	nobody := "0190a3c4-0000-7000-8000-000000000009"
	for _, path := range []string{"/api/v1/rounds/" + nobody, "/api/v1/rounds/" + nobody + "/applications", "/api/v1/rounds/" + nobody + "/result",
		"/api/v1/rounds/" + nobody + "/stats"} {
		e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("GET", path, e.Coord, nil))
	}
	for _, c := range []struct{ method, path string }{{"PATCH", ""}, {"DELETE", ""}, {"POST", "/close"}, {"POST", "/draw"}} {
		e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call(c.method, "/api/v1/rounds/"+nobody+c.path, e.Coord, map[string]any{}))
	}
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("POST", "/api/v1/communities/"+nobody+"/rounds", e.Coord, roundBody([]string{a})))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "limit", e.call("GET", "/api/v1/rounds?limit=0", "", nil))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "max_wishes", e.call("PATCH", "/api/v1/rounds/"+r.ID, e.Coord, map[string]any{"max_wishes": 0}))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil))

	e.Clock.Set(rtOpen.Add(time.Hour))
	cookie, kids := e.family("2018-03-01", "2018-03-01", "2019-01-01")
	path := "/api/v1/rounds/" + r.ID + "/applications/"
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("PUT", "/api/v1/rounds/"+nobody+"/applications/"+kids[0], cookie, map[string]any{"program_ids": []string{a}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "child_ids", e.call("PUT", path+kids[0], cookie, map[string]any{"child_ids": []string{kids[1]}, "program_ids": []string{a}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "child_ids[1]", e.call("PUT", path+kids[0], cookie, map[string]any{"child_ids": []string{kids[0], kids[0]}, "program_ids": []string{a}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "program_ids", e.call("PUT", path+kids[0], cookie, map[string]any{"program_ids": []string{}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "limit", e.call("GET", "/api/v1/rounds/"+r.ID+"/applications?limit=x", cookie, nil))
	twins := e.apply(cookie, r.ID, kids[:2], a)
	// The third child may not join by taking one twin out of their application.
	e.mustFail(http.StatusConflict, linli.EConflict, "child_ids", e.call("PUT", path+kids[2], cookie, map[string]any{"child_ids": []string{kids[2], kids[1]}, "program_ids": []string{b}}))
	// All three together absorb the twins' application.
	all := e.apply(cookie, r.ID, []string{kids[2], kids[0], kids[1]}, b)
	var mine struct{ Items []linli.RoundApplicationView }
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/applications", cookie, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != all.ID || mine.Items[0].Size != 3 || all.ID == twins.ID {
		t.Fatalf("after absorbing: %+v", mine.Items)
	}
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("DELETE", path+twins.ID, cookie, nil))
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("DELETE", path+all.ID, e.Coord, nil))
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("PUT", path+twins.ID+"/priority", e.Coord, map[string]any{"group_key": nil}))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, nil))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("GET", "/api/v1/rounds/"+r.ID+"/result", e.Coord, nil))

	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), nil)
	e.mustFail(http.StatusConflict, linli.ERoundClosed, "", e.call("DELETE", path+all.ID, cookie, nil))
	e.mustFail(http.StatusConflict, linli.ERoundClosed, "", e.call("PUT", path+all.ID+"/priority", e.Coord, map[string]any{"group_key": nil}))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("PATCH", "/api/v1/rounds/"+r.ID, e.Coord, map[string]any{"title": "x"}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, `{"public_entropy":`))
	if n := e.count("round_places"); n != 0 {
		t.Fatalf("refusals placed %d", n)
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, nil), nil)
	// Drawn: the programs are free for another round.
	e.createRound(roundBody([]string{a, b}, func(m map[string]any) {
		m["opens_at"], m["closes_at"], m["draw_at"] = rtOpen.Add(48*time.Hour).Format(time.RFC3339), rtClose.Add(48*time.Hour).Format(time.RFC3339), nil
	}))
}
