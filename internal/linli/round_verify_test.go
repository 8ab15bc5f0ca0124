package linli

import (
	"encoding/hex"
	"errors"
	"testing"
)

// publish draws a round the way the server does at the close and the draw, and returns the
// published result.
func publish(programs []RoundProgram, apps []RoundApplication, maxWishes, maxPlaces int, entropy string) RoundResult {
	seed := make([]byte, 32)
	for i := range seed {
		seed[i] = byte(i*7 + len(apps))
	}
	seedHex := hex.EncodeToString(seed)
	drawSeed := DrawSeed(seedHex, entropy)
	n := len(apps)
	round := RoundResultRound{
		ID: "cccccccc-0000-4000-8000-000000000001", Status: "drawn", Applications: &n,
		MaxWishes: maxWishes, MaxPlacesPerChild: maxPlaces,
		Commitment: RoundCommitment(seed), ApplicationsDigest: ApplicationsDigest(apps), ProgramsDigest: ProgramsDigest(programs),
		ServerSeed: seedHex, PublicEntropy: entropy, DrawSeed: hex.EncodeToString(drawSeed),
	}
	return NewRoundResult(round, programs, nil, apps, DrawRound(programs, apps, drawSeed, maxPlaces))
}

func TestVerifyRoundResultAgreesWithAnHonestDraw(t *testing.T) {
	programs := []RoundProgram{{ID: progID(1), Seats: 2}, {ID: progID(2), Seats: 1}}
	apps := []RoundApplication{
		{ID: appID(1), Size: 1, ProgramIDs: []string{progID(1), progID(2)}},
		{ID: appID(2), Size: 2, ProgramIDs: []string{progID(1)}},
		{ID: appID(3), Size: 1, ProgramIDs: []string{progID(2), progID(1)}},
	}
	r := publish(programs, apps, 3, 1, "福彩3D 2026-12-05 开奖号码 123")
	if err := VerifyRoundResult(r); err != nil {
		t.Fatalf("verify an honest draw: %v", err)
	}
	r.Applications[0].LotteryNumber = r.Applications[1].LotteryNumber
	var m *RoundMismatch
	if err := VerifyRoundResult(r); !errors.As(err, &m) || m.Field != "lottery_number" || m.Application != r.Applications[0].ID {
		t.Fatalf("verify with a changed lottery number = %v, want a lottery_number mismatch on %s", err, r.Applications[0].ID)
	}
}

func TestVerifyRoundResultRefusesDataTheRulesCannotApplyTo(t *testing.T) {
	programs := []RoundProgram{{ID: progID(1), Seats: 2, Overlaps: []string{progID(2)}}, {ID: progID(2), Seats: 1, Overlaps: []string{progID(1)}}}
	apps := []RoundApplication{
		{ID: appID(1), Size: 1, ProgramIDs: []string{progID(1), progID(2)}},
		{ID: appID(2), Size: 2, PriorityRank: 1, ProgramIDs: []string{progID(1)}},
	}
	cases := []struct {
		change func(r *RoundResult)
		want   string
	}{
		{func(r *RoundResult) { r.Round.Status = "closed" }, `round: status is not "drawn" (published closed)`},
		{func(r *RoundResult) { r.Round.MaxPlacesPerChild = 4 }, "round: max_places_per_child is not between 1 and max_wishes (published 4)"},
		{func(r *RoundResult) { r.Round.ServerSeed = "ABC" }, "round: server_seed is not 64 lowercase hex digits (published ABC)"},
		{func(r *RoundResult) { n := 3; r.Round.Applications = &n }, "round: applications: published 3, recomputed 2"},
		{func(r *RoundResult) { r.Programs[1].Overlaps = nil }, "program " + progID(1) + ": overlaps names a program that does not list this one back (published " + progID(2) + ")"},
		{func(r *RoundResult) { r.Programs[0].Seats = -1 }, "program " + progID(1) + ": seats is negative (published -1)"},
		{func(r *RoundResult) { r.Applications[0].ProgramIDs = []string{progID(1), progID(1)} }, "application " + r0(apps) + ": program_ids names a program twice (published " + progID(1) + ")"},
		{func(r *RoundResult) { r.Applications[0].ProgramIDs = []string{progID(9)} }, "application " + r0(apps) + ": program_ids names a program not in the round (published " + progID(9) + ")"},
		{func(r *RoundResult) { r.Applications[0].Size = 0 }, "application " + r0(apps) + ": size is below 1 (published 0)"},
		{func(r *RoundResult) { r.Applications[1].ID = r.Applications[0].ID }, "application " + r0(apps) + ": id appears twice (published " + r0(apps) + ")"},
		{func(r *RoundResult) { r.Applications[0].ID = "A1" }, "round: applications.id is not a lowercase UUID (published A1)"},
	}
	for _, c := range cases {
		r := publish(programs, apps, 3, 2, "")
		c.change(&r)
		if err := VerifyRoundResult(r); err == nil || err.Error() != c.want {
			t.Errorf("verify = %v\nwant %s", err, c.want)
		}
	}
}

// r0 is the id of the application drawn first (rank 0) in the shape test.
func r0(apps []RoundApplication) string { return apps[0].ID }

func TestRoundMismatchSaysWhichFieldAndBothValues(t *testing.T) {
	m := &RoundMismatch{Application: appID(1), Field: "placed", Published: progID(1), Recomputed: ""}
	if got, want := m.Error(), "application "+appID(1)+": placed: published "+progID(1)+`, recomputed ""`; got != want {
		t.Errorf("%s\nwant %s", got, want)
	}
}
