package api_test

import (
	"fmt"
	"net/http"
	"time"
)

// mxRoundRows are the rows of the application rounds (API.md "Application rounds"). Rounds are
// public: whoever is signed in sees one, so the coordinators' routes are 403 to them.
var mxRoundRows = []mxRow{
	{method: "POST", path: "/api/v1/communities/{community}/rounds", body: `{"title":"寒假书法","program_ids":["{fresh_round_program}"],
		"opens_at":"2026-09-10T08:00:00+08:00","closes_at":"2026-09-20T20:00:00+08:00"}`, want: mxPublicCoord(201)},
	{method: "GET", path: "/api/v1/rounds?community_id={community}", want: mxAll200},
	{method: "GET", path: "/api/v1/rounds/{round_open}", want: mxAll200},
	{method: "PATCH", path: "/api/v1/rounds/{fresh_round_draft}", body: `{"title":"寒假书法（改）"}`, want: mxPublicCoord(200)},
	{method: "DELETE", path: "/api/v1/rounds/{fresh_round_draft}", want: mxPublicCoord(204)},
	{method: "PUT", path: "/api/v1/rounds/{round_open}/applications/{child_of_A}", body: `{"program_ids":["{round_program}"]}`, want: mxGuardianA(200)},
	{method: "GET", path: "/api/v1/rounds/{round_open}/applications", want: mxUser200},
	{method: "DELETE", path: "/api/v1/rounds/{round_open}/applications/{fresh_application_of_A}", want: mxGuardianA(204)},
	{method: "PUT", path: "/api/v1/rounds/{round_open}/applications/{application_of_A}/priority", body: `{"group_key":null}`, want: mxPublicCoord(200)},
	{method: "POST", path: "/api/v1/rounds/{fresh_round_open}/close", want: mxPublicCoord(200)},
	{method: "POST", path: "/api/v1/rounds/{fresh_round_closed}/draw", body: `{"public_entropy":"福彩3D 2026-09-07 开奖号码 358"}`, want: mxPublicCoord(200)},
	{method: "GET", path: "/api/v1/rounds/{round_drawn}/result", want: mxAll200},
	{method: "GET", path: "/api/v1/rounds/{round_open}/stats", want: mxPublicCoord(200)},
}

func init() { mxRows = append(mxRows, mxRoundRows...) }

// mxRoundProgram plans a holiday class in October, for children 6 to 10, and returns its id.
func (f *mxFixture) mxRoundProgram() string {
	f.n++
	day := fmt.Sprintf("2026-10-%02d", 1+f.n%28)
	return f.mxPost(f.Coord, "/api/v1/communities/"+f.Community+"/programs", ptProgram("holiday_class", fmt.Sprintf("寒假书法%d班", f.n),
		ptSchedule(day, day, "09:00", "10:30", "all_days"), func(p map[string]any) { p["age_min"], p["age_max"] = 6, 10 }), "program.id")
}

// mxRound creates a round of a new program, opening at opens and closing at closes.
func (f *mxFixture) mxRound(program string, opens, closes time.Time) string {
	return f.mxPost(f.Coord, "/api/v1/communities/"+f.Community+"/rounds", map[string]any{"title": "秋季书法班报名", "program_ids": []string{program},
		"opens_at": opens.Format(time.RFC3339), "closes_at": closes.Format(time.RFC3339),
		"priority_groups": []map[string]any{{"key": "kunjing", "label": "困境儿童"}}}, "round.id")
}

// buildRounds, at mxThen, makes an open round with parent A's application and a drawn round.
func (f *mxFixture) buildRounds() {
	id := f.IDs
	id["round_program"] = f.mxRoundProgram()
	id["round_open"] = f.mxRound(id["round_program"], mxThen.Add(-time.Hour), mxThen.Add(14*24*time.Hour))
	id["application_of_A"] = f.mxApply(id["round_open"], id["child_of_A"], id["round_program"])
	drawn := f.mxRound(f.mxRoundProgram(), mxThen.Add(-time.Hour), mxThen.Add(24*time.Hour))
	f.mxApply(drawn, id["child_of_A"], f.roundPrograms(drawn)[0])
	f.must(http.StatusOK, f.call("POST", "/api/v1/rounds/"+drawn+"/close", f.Coord, nil), nil)
	f.must(http.StatusOK, f.call("POST", "/api/v1/rounds/"+drawn+"/draw", f.Coord, nil), nil)
	id["round_drawn"] = drawn
}

// roundPrograms reads the program ids of a round.
func (f *mxFixture) roundPrograms(round string) []string {
	var r rtRound
	f.must(http.StatusOK, f.call("GET", "/api/v1/rounds/"+round, f.Coord, nil), &r)
	return r.Round.ProgramIDs
}

// mxApply applies for one of parent A's children and returns the application's id.
func (f *mxFixture) mxApply(round, child, program string) string {
	var a rtApplication
	f.must(http.StatusOK, f.call("PUT", "/api/v1/rounds/"+round+"/applications/"+child, f.Callers[mxParentA].Cookie,
		map[string]any{"program_ids": []string{program}}), &a)
	return a.Application.ID
}

// roundFreshMakers make the rounds and applications a cell may use up.
func (f *mxFixture) roundFreshMakers() map[string]func() string {
	return map[string]func() string{
		"fresh_round_program": f.mxRoundProgram,
		"fresh_round_draft": func() string {
			return f.mxRound(f.mxRoundProgram(), mxThen.Add(24*time.Hour), mxThen.Add(48*time.Hour))
		},
		"fresh_round_open": func() string {
			return f.mxRound(f.mxRoundProgram(), mxThen.Add(-time.Hour), mxThen.Add(48*time.Hour))
		},
		"fresh_round_closed": func() string {
			r := f.mxRound(f.mxRoundProgram(), mxThen.Add(-time.Hour), mxThen.Add(48*time.Hour))
			f.must(http.StatusOK, f.call("POST", "/api/v1/rounds/"+r+"/close", f.Coord, nil), nil)
			return r
		},
		"fresh_application_of_A": func() string {
			return f.mxApply(f.IDs["round_open"], f.mxChild(f.Callers[mxParentA].Cookie, "张小明", "2018-05-01"), f.IDs["round_program"])
		},
	}
}
