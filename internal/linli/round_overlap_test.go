package linli

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestRoundOverlapsOfProgramsSessions(t *testing.T) {
	day := time.Date(2027, 1, 18, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	span := func(h1, m1, h2, m2 int) TimeRange { return TimeRange{at(h1, m1), at(h2, m2)} }
	sessions := map[string][]TimeRange{
		progID(1): {span(9, 0, 10, 30), span(33, 0, 34, 0)},  // Monday 9:00–10:30, Tuesday 9:00–10:00
		progID(2): {span(10, 30, 12, 0)},                     // starts as P1 ends: no overlap (half-open)
		progID(3): {span(33, 30, 35, 0)},                     // Tuesday, overlaps P1's second session
		progID(4): {},                                        // no round session: overlaps nothing
		progID(5): {span(11, 59, 12, 1), span(10, 0, 10, 1)}, // overlaps P2 and P1
	}
	got := RoundOverlaps(sessions)
	want := map[string][]string{
		progID(1): {progID(3), progID(5)},
		progID(2): {progID(5)},
		progID(3): {progID(1)},
		progID(4): {},
		progID(5): {progID(1), progID(2)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("overlaps %v, want %v", got, want)
	}
	if SessionsOverlap(sessions[progID(1)], sessions[progID(2)]) || !SessionsOverlap(sessions[progID(1)], sessions[progID(3)]) {
		t.Error("SessionsOverlap disagrees with the half-open rule")
	}
}

func TestRoundOverlapsAgreesWithSessionsOverlapOnRandomSchedules(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	base := time.Date(2027, 7, 1, 8, 0, 0, 0, time.UTC)
	for range 500 {
		sessions := map[string][]TimeRange{}
		for p := range 1 + rng.IntN(10) {
			var rs []TimeRange
			for range rng.IntN(5) {
				start := base.Add(time.Duration(rng.IntN(48)) * 15 * time.Minute)
				rs = append(rs, TimeRange{start, start.Add(time.Duration(rng.IntN(8)) * 15 * time.Minute)})
			}
			sessions[progID(p+1)] = rs
		}
		got := RoundOverlaps(sessions)
		for a, ra := range sessions {
			for b, rb := range sessions {
				if want := a != b && SessionsOverlap(ra, rb); slices.Contains(got[a], b) != want {
					t.Fatalf("%s and %s: overlap %v, want %v (sessions %v)", a, b, !want, want, sessions)
				}
			}
		}
	}
}
