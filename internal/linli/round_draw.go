package linli

import (
	"cmp"
	"slices"
	"strings"
)

// RoundWaitlisting is an application's place in the waiting list of one program, from 1.
type RoundWaitlisting struct {
	ProgramID string `json:"program_id"`
	Position  int    `json:"position"`
}

// RoundOutcome is what the draw gave one application: its lottery number, the programs it was
// placed in (in the order taken, which is also the rank order of its wishes: a later pass only
// ever takes a wish ranked below the places already held) and its waiting-list positions, in the
// rank order of its wishes. Placed and Waitlisted are empty, never nil, when there are none.
type RoundOutcome struct {
	ApplicationID string
	LotteryNumber string
	Placed        []string
	Waitlisted    []RoundWaitlisting
}

// RoundDraw is the whole outcome of a draw: the application ids in draw order (ascending by
// priority rank, then lottery number), each application's outcome by id, and the seats each
// program has left by program id.
type RoundDraw struct {
	Order     []string
	Outcomes  map[string]RoundOutcome
	SeatsLeft map[string]int
}

// drawApp is an application during the allocation, with its wishes as program indexes.
type drawApp struct {
	app     RoundApplication
	lottery string
	wishes  []int // program indexes in rank order; -1 for a program not in the round
	next    int   // the remaining wishes are wishes[next:]: each wish before was taken or dropped
	placed  []int // program indexes, in the order taken
}

// DrawRound runs the draw of DOMAIN.md on the facts fixed at the close: lottery numbers from the
// draw seed, the order by (priority rank, lottery number), allocation in maxPlacesPerChild passes
// in snake order (odd passes forward, even passes reversed), then the waiting lists. A wish for a
// program that is not among programs is never placed nor waitlisted (VerifyRoundResult refuses
// such a result). The function is pure: the same facts and seed always give the same draw.
func DrawRound(programs []RoundProgram, apps []RoundApplication, drawSeed []byte, maxPlacesPerChild int) RoundDraw {
	index := make(map[string]int, len(programs))
	for i, p := range programs {
		index[p.ID] = i
	}
	seats := make([]int, len(programs))
	overlap := make([]map[int]bool, len(programs))
	for i, p := range programs {
		seats[i] = p.Seats
		overlap[i] = map[int]bool{}
	}
	// Overlap is symmetric: a pair counts when either program lists the other.
	for i, p := range programs {
		for _, o := range p.Overlaps {
			if j, ok := index[o]; ok && j != i {
				overlap[i][j], overlap[j][i] = true, true
			}
		}
	}

	lottery := lotteryNumbers(drawSeed)
	order := make([]*drawApp, len(apps))
	for i, a := range apps {
		d := &drawApp{app: a, lottery: lottery(a.ID), wishes: make([]int, len(a.ProgramIDs))}
		for k, pid := range a.ProgramIDs {
			if j, ok := index[pid]; ok {
				d.wishes[k] = j
			} else {
				d.wishes[k] = -1
			}
		}
		order[i] = d
	}
	slices.SortFunc(order, func(a, b *drawApp) int {
		return cmp.Or(cmp.Compare(a.app.PriorityRank, b.app.PriorityRank),
			strings.Compare(a.lottery, b.lottery), strings.Compare(a.app.ID, b.app.ID))
	})

	for pass := 1; pass <= maxPlacesPerChild; pass++ {
		for k := range order {
			d := order[k]
			if pass%2 == 0 {
				d = order[len(order)-1-k]
			}
			if len(d.placed) < maxPlacesPerChild {
				d.take(seats, overlap)
			}
		}
	}

	draw := RoundDraw{
		Order:     make([]string, len(order)),
		Outcomes:  make(map[string]RoundOutcome, len(order)),
		SeatsLeft: make(map[string]int, len(programs)),
	}
	for i, p := range programs {
		draw.SeatsLeft[p.ID] = seats[i]
	}
	lines := make([]int, len(programs))
	for i, d := range order {
		draw.Order[i] = d.app.ID
		out := RoundOutcome{ApplicationID: d.app.ID, LotteryNumber: d.lottery, Placed: make([]string, 0, len(d.placed)), Waitlisted: []RoundWaitlisting{}}
		for _, j := range d.placed {
			out.Placed = append(out.Placed, programs[j].ID)
		}
		for _, j := range d.waits(maxPlacesPerChild, overlap) {
			lines[j]++
			out.Waitlisted = append(out.Waitlisted, RoundWaitlisting{ProgramID: programs[j].ID, Position: lines[j]})
		}
		draw.Outcomes[d.app.ID] = out
	}
	return draw
}

// take goes down d's remaining wishes in rank order, drops each that has fewer seats left than
// d's size or overlaps one of d's places, and takes the first that fits.
func (d *drawApp) take(seats []int, overlap []map[int]bool) {
	for k := d.next; k < len(d.wishes); k++ {
		j := d.wishes[k]
		if j < 0 || seats[j] < d.app.Size || slices.Contains(d.placed, j) || d.overlaps(j, overlap) {
			continue
		}
		seats[j] -= d.app.Size
		d.placed = append(d.placed, j)
		d.next = k + 1
		return
	}
	d.next = len(d.wishes)
}

// overlaps reports whether program j overlaps one of d's places.
func (d *drawApp) overlaps(j int, overlap []map[int]bool) bool {
	for _, p := range d.placed {
		if overlap[j][p] {
			return true
		}
	}
	return false
}

// waits returns the programs whose waiting lists d joins, in the rank order of its wishes: every
// wish it did not get that overlaps none of its places; when it holds the maximum of places, only
// the wishes ranked above its lowest-ranked place.
func (d *drawApp) waits(maxPlaces int, overlap []map[int]bool) []int {
	limit := len(d.wishes)
	if len(d.placed) >= maxPlaces && len(d.placed) > 0 {
		lowest := d.placed[len(d.placed)-1]
		limit = slices.Index(d.wishes, lowest)
	}
	var out []int
	for _, j := range d.wishes[:limit] {
		if j < 0 || slices.Contains(d.placed, j) || d.overlaps(j, overlap) || slices.Contains(out, j) {
			continue
		}
		out = append(out, j)
	}
	return out
}
