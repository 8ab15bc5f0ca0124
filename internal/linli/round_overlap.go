package linli

import (
	"slices"
	"time"
)

// TimeRange is a half-open span of time [Start, End): a session from its start to its end.
type TimeRange struct {
	Start, End time.Time
}

// SessionsOverlap reports whether some span of a overlaps some span of b (half-open: s1 < e2 and
// s2 < e1), which is when two round programs overlap given their round sessions.
func SessionsOverlap(a, b []TimeRange) bool {
	for _, x := range a {
		for _, y := range b {
			if Overlaps(x.Start, x.End, y.Start, y.End) {
				return true
			}
		}
	}
	return false
}

// RoundOverlaps returns, for each program id of sessions, the other programs it overlaps (sorted,
// empty when none): what the close fixes in RoundProgram.Overlaps. sessions holds each round
// program's round sessions (those starting after the close); a program without any overlaps none.
// It sweeps the sessions in start order, so a round of hundreds of programs is quick.
func RoundOverlaps(sessions map[string][]TimeRange) map[string][]string {
	type span struct {
		TimeRange
		program string
	}
	var all []span
	out := make(map[string][]string, len(sessions))
	for id, rs := range sessions {
		out[id] = []string{}
		for _, r := range rs {
			all = append(all, span{r, id})
		}
	}
	slices.SortFunc(all, func(a, b span) int { return a.Start.Compare(b.Start) })
	pairs := map[[2]string]bool{}
	var open []span
	for _, s := range all {
		kept := open[:0]
		for _, o := range open {
			if s.Start.Before(o.End) {
				kept = append(kept, o)
				if o.program != s.program && Overlaps(o.Start, o.End, s.Start, s.End) {
					pairs[[2]string{o.program, s.program}] = true
				}
			}
		}
		open = append(kept, s)
	}
	for p := range pairs {
		out[p[0]] = append(out[p[0]], p[1])
		out[p[1]] = append(out[p[1]], p[0])
	}
	for id, list := range out {
		slices.Sort(list)
		out[id] = slices.Compact(list)
	}
	return out
}
