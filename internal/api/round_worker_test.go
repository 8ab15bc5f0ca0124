package api_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestRoundClosesAndDrawsByItselfOnce: the per-minute worker closes a round at closes_at and
// draws it at draw_at when it has no entropy source, once, with two servers scanning the same
// database at the same time and scanning again later: one commitment, one draw, one notice per
// family, one booking per child and session.
func TestRoundClosesAndDrawsByItselfOnce(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 3, 6, 10, "09:00", "10:30")
	r := e.createRound(roundBody([]string{class}))
	e.Clock.Set(rtOpen.Add(time.Hour))
	var families []string
	for range 5 {
		cookie, kids := e.family("2018-03-01")
		e.apply(cookie, r.ID, kids, class)
		families = append(families, cookie)
	}
	other, err := storage.Open(context.Background(), e.DB.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.Now = e.Clock.Now
	scanBoth := func() {
		var wg sync.WaitGroup
		for _, db := range []*storage.DB{e.DB, other} {
			wg.Go(func() {
				if err := (storage.Outbox{DB: db}).ScanDue(context.Background(), 18); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	scanBoth()
	var seen rtRound
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID, "", nil), &seen)
	if seen.Round.Status != linli.RoundOpen {
		t.Fatalf("before closes_at the round is %s", seen.Round.Status)
	}
	e.Clock.Set(rtClose.Add(30 * time.Second))
	scanBoth()
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID, "", nil), &seen)
	commitment := seen.Round.Commitment
	if seen.Round.Status != linli.RoundClosed || commitment == "" {
		t.Fatalf("after closes_at the round is %+v", seen.Round)
	}
	scanBoth()
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID, "", nil), &seen)
	if seen.Round.Commitment != commitment || seen.Round.Status != linli.RoundClosed {
		t.Fatalf("a second scan changed the closed round: %+v", seen.Round)
	}
	e.Clock.Set(rtDraw.Add(20 * time.Second))
	scanBoth()
	scanBoth()
	var result linli.RoundResult
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil), &result)
	if err := linli.VerifyRoundResult(result); err != nil || result.Round.PublicEntropy != "" || result.Round.Commitment != commitment {
		t.Fatalf("the automatic draw: %v, %+v", err, result.Round)
	}
	placed := 0
	for i, cookie := range families {
		n := 0
		for _, m := range e.inbox(cookie) {
			if m.Kind == linli.NoticeRoundDrawn {
				n++
			}
		}
		if n != 1 {
			t.Errorf("family %d has %d draw notices", i, n)
		}
	}
	for _, a := range result.Applications {
		placed += len(a.Placed)
	}
	if placed != 3 || e.count("bookings") != 3*5 {
		t.Fatalf("%d placed, %d bookings; want 3 places of 5 sessions each", placed, e.count("bookings"))
	}
}

// TestRoundWithEntropyWaitsForItsCoordinator: a round that announced its public entropy is not
// drawn at draw_at by the worker; its draw needs public_entropy (400 without), which is published
// as entered and goes into the draw seed.
func TestRoundWithEntropyWaitsForItsCoordinator(t *testing.T) {
	e := newRoundEnv(t)
	class := e.holidayClass("书法A班", 1, 6, 10, "09:00", "10:30")
	source := "福彩3D 2026-12-10 开奖号码，三位数字连写"
	r := e.createRound(roundBody([]string{class}, func(b map[string]any) { b["entropy_source"] = source }))
	e.Clock.Set(rtOpen.Add(time.Hour))
	for range 3 {
		cookie, kids := e.family("2018-03-01")
		e.apply(cookie, r.ID, kids, class)
	}
	e.Clock.Set(rtDraw.Add(time.Minute))
	if err := (storage.Outbox{DB: e.DB}).ScanDue(context.Background(), 18); err != nil {
		t.Fatal(err)
	}
	var seen rtRound
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID, "", nil), &seen)
	if seen.Round.Status != linli.RoundClosed || seen.Round.EntropySource != source {
		t.Fatalf("at draw_at the round with an entropy source is %+v", seen.Round)
	}
	draw := "/api/v1/rounds/" + r.ID + "/draw"
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "public_entropy", e.call("POST", draw, e.Coord, nil))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "public_entropy", e.call("POST", draw, e.Coord, map[string]any{"public_entropy": " "}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "public_entropy", e.call("POST", draw, e.Coord, map[string]any{"public_entropy": strings.Repeat("8", 501)}))
	e.mustFail(http.StatusBadRequest, linli.EInvalid, "entropy", e.call("POST", draw, e.Coord, `{"entropy":"358"}`))
	e.must(http.StatusOK, e.call("POST", draw, e.Coord, map[string]any{"public_entropy": "358"}), nil)
	var result linli.RoundResult
	e.must(http.StatusOK, e.call("GET", "/api/v1/rounds/"+r.ID+"/result", "", nil), &result)
	if result.Round.PublicEntropy != "358" || result.Round.EntropySource != source || linli.VerifyRoundResult(result) != nil {
		t.Fatalf("result round %+v", result.Round)
	}
	result.Round.PublicEntropy = "359"
	if linli.VerifyRoundResult(result) == nil {
		t.Fatal("a result with another public entropy verifies")
	}
}
