package linli

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomRound makes a round of a few programs (some without seats, some overlapping) and a few
// dozen applications (some sibling groups, some in priority groups, some with no wish left).
func randomRound(rng *rand.Rand) (programs []RoundProgram, apps []RoundApplication, maxWishes, maxPlaces int) {
	n := 1 + rng.IntN(8)
	programs = make([]RoundProgram, n)
	for i := range programs {
		programs[i] = RoundProgram{ID: progID(i + 1), Seats: rng.IntN(7), Overlaps: []string{}}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if rng.IntN(4) == 0 {
				programs[i].Overlaps = append(programs[i].Overlaps, programs[j].ID)
				programs[j].Overlaps = append(programs[j].Overlaps, programs[i].ID)
			}
		}
	}
	for i := range programs {
		slices.Sort(programs[i].Overlaps)
	}
	maxWishes = 1 + rng.IntN(min(n, 4))
	maxPlaces = 1 + rng.IntN(maxWishes)
	apps = make([]RoundApplication, rng.IntN(30))
	for i := range apps {
		size := 1
		if rng.IntN(4) == 0 {
			size = 2 + rng.IntN(2)
		}
		wishes := []string{}
		for _, k := range rng.Perm(n)[:rng.IntN(maxWishes+1)] {
			wishes = append(wishes, programs[k].ID)
		}
		apps[i] = RoundApplication{ID: appID(rng.IntN(1 << 40)), PriorityRank: rng.IntN(3), Size: size, ProgramIDs: wishes}
	}
	slices.SortFunc(apps, func(a, b RoundApplication) int { return cmpString(a.ID, b.ID) })
	apps = slices.CompactFunc(apps, func(a, b RoundApplication) bool { return a.ID == b.ID })
	return programs, apps, maxWishes, maxPlaces
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestDrawRoundPropertiesOverRandomRounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	for round := range 5000 {
		programs, apps, _, maxPlaces := randomRound(rng)
		seed := DrawSeed(fmt.Sprintf("%064x", round), "")
		d := DrawRound(programs, apps, seed, maxPlaces)
		if err := drawKeepsTheRules(programs, apps, maxPlaces, d); err != nil {
			t.Fatalf("round %d: %v\nprograms %v\napps %v", round, err, programs, apps)
		}
		if got, want := d, referenceDraw(programs, apps, seed, maxPlaces); !drawsEqual(got, want) {
			t.Fatalf("round %d: DrawRound %v\ndiffers from the rules read literally %v", round, got, want)
		}
	}
}

// drawKeepsTheRules checks what every draw must keep, whatever the data.
func drawKeepsTheRules(programs []RoundProgram, apps []RoundApplication, maxPlaces int, d RoundDraw) error {
	overlapping := map[[2]string]bool{}
	taken := map[string]int{}
	for _, p := range programs {
		for _, o := range p.Overlaps {
			overlapping[[2]string{p.ID, o}] = true
		}
	}
	if len(d.Order) != len(apps) || len(d.Outcomes) != len(apps) {
		return fmt.Errorf("%d applications drawn in order and %d outcomes for %d applications", len(d.Order), len(d.Outcomes), len(apps))
	}
	lines := map[string][]int{}
	for _, id := range d.Order {
		out, a := d.Outcomes[id], appByID(apps, id)
		if len(out.Placed) > maxPlaces {
			return fmt.Errorf("%s has %d places, more than %d", id, len(out.Placed), maxPlaces)
		}
		last := -1
		for i, p := range out.Placed {
			rank := slices.Index(a.ProgramIDs, p)
			if rank < 0 {
				return fmt.Errorf("%s placed in %s, which it did not wish for", id, p)
			}
			if rank <= last {
				return fmt.Errorf("%s: places %v not in the rank order of its wishes", id, out.Placed)
			}
			last = rank
			taken[p] += a.Size // the whole group takes seats together, or none of it
			for _, q := range out.Placed[:i] {
				if overlapping[[2]string{p, q}] {
					return fmt.Errorf("%s placed in %s and %s, which overlap", id, p, q)
				}
			}
		}
		last = -1
		for _, w := range out.Waitlisted {
			rank := slices.Index(a.ProgramIDs, w.ProgramID)
			if rank <= last || slices.Contains(out.Placed, w.ProgramID) {
				return fmt.Errorf("%s waits %v with places %v and wishes %v", id, out.Waitlisted, out.Placed, a.ProgramIDs)
			}
			last = rank
			lines[w.ProgramID] = append(lines[w.ProgramID], w.Position)
		}
	}
	for _, p := range programs {
		if taken[p.ID] > p.Seats {
			return fmt.Errorf("program %s: %d seats taken of %d", p.ID, taken[p.ID], p.Seats)
		}
		if d.SeatsLeft[p.ID] != p.Seats-taken[p.ID] {
			return fmt.Errorf("program %s: %d seats left, but %d of %d taken", p.ID, d.SeatsLeft[p.ID], taken[p.ID], p.Seats)
		}
		for i, pos := range lines[p.ID] {
			if pos != i+1 {
				return fmt.Errorf("program %s: waiting positions %v, want 1, 2, … in draw order", p.ID, lines[p.ID])
			}
		}
	}
	return nil
}

func appByID(apps []RoundApplication, id string) RoundApplication {
	i := slices.IndexFunc(apps, func(a RoundApplication) bool { return a.ID == id })
	return apps[i]
}

// referenceDraw is DOMAIN.md's allocation read literally, slowly, with strings and maps, to
// cross-check DrawRound's indexes.
func referenceDraw(programs []RoundProgram, apps []RoundApplication, seed []byte, maxPlaces int) RoundDraw {
	seats, overlap := map[string]int{}, map[string]bool{}
	for _, p := range programs {
		seats[p.ID] = p.Seats
		for _, o := range p.Overlaps {
			overlap[p.ID+o], overlap[o+p.ID] = true, true
		}
	}
	order := slices.Clone(apps)
	slices.SortFunc(order, func(a, b RoundApplication) int {
		if a.PriorityRank != b.PriorityRank {
			return a.PriorityRank - b.PriorityRank
		}
		return cmpString(LotteryNumber(seed, a.ID), LotteryNumber(seed, b.ID))
	})
	remaining, places := map[string][]string{}, map[string][]string{}
	for _, a := range order {
		remaining[a.ID] = slices.Clone(a.ProgramIDs)
	}
	overlapsPlace := func(id, p string) bool {
		return slices.ContainsFunc(places[id], func(q string) bool { return overlap[p+q] })
	}
	for pass := 1; pass <= maxPlaces; pass++ {
		walk := slices.Clone(order)
		if pass%2 == 0 {
			slices.Reverse(walk)
		}
		for _, a := range walk {
			if len(places[a.ID]) >= maxPlaces {
				continue
			}
			for len(remaining[a.ID]) > 0 {
				w := remaining[a.ID][0]
				remaining[a.ID] = remaining[a.ID][1:]
				if seats[w] >= a.Size && !overlapsPlace(a.ID, w) {
					seats[w] -= a.Size
					places[a.ID] = append(places[a.ID], w)
					break
				}
			}
		}
	}
	d := RoundDraw{Outcomes: map[string]RoundOutcome{}, SeatsLeft: seats}
	line := map[string]int{}
	for _, a := range order {
		d.Order = append(d.Order, a.ID)
		out := RoundOutcome{ApplicationID: a.ID, LotteryNumber: LotteryNumber(seed, a.ID), Placed: append([]string{}, places[a.ID]...), Waitlisted: []RoundWaitlisting{}}
		lowest := len(a.ProgramIDs)
		if n := len(places[a.ID]); n == maxPlaces {
			lowest = slices.Index(a.ProgramIDs, places[a.ID][n-1])
		}
		for rank, w := range a.ProgramIDs {
			if rank < lowest && !slices.Contains(places[a.ID], w) && !overlapsPlace(a.ID, w) {
				line[w]++
				out.Waitlisted = append(out.Waitlisted, RoundWaitlisting{w, line[w]})
			}
		}
		d.Outcomes[a.ID] = out
	}
	return d
}

func drawsEqual(a, b RoundDraw) bool {
	if !slices.Equal(a.Order, b.Order) || len(a.Outcomes) != len(b.Outcomes) || len(a.SeatsLeft) != len(b.SeatsLeft) {
		return false
	}
	for id, x := range a.Outcomes {
		y := b.Outcomes[id]
		if x.LotteryNumber != y.LotteryNumber || !slices.Equal(x.Placed, y.Placed) || !slices.Equal(x.Waitlisted, y.Waitlisted) {
			return false
		}
	}
	for id, n := range a.SeatsLeft {
		if b.SeatsLeft[id] != n {
			return false
		}
	}
	return true
}

// With one place per child the draw is serial dictatorship: no application gets a wish it ranks
// higher by listing its wishes in another order (or listing fewer of them). Every reordering of
// every application's wishes is tried in a thousand small rounds.
func TestDrawRoundWithOnePlaceRewardsTruthfulRanking(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	for round := range 1000 {
		programs, apps, _, _ := randomRound(rng)
		if len(apps) > 8 {
			apps = apps[:8]
		}
		seed := DrawSeed(fmt.Sprintf("%064x", round), "3D")
		truthful := DrawRound(programs, apps, seed, 1)
		for i, a := range apps {
			want := placedRank(a.ProgramIDs, truthful.Outcomes[a.ID])
			for _, list := range orderedSubsets(a.ProgramIDs) {
				lie := slices.Clone(apps)
				lie[i].ProgramIDs = list
				got := placedRank(a.ProgramIDs, DrawRound(programs, lie, seed, 1).Outcomes[a.ID])
				if got < want {
					t.Fatalf("round %d: %s listing %v instead of %v gets its wish %d instead of %d", round, a.ID, list, a.ProgramIDs, got+1, want+1)
				}
			}
		}
	}
}

// placedRank is the rank, in the true wishes, of the place an outcome gives; len(wishes) for none.
func placedRank(wishes []string, out RoundOutcome) int {
	if len(out.Placed) == 0 {
		return len(wishes)
	}
	return slices.Index(wishes, out.Placed[0])
}

// orderedSubsets returns every ordering of every non-empty subset of ids.
func orderedSubsets(ids []string) [][]string {
	var out [][]string
	var grow func(prefix []string)
	grow = func(prefix []string) {
		if len(prefix) > 0 {
			out = append(out, slices.Clone(prefix))
		}
		for _, id := range ids {
			if !slices.Contains(prefix, id) {
				grow(append(prefix, id))
			}
		}
	}
	grow(nil)
	return out
}

// The draw depends on the published data only, not on the order in which it is listed.
func TestDrawRoundIgnoresTheOrderOfItsInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for round := range 1000 {
		programs, apps, _, maxPlaces := randomRound(rng)
		seed := DrawSeed(fmt.Sprintf("%064x", round), "")
		want := DrawRound(programs, apps, seed, maxPlaces)
		rng.Shuffle(len(programs), func(i, j int) { programs[i], programs[j] = programs[j], programs[i] })
		rng.Shuffle(len(apps), func(i, j int) { apps[i], apps[j] = apps[j], apps[i] })
		if got := DrawRound(programs, apps, seed, maxPlaces); !drawsEqual(got, want) {
			t.Fatalf("round %d: shuffling the input changed the draw", round)
		}
	}
}
