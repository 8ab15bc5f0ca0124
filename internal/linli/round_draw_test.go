package linli

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// caseSeed is the draw seed of the hand-made cases. caseIDs gives the cases' applications ids whose
// lottery numbers under it ascend, so that a case lists its applications of one priority rank in
// their draw order and its expected outcome can be worked out by hand.
var caseSeed = DrawSeed(strings.Repeat("ab", 32), "福彩3D 2026-12-05 开奖号码，三位数字连写: 427")

func caseIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = appID(i + 1)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(LotteryNumber(caseSeed, a), LotteryNumber(caseSeed, b)) })
	return ids
}

// A hand-made application: letter names (A, B, …) in the case's list order, wishes as program
// numbers (1 = P1).
type caseApp struct {
	rank, size int
	wishes     []int
}

// Expected outcome of an application: places as program numbers; waits as "P{n}#{position}".
type caseWant struct {
	placed []int
	waits  []string
}

func TestDrawRoundHandMadeCases(t *testing.T) {
	cases := []struct {
		name      string
		seats     []int    // P1, P2, …
		overlaps  [][2]int // pairs of overlapping programs
		maxPlaces int
		apps      []caseApp
		wantOrder string // letters in draw order
		want      []caseWant
		seatsLeft []int
	}{{
		name: "more wishes than seats: the first drawn are placed, the others wait in draw order", seats: []int{2}, maxPlaces: 1,
		apps:      []caseApp{{0, 1, []int{1}}, {0, 1, []int{1}}, {0, 1, []int{1}}, {0, 1, []int{1}}},
		wantOrder: "ABCD",
		want:      []caseWant{{[]int{1}, nil}, {[]int{1}, nil}, {nil, []string{"P1#1"}}, {nil, []string{"P1#2"}}},
		seatsLeft: []int{0},
	}, {
		name: "a full first wish falls to the second; a family placed lower waits only above its place", seats: []int{1, 1}, maxPlaces: 1,
		apps:      []caseApp{{0, 1, []int{1, 2}}, {0, 1, []int{1, 2}}, {0, 1, []int{2, 1}}},
		wantOrder: "ABC",
		want:      []caseWant{{[]int{1}, nil}, {[]int{2}, []string{"P1#1"}}, {nil, []string{"P2#1", "P1#2"}}},
		seatsLeft: []int{0, 0},
	}, {
		name: "siblings fit only together: two seats left for three are no place, a single child behind takes one", seats: []int{3}, maxPlaces: 1,
		apps:      []caseApp{{0, 1, []int{1}}, {0, 3, []int{1}}, {0, 2, []int{1}}},
		wantOrder: "ABC",
		want:      []caseWant{{[]int{1}, nil}, {nil, []string{"P1#1"}}, {[]int{1}, nil}},
		seatsLeft: []int{0},
	}, {
		name: "siblings go together to their second wish when their first has one seat left", seats: []int{2, 2}, maxPlaces: 1,
		apps:      []caseApp{{0, 1, []int{1}}, {0, 2, []int{1, 2}}, {0, 1, []int{1, 2}}},
		wantOrder: "ABC",
		want:      []caseWant{{[]int{1}, nil}, {[]int{2}, []string{"P1#1"}}, {[]int{1}, nil}},
		seatsLeft: []int{0, 0},
	}, {
		name: "a group bigger than any class is placed nowhere and waits everywhere it wished", seats: []int{3, 2}, maxPlaces: 1,
		apps:      []caseApp{{0, 4, []int{1, 2}}, {0, 1, []int{1}}},
		wantOrder: "AB",
		want:      []caseWant{{nil, []string{"P1#1", "P2#1"}}, {[]int{1}, nil}},
		seatsLeft: []int{2, 2},
	}, {
		name:  "overlapping programs: a second place never overlaps the first, and no line for a program that overlaps a place",
		seats: []int{0, 5, 5, 5}, overlaps: [][2]int{{1, 2}, {2, 3}}, maxPlaces: 2,
		// A: P1 has no seat, P2 is taken; pass 2: P3 overlaps P2, P4 is taken. P1 overlaps P2: no line.
		// B: P3 in pass 1; pass 2: P2 overlaps P3 and is dropped, P4. B waits for nothing above P4 but P2, which overlaps.
		apps:      []caseApp{{0, 1, []int{1, 2, 3, 4}}, {0, 2, []int{3, 2, 4}}},
		wantOrder: "AB",
		want:      []caseWant{{[]int{2, 4}, nil}, {[]int{3, 4}, nil}},
		seatsLeft: []int{0, 4, 3, 2},
	}, {
		name: "two places each in snake order: the last of pass 1 is first in pass 2", seats: []int{1, 1, 1, 2}, maxPlaces: 2,
		// Pass 1 A, B, C: P1, P2, P3. Pass 2 C, B, A: C and B take P4's two seats, A gets no second place.
		// A holds one place, so it waits on every other wish; B and C hold two, so only above P4.
		apps:      []caseApp{{0, 1, []int{1, 2, 3, 4}}, {0, 1, []int{1, 2, 3, 4}}, {0, 1, []int{1, 2, 3, 4}}},
		wantOrder: "ABC",
		want: []caseWant{
			{[]int{1}, []string{"P2#1", "P3#1", "P4#1"}},
			{[]int{2, 4}, []string{"P1#1", "P3#2"}},
			{[]int{3, 4}, []string{"P1#2", "P2#2"}},
		},
		seatsLeft: []int{0, 0, 0, 0},
	}, {
		name: "priority groups draw first whatever the lottery; no group ranks last", seats: []int{1}, maxPlaces: 1,
		// Listed A, B, C in lottery order, but ranks put B (group 0) before A (group 1) before C (no group of 2).
		apps:      []caseApp{{1, 1, []int{1}}, {0, 1, []int{1}}, {2, 1, []int{1}}},
		wantOrder: "BAC",
		want:      []caseWant{{nil, []string{"P1#1"}}, {[]int{1}, nil}, {nil, []string{"P1#2"}}},
		seatsLeft: []int{0},
	}, {
		name: "with two places the priority group is first in pass 1 and last in pass 2 (the whole order reversed)", seats: []int{1, 1, 1}, maxPlaces: 2,
		// Pass 1 A (group 0), B: P1, P2. Pass 2 B, A: B takes P3; A finds P2 and P3 full.
		apps:      []caseApp{{0, 1, []int{1, 2, 3}}, {1, 1, []int{2, 3}}},
		wantOrder: "AB",
		want:      []caseWant{{[]int{1}, []string{"P2#1", "P3#1"}}, {[]int{2, 3}, nil}},
		seatsLeft: []int{0, 0, 0},
	}, {
		name: "a program with no seats places nobody and keeps a line; an application with no wish left gets nothing", seats: []int{0, 1}, maxPlaces: 1,
		apps:      []caseApp{{0, 1, []int{1, 2}}, {0, 1, []int{1}}, {0, 1, nil}},
		wantOrder: "ABC",
		want:      []caseWant{{[]int{2}, []string{"P1#1"}}, {nil, []string{"P1#2"}}, {nil, nil}},
		seatsLeft: []int{0, 0},
	}, {
		name: "no applications", seats: []int{3, 0}, maxPlaces: 1,
		seatsLeft: []int{3, 0},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			programs := make([]RoundProgram, len(c.seats))
			for i, s := range c.seats {
				programs[i] = RoundProgram{ID: progID(i + 1), Seats: s, Overlaps: []string{}}
			}
			for _, o := range c.overlaps {
				programs[o[0]-1].Overlaps = append(programs[o[0]-1].Overlaps, progID(o[1]))
				programs[o[1]-1].Overlaps = append(programs[o[1]-1].Overlaps, progID(o[0]))
			}
			ids := caseIDs(len(c.apps))
			letter := map[string]string{}
			apps := make([]RoundApplication, len(c.apps))
			for i, a := range c.apps {
				apps[i] = RoundApplication{ID: ids[i], PriorityRank: a.rank, Size: a.size, ProgramIDs: []string{}}
				for _, w := range a.wishes {
					apps[i].ProgramIDs = append(apps[i].ProgramIDs, progID(w))
				}
				letter[ids[i]] = string(rune('A' + i))
			}
			d := DrawRound(programs, apps, caseSeed, c.maxPlaces)
			var order string
			for _, id := range d.Order {
				order += letter[id]
			}
			if order != c.wantOrder {
				t.Errorf("draw order %q, want %q", order, c.wantOrder)
			}
			for i, w := range c.want {
				out := d.Outcomes[ids[i]]
				if out.LotteryNumber != LotteryNumber(caseSeed, ids[i]) {
					t.Errorf("%s: lottery number %s, want the HMAC of its id", letter[ids[i]], out.LotteryNumber)
				}
				if got, want := programNumbers(out.Placed), w.placed; !slices.Equal(got, want) {
					t.Errorf("%s placed in %v, want %v", letter[ids[i]], got, want)
				}
				if got := waitNames(out.Waitlisted); !slices.Equal(got, w.waits) {
					t.Errorf("%s waits %v, want %v", letter[ids[i]], got, w.waits)
				}
			}
			for i, s := range c.seatsLeft {
				if got := d.SeatsLeft[progID(i+1)]; got != s {
					t.Errorf("P%d has %d seats left, want %d", i+1, got, s)
				}
			}
			r := publish(programs, apps, 4, c.maxPlaces, "")
			if err := VerifyRoundResult(r); err != nil {
				t.Errorf("the verifier refuses the published draw: %v", err)
			}
		})
	}
}

func programNumbers(ids []string) []int {
	var out []int
	for _, id := range ids {
		var n int
		fmt.Sscanf(id[len(id)-12:], "%x", &n)
		out = append(out, n)
	}
	return out
}

func waitNames(ws []RoundWaitlisting) []string {
	var out []string
	for _, w := range ws {
		out = append(out, fmt.Sprintf("P%d#%d", programNumbers([]string{w.ProgramID})[0], w.Position))
	}
	return out
}

func TestDrawRoundListsAreEmptyNotNull(t *testing.T) {
	d := DrawRound([]RoundProgram{{ID: progID(1)}}, []RoundApplication{{ID: appID(1), Size: 1, ProgramIDs: []string{}}}, caseSeed, 1)
	out := d.Outcomes[appID(1)]
	if out.Placed == nil || out.Waitlisted == nil {
		t.Errorf("an application with nothing has placed %#v, waitlisted %#v; want empty lists (JSON [])", out.Placed, out.Waitlisted)
	}
	if !reflect.DeepEqual(d.Order, []string{appID(1)}) {
		t.Errorf("order %v", d.Order)
	}
}
