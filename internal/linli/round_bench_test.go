package linli

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// bigRound is issue 17's load: 20,000 applications with 3 wishes each over 300 programs of 40
// seats (oversubscribed), one in ten a sibling group, neighbouring programs overlapping.
func bigRound() ([]RoundProgram, []RoundApplication) {
	rng := rand.New(rand.NewPCG(20000, 300))
	programs := make([]RoundProgram, 300)
	for i := range programs {
		programs[i] = RoundProgram{ID: progID(i + 1), Seats: 40}
		if i%2 == 1 {
			programs[i].Overlaps = []string{progID(i)}
			programs[i-1].Overlaps = []string{progID(i + 1)}
		}
	}
	apps := make([]RoundApplication, 20000)
	for i := range apps {
		size := 1
		if i%10 == 0 {
			size = 2
		}
		var wishes []string
		for _, k := range rng.Perm(300)[:3] {
			wishes = append(wishes, programs[k].ID)
		}
		apps[i] = RoundApplication{ID: appID(i + 1), PriorityRank: rng.IntN(3), Size: size, ProgramIDs: wishes}
	}
	return programs, apps
}

func BenchmarkDrawRound20000Applications(b *testing.B) {
	programs, apps := bigRound()
	seed := DrawSeed(fmt.Sprintf("%064x", 1), "427")
	for _, places := range []int{1, 3} {
		b.Run(fmt.Sprintf("places=%d", places), func(b *testing.B) {
			for b.Loop() {
				DrawRound(programs, apps, seed, places)
			}
		})
	}
}

func BenchmarkVerifyRoundResult20000Applications(b *testing.B) {
	programs, apps := bigRound()
	r := publish(programs, apps, 3, 1, "427")
	for b.Loop() {
		if err := VerifyRoundResult(r); err != nil {
			b.Fatal(err)
		}
	}
}
