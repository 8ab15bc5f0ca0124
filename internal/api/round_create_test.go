package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestRoundBodyIsChecked: a round takes only holiday classes and after-school care that keep a
// waiting list and are in no other round not drawn (409 conflict on program_ids); a malformed
// body is 400 on its field; nothing is created by a refusal.
func TestRoundBodyIsChecked(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 10, 6, 10, "09:00", "10:30")
	noLine := e.createProgram(ptProgram("holiday_class", "无候补班", ptSchedule("2027-01-18", "2027-01-22", "14:00", "15:00", "all_days"),
		func(p map[string]any) { p["waitlist"] = false })).Program.ID
	event := e.createProgram(ptProgram("event", "议事会", ptSchedule("2027-01-18", "2027-01-18", "19:00", "20:00", "all_days"))).Program.ID
	post := func(b map[string]any) response {
		return e.call("POST", "/api/v1/communities/"+e.Community+"/rounds", e.Coord, b)
	}
	e.mustFail(http.StatusConflict, linli.EConflict, "program_ids[1]", post(roundBody([]string{class, noLine})))
	e.mustFail(http.StatusConflict, linli.EConflict, "program_ids[0]", post(roundBody([]string{event})))
	for _, tc := range []struct {
		field string
		edit  func(map[string]any)
	}{
		{"title", func(b map[string]any) { b["title"] = " " }},
		{"program_ids", func(b map[string]any) { b["program_ids"] = []string{} }},
		{"program_ids[1]", func(b map[string]any) { b["program_ids"] = []string{class, class} }},
		{"program_ids[0]", func(b map[string]any) { b["program_ids"] = []string{"0190a3c4-0000-7000-8000-000000000001"} }},
		{"closes_at", func(b map[string]any) { b["closes_at"] = rtOpen.Add(-time.Hour).Format(time.RFC3339) }},
		{"closes_at", func(b map[string]any) {
			b["opens_at"], b["closes_at"] = rtStart.Add(-48*time.Hour).Format(time.RFC3339), rtStart.Add(-time.Hour).Format(time.RFC3339)
		}},
		{"draw_at", func(b map[string]any) { b["draw_at"] = rtClose.Add(-time.Minute).Format(time.RFC3339) }},
		{"max_wishes", func(b map[string]any) { b["max_wishes"] = 11 }},
		{"max_places_per_child", func(b map[string]any) { b["max_wishes"], b["max_places_per_child"] = 2, 3 }},
		{"priority_groups[1].key", func(b map[string]any) {
			b["priority_groups"] = []map[string]any{{"key": "a", "label": "困境儿童"}, {"key": "a", "label": "双职工"}}
		}},
		{"priority_groups[0].label", func(b map[string]any) { b["priority_groups"] = []map[string]any{{"key": "a", "label": ""}} }},
		{"entropy_source", func(b map[string]any) { b["entropy_source"] = strings.Repeat("号", 501) }},
		{"opens_at", func(b map[string]any) { b["opens_at"] = "2026-12-02 08:00" }},
		{"colour", func(b map[string]any) { b["colour"] = "red" }},
	} {
		res := post(roundBody([]string{class}, tc.edit))
		if ae := ptError(res); res.Status != http.StatusBadRequest || ae.Error.Field != tc.field {
			t.Errorf("%s: %d %s", tc.field, res.Status, res.Body)
		}
	}
	if n := e.count("rounds"); n != 0 {
		t.Fatalf("refused bodies created %d rounds", n)
	}
	r := e.createRound(roundBody([]string{class}, func(b map[string]any) { b["max_wishes"], b["max_places_per_child"] = 5, 2 }))
	if r.MaxWishes != 5 || r.MaxPlacesPerChild != 2 {
		t.Fatalf("round %+v", r)
	}
	e.mustFail(http.StatusConflict, linli.EConflict, "program_ids[0]", post(roundBody([]string{class})))
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("GET", "/api/v1/rounds/0190a3c4-0000-7000-8000-000000000001", "", nil))
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("GET", "/api/v1/rounds/not-an-id", "", nil))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "community_id", e.call("GET", "/api/v1/rounds?community_id=x", "", nil))
	var list struct{ Items []linli.Round }
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds?community_id="+e.Community, "", nil), &list)
	if len(list.Items) != 1 || list.Items[0].ID != r.ID || list.Items[0].Status != linli.RoundDraft {
		t.Fatalf("rounds %+v", list.Items)
	}
	// Deleted before it opens, the round frees its program for another.
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/rounds/"+r.ID, e.Coord, nil), nil)
	e.createRound(roundBody([]string{class}))
}

// TestCloseRemovesWishesThatClash: at the close, a wish whose sessions overlap a confirmed
// booking a child holds outside the round is removed (not published, not drawn) and the family
// is told; the program's seats are the fewest free over its round sessions.
func TestCloseRemovesWishesThatClash(t *testing.T) {
	e := newRoundEnv(t)
	morning := e.holidayClass("书法A班", 4, 6, 10, "09:00", "10:30")
	afternoon := e.holidayClass("美术班", 4, 6, 10, "14:00", "15:30")
	outside := e.createProgram(ptProgram("holiday_class", "游泳班", ptSchedule("2027-01-20", "2027-01-20", "10:00", "11:00", "all_days"),
		func(p map[string]any) { p["capacity"] = 1 })).Program.ID
	// Before the round takes the class (from then on it is booked only through the draw), someone
	// takes a seat of one afternoon session: the program's seats are 3.
	other, theirs := e.family("2018-04-01")
	var sessions []ptSession
	for _, s := range e.sessions(e.Coord, "from=2027-01-18&program_id="+afternoon) {
		sessions = append(sessions, s)
	}
	e.must(http.StatusCreated, e.call("POST", "/api/v1/bookings", other, map[string]any{"child_id": theirs[0], "session_id": sessions[2].ID}), nil)
	r := e.createRound(roundBody([]string{morning, afternoon}))
	e.Clock.Set(rtOpen.Add(time.Hour))
	cookie, kids := e.family("2018-03-01")
	app := e.apply(cookie, r.ID, kids, morning, afternoon)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/bookings", cookie, map[string]any{"child_id": kids[0], "program_id": outside}), nil)
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), nil)
	var mine struct{ Items []linli.RoundApplicationView }
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/applications", cookie, nil), &mine)
	if v := mine.Items[0]; v.ID != app.ID || strings.Join(v.ProgramIDs, ",") != afternoon || strings.Join(v.RemovedAtClose, ",") != morning {
		t.Fatalf("after the close the application is %+v", v)
	}
	if n := noticeOf(e.inbox(cookie), linli.NoticeRoundWishRemoved, "书法A班"); n == nil || !strings.Contains(n.Body, app.ID) {
		t.Fatalf("the family was not told of the removed wish: %+v", e.inbox(cookie))
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, nil), nil)
	var result linli.RoundResult
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil), &result)
	seats := map[string]int{}
	for _, p := range result.Programs {
		seats[p.ID] = p.Seats
	}
	if seats[morning] != 4 || seats[afternoon] != 3 || linli.VerifyRoundResult(result) != nil {
		t.Fatalf("programs %+v", result.Programs)
	}
	if a := result.Applications[0]; strings.Join(a.ProgramIDs, ",") != afternoon || strings.Join(a.Placed, ",") != afternoon {
		t.Fatalf("published application %+v", a)
	}
}
