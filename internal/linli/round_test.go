package linli

import (
	"encoding/hex"
	"fmt"
	"testing"
)

func progID(n int) string { return fmt.Sprintf("bbbbbbbb-0000-4000-8000-%012x", n) }
func appID(n int) string  { return fmt.Sprintf("aaaaaaaa-0000-4000-8000-%012x", n) }

// The hashes below were computed independently (Python's hashlib and hmac) from DOMAIN.md's text.
func TestRoundHashesMatchTheWrittenRules(t *testing.T) {
	if got, want := RoundCommitment(make([]byte, 32)), "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"; got != want {
		t.Errorf("commitment of 32 zero bytes = %s, want %s", got, want)
	}
	if got, want := ApplicationsDigest(nil), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Errorf("applications digest of none = %s, want SHA-256 of the empty string %s", got, want)
	}
	apps := []RoundApplication{ // given out of id order: the digest sorts them
		{ID: appID(2), PriorityRank: 1, Size: 1},
		{ID: appID(1), PriorityRank: 0, Size: 2, ProgramIDs: []string{progID(2), progID(1)}},
	}
	if got, want := ApplicationsDigest(apps), "02c368aa49774182b1a3c262f38fbfe5144a154b60dec48f31a80416930c294c"; got != want {
		t.Errorf("applications digest = %s, want %s", got, want)
	}
	programs := []RoundProgram{{ID: progID(2), Seats: 0, Overlaps: []string{progID(1)}}, {ID: progID(1), Seats: 20, Overlaps: []string{progID(2)}}}
	if got, want := ProgramsDigest(programs), "43cc51c7f948d9e3e21dfa043f8b793cfb4b57cd52f4049e6c66fba91da4e6fd"; got != want {
		t.Errorf("programs digest = %s, want %s", got, want)
	}
	seed := DrawSeed(hex.EncodeToString(make([]byte, 32)), "福彩3D 123")
	if got, want := hex.EncodeToString(seed), "369fc69ca98b59d9b4853755b60a9c1cd7b8ca624ceba07800c5ee036bc68ec9"; got != want {
		t.Errorf("draw seed = %s, want %s", got, want)
	}
	if got, want := LotteryNumber(seed, appID(1)), "0e11a09fa11508bb2b52d29f809b90ea6e8b0fc2b8d76061a643c07100996dd0"; got != want {
		t.Errorf("lottery number = %s, want %s", got, want)
	}
}
