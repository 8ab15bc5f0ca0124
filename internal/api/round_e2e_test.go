package api_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestRoundOfFiveHundredFamilies: through the API, 500 families (one in six with twins applying
// together, some in priority groups) apply to 20 holiday classes (pairs of them overlap, most are
// oversubscribed) for up to two places each; the coordinator closes and draws; the published
// result is whole, agrees with the verifier (and with `linli round verify` on its JSON), fails it
// once tampered with, and every placed child holds its course, every family its notice.
func TestRoundOfFiveHundredFamilies(t *testing.T) {
	e := newRoundEnv(t)
	slots := [][2]string{{"09:00", "10:30"}, {"10:00", "11:30"}, {"14:00", "15:30"}, {"16:00", "17:30"}}
	var programs []string
	for i := range 20 {
		slot := slots[i%len(slots)]
		programs = append(programs, e.holidayClass(fmt.Sprintf("寒假兴趣班%02d", i+1), 5+3*i, 5, 12, slot[0], slot[1]))
	}
	r := e.createRound(roundBody(programs, func(b map[string]any) {
		b["max_places_per_child"] = 2
		b["priority_groups"] = []map[string]any{{"key": "kunjing", "label": "困境儿童"}, {"key": "shuangzhi", "label": "双职工家庭"}}
	}))
	e.Clock.Set(rtOpen.Add(time.Hour))
	rng := rand.New(rand.NewPCG(17, 500))
	type family struct {
		cookie string
		kids   []string
		app    string
	}
	families := make([]family, 500)
	children := 0
	for i := range families {
		birth := fmt.Sprintf("%d-%02d-15", 2016+rng.IntN(4), 1+rng.IntN(12))
		births := []string{birth}
		if i%6 == 0 {
			births = append(births, birth)
		}
		f := &families[i]
		f.cookie, f.kids = e.family(births...)
		children += len(f.kids)
		wishes := rng.Perm(len(programs))[:1+rng.IntN(3)]
		ids := make([]string, len(wishes))
		for j, w := range wishes {
			ids[j] = programs[w]
		}
		f.app = e.apply(f.cookie, r.ID, f.kids, ids...).ID
		if i%25 == 0 {
			e.must(http.StatusOK, e.call("PUT", "/api/v1/rounds/"+r.ID+"/applications/"+f.app+"/priority", e.Coord,
				map[string]any{"group_key": []string{"kunjing", "shuangzhi"}[i/25%2]}), nil)
		}
	}
	e.Clock.Set(rtClose.Add(-time.Minute))
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/close", e.Coord, nil), nil)
	var drawn struct{ Stats linli.RoundStats }
	e.must(http.StatusOK, e.call("POST", "/api/v1/rounds/"+r.ID+"/draw", e.Coord, map[string]any{}), &drawn)
	st := drawn.Stats
	if st.Applications != 500 || st.Children != children || st.PlacedAny+st.Unplaced != 500 || st.PlacedAny == 0 || st.Unplaced == 0 || st.SiblingGroupsPlaced == 0 {
		t.Fatalf("stats %+v", st)
	}
	res := e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil)
	var result linli.RoundResult
	e.must(http.StatusOK, res, &result)
	if len(result.Applications) != 500 || len(result.Programs) != 20 {
		t.Fatalf("the result holds %d applications and %d programs", len(result.Applications), len(result.Programs))
	}
	if err := linli.VerifyRoundResult(result); err != nil {
		t.Fatalf("the verifier disagrees with the draw: %v", err)
	}
	places, waits, overlapping := 0, 0, 0
	for _, p := range result.Programs {
		overlapping += len(p.Overlaps)
	}
	for _, a := range result.Applications {
		places += len(a.Placed)
		waits += len(a.Waitlisted)
	}
	if overlapping == 0 || waits == 0 || places <= st.PlacedAny {
		t.Fatalf("%d overlaps, %d places, %d waits: the round does not exercise overlaps, waiting lists and second places", overlapping, places, waits)
	}
	// Every child placed holds each session of each of its places; every family has its notice.
	booked := 0
	for _, a := range result.Applications {
		booked += a.Size * 5 * len(a.Placed)
	}
	if n := e.count("bookings"); n != booked {
		t.Fatalf("%d bookings, want %d (5 sessions per child and place)", n, booked)
	}
	for i := 0; i < len(families); i += 50 {
		if noticeOf(e.inbox(families[i].cookie), linli.NoticeRoundDrawn, families[i].app) == nil {
			t.Errorf("family %d has no notice naming its application", i)
		}
	}
	for _, tamper := range []func(*linli.RoundResult){
		func(r *linli.RoundResult) { r.Applications[7].Placed = nil },
		func(r *linli.RoundResult) { r.Programs[3].Seats++ },
		func(r *linli.RoundResult) { r.Round.ServerSeed = r.Round.Commitment },
	} {
		var copy linli.RoundResult
		if err := json.Unmarshal(res.Body, &copy); err != nil {
			t.Fatal(err)
		}
		tamper(&copy)
		if linli.VerifyRoundResult(copy) == nil {
			t.Error("a tampered result verifies")
		}
	}
	verifyWithCommand(t, res.Body)
}

// verifyWithCommand runs `linli round verify` on the published JSON: it must exit 0 and say OK.
func verifyWithCommand(t *testing.T, body []byte) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "result.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "run", "../../cmd/linli", "round", "verify", file).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "OK") {
		t.Fatalf("linli round verify: %v\n%s", err, out)
	}
}
