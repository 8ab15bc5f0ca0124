package linli

import (
	"slices"
	"time"
)

// BookingRoundWish is the status ChildBooking gives a round session of one of the child's
// remaining wishes in a round closed but not drawn: it is no booking, but keeps the child from
// being booked into an overlapping session until the draw (DOMAIN.md, "Freeze at close").
const BookingRoundWish = "round_wish"

// RoundGate is what application rounds say of first-come booking of a program's sessions:
// Undrawn when the program is in a round not drawn yet (from its creation to its draw), and
// OpensAt, the latest open_after_draw_at (by default the draw) of the drawn rounds it is in.
type RoundGate struct {
	Undrawn bool
	OpensAt *time.Time
}

// CheckFirstCome answers booking_closed on session_id while a round keeps the program's seats from first-come
// booking at now: until its draw, then until its open_after_draw_at.
func (g RoundGate) CheckFirstCome(now time.Time) error {
	switch {
	case g.Undrawn:
		return &Error{Code: EBookingClosed, Field: "session_id", Message: "places in this class are given by an application round (报名摇号); seats left open after the draw"}
	case g.OpensAt != nil && now.Before(*g.OpensAt):
		return &Error{Code: EBookingClosed, Field: "session_id", Message: "seats left after the round's draw open at " + g.OpensAt.Format(time.RFC3339)}
	}
	return nil
}

// wishClash reports whether k has applied, in a round closed and not drawn, for a class with a
// round session overlapping t.
func (t *BookingTarget) wishClash(k BookingChild) bool {
	for _, b := range k.Bookings {
		if b.Status == BookingRoundWish && b.SessionID != t.SessionID && Overlaps(b.StartsAt, b.EndsAt, t.StartsAt, t.EndsAt) {
			return true
		}
	}
	return false
}

// Span is a stretch of time [StartsAt, EndsAt).
type Span struct{ StartsAt, EndsAt time.Time }

// CourseSession is a round session of a drawn round's program that has not started, with its
// free seats (capacity − confirmed).
type CourseSession struct {
	ID   string
	Span Span
	Free int
}

// CourseProgram is a drawn round's program as course promotion sees it: its round sessions not
// started, and its waiting list, the ids of the applications still waiting, by position.
type CourseProgram struct {
	ID       string
	Sessions []CourseSession
	Line     []string
}

// CourseApplication is an application of a drawn round: its size, its remaining wishes (program
// ids by rank, best first), the programs it holds a place in, and Busy, the times its children
// are confirmed elsewhere (outside its places) and have not ended.
type CourseApplication struct {
	ID     string
	Size   int
	Wishes []string
	Places []string
	Busy   []Span
}

// CourseRound is the state of a drawn round that course promotion changes.
type CourseRound struct {
	MaxPlaces    int
	Programs     map[string]*CourseProgram
	Applications map[string]*CourseApplication
}

// Course moves: what Refill does to an application in a program.
const (
	CoursePromoted = "promoted" // it takes a place from the program's waiting list
	CourseReleased = "released" // it gives up its lowest-ranked place for a higher wish
	CourseLeft     = "left"     // it leaves the program's waiting list: it may wait there no more
)

// CourseMove is one change Refill makes, in the order made.
type CourseMove struct {
	Kind, ApplicationID, ProgramID string
}

// Refill gives the free seats of the programs freed (in order) as courses to their waiting lists,
// as DOMAIN.md's "After the draw" says, and changes r to match: in a program's line, by position,
// the first application that fits — size seats free in each of its round sessions not started,
// none of them overlapping its children's other confirmed bookings or the places it keeps — is
// promoted; further ones are when seats are still left. An application at MaxPlaces may be
// promoted only to a wish ranked above its lowest-ranked place, which it then releases (its seats
// go to that program's line in turn), and it leaves every line of a wish ranked below its lowest
// place once it holds the maximum; one waiting for a wish below that leaves when reached. A
// program with no round session left promotes no one.
func (r *CourseRound) Refill(freed ...string) []CourseMove {
	var moves []CourseMove
	queue := slices.Clone(freed)
	for len(queue) > 0 {
		p := r.Programs[queue[0]]
		queue = queue[1:]
		if p == nil || len(p.Sessions) == 0 {
			continue
		}
		for _, id := range slices.Clone(p.Line) {
			a := r.Applications[id]
			if a == nil || !slices.Contains(p.Line, id) {
				continue
			}
			release, ok := r.releaseFor(a, p.ID)
			if !ok {
				moves = append(moves, r.leave(a, p.ID))
				continue
			}
			if !r.fits(a, p, release) {
				continue
			}
			moves = append(moves, CourseMove{CoursePromoted, a.ID, p.ID})
			p.Line = slices.DeleteFunc(p.Line, func(s string) bool { return s == a.ID })
			p.take(a.Size)
			a.Places = append(a.Places, p.ID)
			if release != "" {
				moves = append(moves, CourseMove{CourseReleased, a.ID, release})
				a.Places = slices.DeleteFunc(a.Places, func(s string) bool { return s == release })
				if q := r.Programs[release]; q != nil {
					q.take(-a.Size)
				}
				queue = append(queue, release)
			}
			moves = append(moves, r.trim(a)...)
		}
	}
	return moves
}

// rank is the place of program in a's wishes (0 best), len(Wishes) when it is none of them.
func (a *CourseApplication) rank(program string) int {
	if i := slices.Index(a.Wishes, program); i >= 0 {
		return i
	}
	return len(a.Wishes)
}

// lowest is a's lowest-ranked place, "" when it holds none.
func (a *CourseApplication) lowest() string {
	low := ""
	for _, p := range a.Places {
		if low == "" || a.rank(p) > a.rank(low) {
			low = p
		}
	}
	return low
}

// releaseFor says which place a promotion of a into program would release ("" for none), and
// whether a may be promoted there at all: a wish it holds no place in, ranked above its lowest
// place when it holds the maximum.
func (r *CourseRound) releaseFor(a *CourseApplication, program string) (string, bool) {
	if slices.Contains(a.Places, program) || !slices.Contains(a.Wishes, program) {
		return "", false
	}
	if len(a.Places) < r.MaxPlaces {
		return "", true
	}
	low := a.lowest()
	return low, a.rank(program) < a.rank(low)
}

// fits reports whether a, keeping its places but release, fits every round session of p.
func (r *CourseRound) fits(a *CourseApplication, p *CourseProgram, release string) bool {
	busy := slices.Clone(a.Busy)
	for _, held := range a.Places {
		if q := r.Programs[held]; held != release && q != nil {
			for _, s := range q.Sessions {
				busy = append(busy, s.Span)
			}
		}
	}
	for _, s := range p.Sessions {
		if s.Free < a.Size {
			return false
		}
		for _, b := range busy {
			if Overlaps(b.StartsAt, b.EndsAt, s.Span.StartsAt, s.Span.EndsAt) {
				return false
			}
		}
	}
	return true
}

// take takes n seats in each of p's sessions (gives them back when n < 0).
func (p *CourseProgram) take(n int) {
	for i := range p.Sessions {
		p.Sessions[i].Free -= n
	}
}

// leave takes a out of program's line.
func (r *CourseRound) leave(a *CourseApplication, program string) CourseMove {
	if p := r.Programs[program]; p != nil {
		p.Line = slices.DeleteFunc(p.Line, func(s string) bool { return s == a.ID })
	}
	return CourseMove{CourseLeft, a.ID, program}
}

// trim takes a, when it holds the maximum of places, out of the lines of its wishes ranked below
// its lowest place, in rank order.
func (r *CourseRound) trim(a *CourseApplication) []CourseMove {
	if len(a.Places) < r.MaxPlaces {
		return nil
	}
	var moves []CourseMove
	low := a.rank(a.lowest())
	for _, w := range a.Wishes[min(low+1, len(a.Wishes)):] {
		if p := r.Programs[w]; p != nil && slices.Contains(p.Line, a.ID) {
			moves = append(moves, r.leave(a, w))
		}
	}
	return moves
}

// FreezesAtClose reports whether ch changes what a round fixes at its close, and so is refused
// between the close and the draw (409 round_closed): capacity, schedule, staff, venue, kind,
// ages or waiting list. A title, a description or the other booking settings may still change.
func (ch *ProgramChange) FreezesAtClose() bool {
	return ch.Capacity != nil || ch.Schedule != nil || ch.StaffIDs != nil || ch.VenueID != nil || ch.Kind != nil ||
		ch.AgeMin != nil || ch.AgeMax != nil || ch.Waitlist != nil
}
