package linli

import (
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestVerifyRoundResultAgreesOnRandomRoundsAndCatchesEveryChange(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 17))
	for round := range 3000 {
		programs, apps, maxWishes, maxPlaces := randomRound(rng)
		r := publish(programs, apps, maxWishes, maxPlaces, fmt.Sprintf("%03d", round%1000))
		if err := VerifyRoundResult(r); err != nil {
			t.Fatalf("round %d: an honest draw is refused: %v", round, err)
		}
		for _, change := range resultChanges {
			bad := cloneResult(r)
			field, ok := change.apply(rng, &bad)
			if !ok {
				continue
			}
			err := VerifyRoundResult(bad)
			m, isMismatch := err.(*RoundMismatch)
			if !isMismatch || m.Field != field {
				t.Fatalf("round %d: after %s the verifier says %v, want a difference in %s", round, change.name, err, field)
			}
		}
	}
}

func cloneResult(r RoundResult) RoundResult {
	c := r
	c.Programs = slices.Clone(r.Programs)
	for i := range c.Programs {
		c.Programs[i].Overlaps = slices.Clone(c.Programs[i].Overlaps)
	}
	c.Applications = slices.Clone(r.Applications)
	for i, a := range c.Applications {
		c.Applications[i].ProgramIDs = slices.Clone(a.ProgramIDs)
		c.Applications[i].Placed = slices.Clone(a.Placed)
		c.Applications[i].Waitlisted = slices.Clone(a.Waitlisted)
	}
	return c
}

// flipHex changes one hex digit of s.
func flipHex(rng *rand.Rand, s string) string {
	b := []byte(s)
	i := rng.IntN(len(b))
	b[i] = "0123456789abcdef"[(hexDigit(b[i])+1+rng.IntN(15))%16]
	return string(b)
}

func hexDigit(c byte) int {
	v, _ := hex.DecodeString("0" + string(c))
	return int(v[0])
}

// pick returns a random index of n items for which ok holds, or -1.
func pick(rng *rand.Rand, n int, ok func(int) bool) int {
	var idx []int
	for i := range n {
		if ok(i) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return -1
	}
	return idx[rng.IntN(len(idx))]
}

// resultChanges each change one published value without recomputing anything, and say which
// field the verifier must report; ok is false when the round has nothing to change that way.
var resultChanges = []struct {
	name  string
	apply func(rng *rand.Rand, r *RoundResult) (field string, ok bool)
}{
	{"a lottery number", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(int) bool { return true })
		if i < 0 {
			return "", false
		}
		r.Applications[i].LotteryNumber = flipHex(rng, r.Applications[i].LotteryNumber)
		return "lottery_number", true
	}},
	{"a place removed", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(i int) bool { return len(r.Applications[i].Placed) > 0 })
		if i < 0 {
			return "", false
		}
		a := &r.Applications[i]
		a.Placed = slices.Delete(a.Placed, 0, 1)
		return "placed", true
	}},
	{"a place added", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(i int) bool { return len(r.Applications[i].Waitlisted) > 0 })
		if i < 0 {
			return "", false
		}
		a := &r.Applications[i]
		a.Placed = append(a.Placed, a.Waitlisted[0].ProgramID)
		return "placed", true
	}},
	{"a waiting position", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(i int) bool { return len(r.Applications[i].Waitlisted) > 0 })
		if i < 0 {
			return "", false
		}
		r.Applications[i].Waitlisted[0].Position += 1 + rng.IntN(3)
		return "waitlisted", true
	}},
	{"the server seed", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.ServerSeed = flipHex(rng, r.Round.ServerSeed)
		return "commitment", true
	}},
	{"the commitment", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.Commitment = flipHex(rng, r.Round.Commitment)
		return "commitment", true
	}},
	{"the public entropy", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.PublicEntropy += "0"
		return "draw_seed", true
	}},
	{"the draw seed", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.DrawSeed = flipHex(rng, r.Round.DrawSeed)
		return "draw_seed", true
	}},
	{"the applications digest", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.ApplicationsDigest = flipHex(rng, r.Round.ApplicationsDigest)
		return "applications_digest", true
	}},
	{"the programs digest", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		r.Round.ProgramsDigest = flipHex(rng, r.Round.ProgramsDigest)
		return "programs_digest", true
	}},
	{"a program's seats", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := rng.IntN(len(r.Programs))
		r.Programs[i].Seats += 1 + rng.IntN(3)
		return "programs_digest", true
	}},
	{"two programs made overlapping", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		if len(r.Programs) < 2 {
			return "", false
		}
		a, b := &r.Programs[0], &r.Programs[1]
		if slices.Contains(a.Overlaps, b.ID) {
			a.Overlaps = slices.DeleteFunc(a.Overlaps, func(id string) bool { return id == b.ID })
			b.Overlaps = slices.DeleteFunc(b.Overlaps, func(id string) bool { return id == a.ID })
		} else {
			a.Overlaps = slices.Sorted(slices.Values(append(a.Overlaps, b.ID)))
			b.Overlaps = slices.Sorted(slices.Values(append(b.Overlaps, a.ID)))
		}
		return "programs_digest", true
	}},
	{"an application's size", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(int) bool { return true })
		if i < 0 {
			return "", false
		}
		r.Applications[i].Size++
		return "applications_digest", true
	}},
	{"an application's rank", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(int) bool { return true })
		if i < 0 {
			return "", false
		}
		r.Applications[i].PriorityRank++
		return "applications_digest", true
	}},
	{"the order of two wishes", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(i int) bool { return len(r.Applications[i].ProgramIDs) > 1 })
		if i < 0 {
			return "", false
		}
		w := r.Applications[i].ProgramIDs
		w[0], w[1] = w[1], w[0]
		return "applications_digest", true
	}},
	{"a wish dropped", func(rng *rand.Rand, r *RoundResult) (string, bool) {
		i := pick(rng, len(r.Applications), func(i int) bool { return len(r.Applications[i].ProgramIDs) > 0 })
		if i < 0 {
			return "", false
		}
		a := &r.Applications[i]
		a.ProgramIDs = a.ProgramIDs[:len(a.ProgramIDs)-1]
		return "applications_digest", true
	}},
}
