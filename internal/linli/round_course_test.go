package linli

import (
	"reflect"
	"testing"
	"time"
)

// courseAt is a round session of one hour starting h hours after a fixed instant, with free seats.
func courseAt(id string, h, free int) CourseSession {
	start := time.Date(2027, 1, 18, 9, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
	return CourseSession{ID: id, Span: Span{start, start.Add(time.Hour)}, Free: free}
}

func TestRefillGivesFreedSeatsAsCoursesAndReleasesTheLowestPlace(t *testing.T) {
	hour := func(h int) Span { return courseAt("", h, 0).Span }
	type state struct {
		max    int
		progs  []*CourseProgram
		apps   []*CourseApplication
		freed  []string
		want   []CourseMove
		places map[string][]string // application → places after
		free   map[string]int      // program → free seats of its first session after
	}
	cases := map[string]state{
		"the first in line who fits takes the course": {
			max:   1,
			progs: []*CourseProgram{{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1), courseAt("p2", 24, 1)}, Line: []string{"a", "b"}}},
			apps: []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P"}},
				{ID: "b", Size: 1, Wishes: []string{"P"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "a", "P"}},
			places: map[string][]string{"a": {"P"}, "b": nil},
			free:   map[string]int{"P": 0},
		},
		"siblings who do not fit are passed over by a single child": {
			max:   1,
			progs: []*CourseProgram{{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"sib", "one"}}},
			apps: []*CourseApplication{{ID: "sib", Size: 2, Wishes: []string{"P"}},
				{ID: "one", Size: 1, Wishes: []string{"P"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "one", "P"}},
			places: map[string][]string{"sib": nil, "one": {"P"}},
			free:   map[string]int{"P": 0},
		},
		"a session with too few seats keeps the whole course from the first": {
			max:   1,
			progs: []*CourseProgram{{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 2), courseAt("p2", 24, 0)}, Line: []string{"a"}}},
			apps:  []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P"}}},
			freed: []string{"P"},
			want:  nil,
			free:  map[string]int{"P": 2},
		},
		"a child busy at the time of one session is passed over": {
			max:   1,
			progs: []*CourseProgram{{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1), courseAt("p2", 24, 1)}, Line: []string{"busy", "free"}}},
			apps: []*CourseApplication{{ID: "busy", Size: 1, Wishes: []string{"P"}, Busy: []Span{hour(24)}},
				{ID: "free", Size: 1, Wishes: []string{"P"}, Busy: []Span{hour(1)}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "free", "P"}},
			places: map[string][]string{"busy": nil, "free": {"P"}},
		},
		"more seats promote several in line order": {
			max:    1,
			progs:  []*CourseProgram{{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 2)}, Line: []string{"a", "b", "c"}}},
			apps:   []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P"}}, {ID: "b", Size: 1, Wishes: []string{"P"}}, {ID: "c", Size: 1, Wishes: []string{"P"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "a", "P"}, {CoursePromoted, "b", "P"}},
			places: map[string][]string{"a": {"P"}, "b": {"P"}, "c": nil},
		},
		"a promotion at the maximum releases the lowest place, whose seat promotes in turn": {
			max: 1,
			progs: []*CourseProgram{
				{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"a"}},
				{ID: "Q", Sessions: []CourseSession{courseAt("q1", 0, 0)}, Line: []string{"b"}},
			},
			apps: []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P", "Q"}, Places: []string{"Q"}},
				{ID: "b", Size: 1, Wishes: []string{"Q"}}},
			freed: []string{"P"},
			want: []CourseMove{{CoursePromoted, "a", "P"}, {CourseReleased, "a", "Q"},
				{CoursePromoted, "b", "Q"}},
			places: map[string][]string{"a": {"P"}, "b": {"Q"}},
			free:   map[string]int{"P": 0, "Q": 0},
		},
		"a place overlapping the one released does not keep the family from its higher wish": {
			max: 1,
			progs: []*CourseProgram{
				{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"a"}},
				{ID: "Q", Sessions: []CourseSession{courseAt("q1", 0, 0)}},
			},
			apps:   []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P", "Q"}, Places: []string{"Q"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "a", "P"}, {CourseReleased, "a", "Q"}},
			places: map[string][]string{"a": {"P"}},
			free:   map[string]int{"Q": 1},
		},
		"below the maximum a promotion releases nothing, and at it the lower lines are left": {
			max: 2,
			progs: []*CourseProgram{
				{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"a"}},
				{ID: "Q", Sessions: []CourseSession{courseAt("q1", 5, 0)}},
				{ID: "R", Sessions: []CourseSession{courseAt("r1", 8, 0)}, Line: []string{"a"}},
			},
			apps:   []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"Q", "P", "R"}, Places: []string{"Q"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CoursePromoted, "a", "P"}, {CourseLeft, "a", "R"}},
			places: map[string][]string{"a": {"Q", "P"}},
		},
		"a family at the maximum waiting for a wish below its lowest place leaves that line": {
			max: 1,
			progs: []*CourseProgram{
				{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"a", "b"}},
				{ID: "Q", Sessions: []CourseSession{courseAt("q1", 5, 0)}},
			},
			apps: []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"Q", "P"}, Places: []string{"Q"}},
				{ID: "b", Size: 1, Wishes: []string{"P"}}},
			freed:  []string{"P"},
			want:   []CourseMove{{CourseLeft, "a", "P"}, {CoursePromoted, "b", "P"}},
			places: map[string][]string{"a": {"Q"}, "b": {"P"}},
		},
		"releases cascade through several programs": {
			max: 1,
			progs: []*CourseProgram{
				{ID: "P", Sessions: []CourseSession{courseAt("p1", 0, 1)}, Line: []string{"a"}},
				{ID: "Q", Sessions: []CourseSession{courseAt("q1", 2, 0)}, Line: []string{"b"}},
				{ID: "R", Sessions: []CourseSession{courseAt("r1", 4, 0)}, Line: []string{"c"}},
			},
			apps: []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P", "Q"}, Places: []string{"Q"}},
				{ID: "b", Size: 1, Wishes: []string{"Q", "R"}, Places: []string{"R"}},
				{ID: "c", Size: 1, Wishes: []string{"R"}}},
			freed: []string{"P"},
			want: []CourseMove{{CoursePromoted, "a", "P"}, {CourseReleased, "a", "Q"},
				{CoursePromoted, "b", "Q"}, {CourseReleased, "b", "R"}, {CoursePromoted, "c", "R"}},
			places: map[string][]string{"a": {"P"}, "b": {"Q"}, "c": {"R"}},
		},
		"a program with no round session left promotes no one": {
			max:   1,
			progs: []*CourseProgram{{ID: "P", Line: []string{"a"}}},
			apps:  []*CourseApplication{{ID: "a", Size: 1, Wishes: []string{"P"}}},
			freed: []string{"P"},
			want:  nil,
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := &CourseRound{MaxPlaces: c.max, Programs: map[string]*CourseProgram{}, Applications: map[string]*CourseApplication{}}
			for _, p := range c.progs {
				r.Programs[p.ID] = p
			}
			for _, a := range c.apps {
				r.Applications[a.ID] = a
			}
			got := r.Refill(c.freed...)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("moves = %v, want %v", got, c.want)
			}
			for id, want := range c.places {
				if got := r.Applications[id].Places; len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
					t.Errorf("places of %s = %v, want %v", id, got, want)
				}
			}
			for id, want := range c.free {
				if got := r.Programs[id].Sessions[0].Free; got != want {
					t.Errorf("free seats of %s = %d, want %d", id, got, want)
				}
			}
		})
	}
}

func TestRoundGateKeepsFirstComeClosedUntilTheDrawAndItsOpening(t *testing.T) {
	now := time.Date(2027, 1, 10, 12, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	cases := []struct {
		name string
		gate RoundGate
		want string
	}{
		{"no round", RoundGate{}, ""},
		{"a round not drawn", RoundGate{Undrawn: true}, EBookingClosed},
		{"drawn, seats open later", RoundGate{OpensAt: &later}, EBookingClosed},
		{"drawn, seats open now", RoundGate{OpensAt: &now}, ""},
		{"drawn, seats opened", RoundGate{OpensAt: &earlier}, ""},
	}
	for _, c := range cases {
		if got := ErrorCode(c.gate.CheckFirstCome(now)); c.want == "" && c.gate.CheckFirstCome(now) != nil || c.want != "" && got != c.want {
			t.Errorf("%s: %v, want %q", c.name, c.gate.CheckFirstCome(now), c.want)
		}
	}
}

func TestAChildWhoAppliedMayNotBeBookedAtTheTimeOfItsWishes(t *testing.T) {
	s := courseAt("s", 0, 1)
	target := &BookingTarget{SessionID: "t", Kind: KindHolidayClass, Status: SessionScheduled, StartsAt: s.Span.StartsAt.Add(30 * time.Minute),
		EndsAt: s.Span.EndsAt.Add(30 * time.Minute), Capacity: 5}
	wish := BookingChild{ID: "c", Field: "child_id", Birth: NewDate(2019, time.January, 1),
		Bookings: []ChildBooking{{SessionID: "s", Status: BookingRoundWish, StartsAt: s.Span.StartsAt, EndsAt: s.Span.EndsAt}}}
	if got := ErrorCode(target.CheckChild(wish)); got != EOverlap {
		t.Errorf("booking over a wish: %s, want overlap", got)
	}
	apart := wish
	apart.Bookings = []ChildBooking{{SessionID: "s", Status: BookingRoundWish, StartsAt: s.Span.StartsAt.Add(-time.Hour), EndsAt: s.Span.StartsAt}}
	if err := target.CheckChild(apart); err != nil {
		t.Errorf("booking beside a wish: %v", err)
	}
}
