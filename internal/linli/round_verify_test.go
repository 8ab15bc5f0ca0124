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
