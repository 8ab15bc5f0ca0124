package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestRoundFromCreationToDraw: a coordinator creates a round of three holiday classes; families
// apply (one child, siblings together) while it is open; the coordinator closes it, which
// publishes the commitment and both digests, and draws it: every family is told its outcome
// with its application id and lottery number, the placed children hold confirmed bookings, and
// the published result checks out with the verifier and fails it once changed.
func TestRoundFromCreationToDraw(t *testing.T) {
	e := newRoundEnv(t)
	calligraphy := e.holidayClass("书法A班", 2, 6, 10, "09:00", "10:30")
	goGame := e.holidayClass("围棋班", 1, 6, 10, "09:30", "11:00")
	art := e.holidayClass("美术班", 5, 8, 12, "14:00", "15:30")
	r := e.createRound(roundBody([]string{calligraphy, goGame, art}, func(b map[string]any) {
		b["priority_groups"] = []map[string]any{{"key": "kunjing", "label": "困境儿童"}}
	}))
	if r.Status != linli.RoundDraft || r.MaxWishes != 3 || r.MaxPlacesPerChild != 1 || len(r.ProgramIDs) != 3 || r.PriorityGroups[0].Label != "困境儿童" {
		t.Fatalf("new round %+v", r)
	}
	one, solo := e.family("2018-03-01")
	two, twins := e.family("2017-06-01", "2017-06-01")
	three, young := e.family("2019-05-05")

	// Before it opens: the parent sees no labels, cannot apply; the coordinator can still change it.
	var seen rtRound
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID, one, nil), &seen)
	if g := seen.Round.PriorityGroups; len(g) != 1 || g[0].Label != "" || g[0].Key != "" || seen.Round.Commitment != "" {
		t.Fatalf("a parent sees %+v", seen.Round)
	}
	e.mustFail(http.StatusConflict, linli.ERoundClosed, "", e.call("PUT", "/api/v1/rounds/"+r.ID+"/applications/"+solo[0], one, map[string]any{"program_ids": []string{art}}))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/rounds/"+r.ID, e.Coord, map[string]any{"title": "2027 寒假特色课堂（第一轮）"}), &seen)
	if seen.Round.Title != "2027 寒假特色课堂（第一轮）" {
		t.Fatalf("patched %+v", seen.Round)
	}

	e.Clock.Set(rtOpen.Add(time.Hour))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("PATCH", "/api/v1/rounds/"+r.ID, e.Coord, map[string]any{"title": "改名"}))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("DELETE", "/api/v1/rounds/"+r.ID, e.Coord, nil))
	a1 := e.apply(one, r.ID, solo, calligraphy, goGame, art)
	if a1.ID == "" || a1.Size != 1 || strings.Join(a1.ProgramIDs, ",") != calligraphy+","+goGame+","+art || a1.PriorityRank != 1 {
		t.Fatalf("application %+v", a1)
	}
	again := e.apply(one, r.ID, solo, goGame, calligraphy)
	if again.ID != a1.ID || strings.Join(again.ProgramIDs, ",") != goGame+","+calligraphy {
		t.Fatalf("replaced application %+v, first %+v", again, a1)
	}
	a2 := e.apply(two, r.ID, twins, calligraphy, art)
	if a2.Size != 2 || len(a2.ChildIDs) != 2 {
		t.Fatalf("siblings' application %+v", a2)
	}
	path := "/api/v1/rounds/" + r.ID + "/applications/"
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "program_ids", e.call("PUT", path+young[0], three, map[string]any{"program_ids": []string{calligraphy, goGame, art, calligraphy}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "program_ids[1]", e.call("PUT", path+young[0], three, map[string]any{"program_ids": []string{calligraphy, calligraphy}}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "program_ids[0]", e.call("PUT", path+young[0], three, map[string]any{"program_ids": []string{e.holidayClass("别的课", 3, 3, 12, "16:00", "17:00")}}))
	res := e.call("PUT", path+young[0], three, map[string]any{"program_ids": []string{calligraphy, art}})
	e.mustFail(http.StatusUnprocessableEntity, linli.ENotEligible, "program_ids[1]", res)
	if !strings.Contains(string(res.Body), art) {
		t.Fatalf("not_eligible does not name the program: %s", res.Body)
	}
	e.mustFail(http.StatusNotFound, linli.ENotFound, "child_id", e.call("PUT", path+solo[0], three, map[string]any{"program_ids": []string{art}}))
	e.mustFail(http.StatusNotFound, linli.ENotFound, "child_ids[1]", e.call("PUT", path+young[0], three, map[string]any{"child_ids": []string{young[0], solo[0]}, "program_ids": []string{calligraphy}}))
	a3 := e.apply(three, r.ID, young, goGame)

	// Lists: each family its own; the coordinator all, with given names and groups.
	var mine struct{ Items []linli.RoundApplicationView }
	e.must(http.StatusOK, e.call("GET", strings.TrimSuffix(path, "/"), two, nil), &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != a2.ID || len(mine.Items[0].ChildNames) != 0 {
		t.Fatalf("family two lists %+v", mine.Items)
	}
	e.must(http.StatusOK, e.call("PUT", path+a3.ID+"/priority", e.Coord, map[string]any{"group_key": "kunjing"}), nil)
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "group_key", e.call("PUT", path+a3.ID+"/priority", e.Coord, map[string]any{"group_key": "vip"}))
	e.mustFail(http.StatusForbidden, linli.EForbidden, "", e.call("PUT", path+a3.ID+"/priority", three, map[string]any{"group_key": "kunjing"}))
	e.must(http.StatusOK, e.call("GET", strings.TrimSuffix(path, "/"), e.Coord, nil), &mine)
	if len(mine.Items) != 3 || len(mine.Items[1].ChildNames) != 2 {
		t.Fatalf("the coordinator lists %+v", mine.Items)
	}
	var page struct {
		Items      []linli.RoundApplicationView
		NextCursor string `json:"next_cursor"`
	}
	e.must(http.StatusOK, e.call("GET", strings.TrimSuffix(path, "/")+"?limit=2", e.Coord, nil), &page)
	if len(page.Items) != 2 || page.NextCursor == "" {
		t.Fatalf("first page %+v", page)
	}
	cursor := page.NextCursor
	page.Items, page.NextCursor = nil, ""
	e.must(http.StatusOK, e.call("GET", strings.TrimSuffix(path, "/")+"?limit=2&cursor="+cursor, e.Coord, nil), &page)
	if len(page.Items) != 1 || page.Items[0].ID != mine.Items[2].ID || page.NextCursor != "" {
		t.Fatalf("second page %+v", page)
	}
	for _, v := range mine.Items {
		if v.ID == a3.ID && (v.PriorityRank != 0 || v.PriorityGroup == nil || *v.PriorityGroup != "kunjing") {
			t.Fatalf("priority not set: %+v", v)
		}
	}
	// Withdrawing: never another family's; one's own while open.
	e.mustFail(http.StatusNotFound, linli.ENotFound, "", e.call("DELETE", path+a3.ID, one, nil))
	extra, kid := e.family("2018-01-01")
	gone := e.apply(extra, r.ID, kid, art)
	e.must(http.StatusNoContent, e.call("DELETE", path+gone.ID, extra, nil), nil)

	// The close freezes and commits.
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, map[string]any{}))
	e.Clock.Set(rtClose.Add(-time.Hour))
	e.mustFail(http.StatusForbidden, linli.EForbidden, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/close", one, nil))
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), &seen)
	c := seen.Round
	if c.Status != linli.RoundClosed || len(c.Commitment) != 64 || c.ApplicationsDigest == nil || c.ProgramsDigest == nil || c.ServerSeed != "" || c.Applications != 3 {
		t.Fatalf("closed round %+v", c)
	}
	e.mustFail(http.StatusConflict, linli.ERoundClosed, "", e.call("PUT", path+solo[0], one, map[string]any{"program_ids": []string{art}}))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil))
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil))

	// The draw places and tells everyone.
	var drawn struct {
		Round linli.Round
		Stats linli.RoundStats
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, nil), &drawn)
	if drawn.Round.Status != linli.RoundDrawn || len(drawn.Round.ServerSeed) != 64 || len(drawn.Round.DrawSeed) != 64 || drawn.Stats.Applications != 3 || drawn.Stats.Children != 4 {
		t.Fatalf("drawn %+v", drawn)
	}
	e.mustFail(http.StatusConflict, linli.EConflict, "", e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, nil))
	var result linli.RoundResult
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil), &result)
	if err := linli.VerifyRoundResult(result); err != nil {
		t.Fatalf("the published result does not verify: %v", err)
	}
	if len(result.Applications) != 3 || result.Applications[0].ID != a3.ID || result.Applications[0].PriorityRank != 0 {
		t.Fatalf("result applications %+v (the priority group first)", result.Applications)
	}
	body := string(e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil).Body)
	for _, secret := range []string{"困境儿童", "kunjing", "孩子", "家长"} {
		if strings.Contains(body, secret) {
			t.Errorf("the published result shows %q", secret)
		}
	}
	tampered := result
	tampered.Applications = append([]linli.RoundResultApplication{}, result.Applications...)
	tampered.Applications[1].LotteryNumber = strings.Repeat("0", 64)
	if linli.VerifyRoundResult(tampered) == nil {
		t.Fatal("a changed lottery number verifies")
	}
	// a3 (priority, 围棋班 first) is placed in 围棋班 whatever the lottery: its one seat.
	if got := result.Applications[0].Placed; len(got) != 1 || got[0] != goGame {
		t.Fatalf("the priority application got %v", got)
	}
	for _, fam := range []struct {
		cookie string
		app    string
	}{{one, a1.ID}, {two, a2.ID}, {three, a3.ID}} {
		if n := noticeOf(e.inbox(fam.cookie), linli.NoticeRoundDrawn, fam.app); n == nil {
			t.Errorf("family of %s has no draw notice naming its application", fam.app)
		}
	}
	if n := noticeOf(e.inbox(three), linli.NoticeRoundDrawn, "围棋班"); n == nil || !strings.Contains(n.Body, result.Applications[0].LotteryNumber) {
		t.Errorf("family three's notice %+v does not name its place and lottery number", n)
	}
	var bookings struct{ Items []linli.Booking }
	e.must(http.StatusOK, e.call("GET", "/api/v1/bookings?child_id="+young[0]+"&from=2027-01-01&to=2027-01-31", three, nil), &bookings)
	if len(bookings.Items) != 5 || bookings.Items[0].Status != linli.BookingConfirmed {
		t.Fatalf("the placed child holds %+v, want 5 confirmed sessions", bookings.Items)
	}
	var st struct{ Stats linli.RoundStats }
	e.mustFail(http.StatusForbidden, linli.EForbidden, "", e.call("GET", "/api/v1/rounds/"+r.ID+"/stats", one, nil))
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/stats", e.Coord, nil), &st)
	if st.Stats.PlacedAny+st.Stats.Unplaced != 3 || st.Stats.ByPriorityGroup[0].Key != "kunjing" || st.Stats.ByPriorityGroup[0].PlacedAny != 1 || len(st.Stats.SeatsLeft) != 3 {
		t.Fatalf("stats %+v", st.Stats)
	}
	raw, _ := json.Marshal(st)
	if strings.Contains(string(raw), "困境儿童") {
		t.Errorf("stats show a group's label: %s", raw)
	}
}
