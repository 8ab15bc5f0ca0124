package linli

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Round statuses (DOMAIN.md "Fair allocation of popular classes"), computed from the round's
// times and steps by RoundStatus.
const (
	RoundDraft  = "draft"  // before opens_at
	RoundOpen   = "open"   // families apply, until the close
	RoundClosed = "closed" // frozen, committed, waiting for the draw
	RoundDrawn  = "drawn"  // placed and published
)

// Bounds of a round body.
const (
	DefaultMaxWishes      = 3
	MaxRoundWishes        = 10
	MaxRoundPrograms      = 500
	MaxPriorityGroups     = 20
	MaxRoundTitle         = 200
	MaxEntropySource      = 500
	MaxPublicEntropy      = 500
	MaxSiblingApplication = 10
)

// Round is an application round as the API answers it. Each published piece (commitment, the
// digests, server_seed, public_entropy, draw_seed) appears once its step is done.
type Round struct {
	ID                 string               `json:"id"`
	CommunityID        string               `json:"community_id"`
	Title              string               `json:"title"`
	ProgramIDs         []string             `json:"program_ids"`
	OpensAt            time.Time            `json:"opens_at"`
	ClosesAt           time.Time            `json:"closes_at"`
	DrawAt             *time.Time           `json:"draw_at"`
	OpenAfterDrawAt    *time.Time           `json:"open_after_draw_at"`
	EntropySource      string               `json:"entropy_source"`
	MaxWishes          int                  `json:"max_wishes"`
	MaxPlacesPerChild  int                  `json:"max_places_per_child"`
	PriorityGroups     []RoundPriorityGroup `json:"priority_groups"`
	Status             string               `json:"status"`
	Applications       int                  `json:"applications"`
	ClosedAt           *time.Time           `json:"closed_at,omitempty"`
	DrawnAt            *time.Time           `json:"drawn_at,omitempty"`
	Commitment         string               `json:"commitment,omitempty"`
	ApplicationsDigest *string              `json:"applications_digest,omitempty"`
	ProgramsDigest     *string              `json:"programs_digest,omitempty"`
	ServerSeed         string               `json:"server_seed,omitempty"`
	PublicEntropy      *string              `json:"public_entropy,omitempty"`
	DrawSeed           string               `json:"draw_seed,omitempty"`
	CreatedAt          time.Time            `json:"created_at"`
	UpdatedAt          time.Time            `json:"updated_at"`
}

// RoundStatus says where a round is at now: drawn, closed (frozen), draft before it opens, else open.
func RoundStatus(opensAt time.Time, closedAt, drawnAt *time.Time, now time.Time) string {
	switch {
	case drawnAt != nil:
		return RoundDrawn
	case closedAt != nil:
		return RoundClosed
	case now.Before(opensAt):
		return RoundDraft
	}
	return RoundOpen
}

// AcceptsApplications reports whether families may apply, change or withdraw at now: the round
// is open, not frozen, and its closes_at has not come.
func AcceptsApplications(opensAt, closesAt time.Time, closedAt *time.Time, now time.Time) bool {
	return closedAt == nil && !now.Before(opensAt) && now.Before(closesAt)
}

// PublicGroups returns the priority groups as everyone but the community's coordinators sees
// them: ranks only.
func PublicGroups(groups []RoundPriorityGroup) []RoundPriorityGroup {
	out := make([]RoundPriorityGroup, len(groups))
	for i := range groups {
		out[i] = RoundPriorityGroup{Rank: i}
	}
	return out
}

// RoundGroupIn is a priority group in a round body.
type RoundGroupIn struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// RoundChange is the body of POST /communities/{id}/rounds and of PATCH /rounds/{id}: on a
// PATCH, an absent field keeps its value.
type RoundChange struct {
	Title             *string         `json:"title"`
	ProgramIDs        []string        `json:"program_ids"`
	OpensAt           *string         `json:"opens_at"`
	ClosesAt          *string         `json:"closes_at"`
	DrawAt            *string         `json:"draw_at"` // "" clears it
	OpenAfterDrawAt   *string         `json:"open_after_draw_at"`
	EntropySource     *string         `json:"entropy_source"`
	MaxWishes         *int            `json:"max_wishes"`
	MaxPlacesPerChild *int            `json:"max_places_per_child"`
	PriorityGroups    *[]RoundGroupIn `json:"priority_groups"`
}

// RoundSpec is a round's settings as stored, after a RoundChange is applied and checked.
type RoundSpec struct {
	Title                   string
	ProgramIDs              []string
	OpensAt, ClosesAt       time.Time
	DrawAt, OpenAfterDrawAt *time.Time
	EntropySource           string
	MaxWishes, MaxPlaces    int
	Groups                  []RoundGroupIn
}

var groupKey = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Apply merges c into s (a new round: the zero spec) and checks the result against the rules of
// a round body; now is the server's time: a round must close in the future.
func (c RoundChange) Apply(s RoundSpec, creating bool, now time.Time) (RoundSpec, error) {
	if creating {
		s.MaxWishes, s.MaxPlaces = DefaultMaxWishes, 1
	}
	if c.Title != nil {
		s.Title = strings.TrimSpace(*c.Title)
	}
	if c.ProgramIDs != nil {
		s.ProgramIDs = c.ProgramIDs
	}
	for _, p := range []struct {
		field    string
		in       *string
		out      **time.Time
		required bool
	}{{"opens_at", c.OpensAt, nil, true}, {"closes_at", c.ClosesAt, nil, true}, {"draw_at", c.DrawAt, &s.DrawAt, false},
		{"open_after_draw_at", c.OpenAfterDrawAt, &s.OpenAfterDrawAt, false}} {
		if p.in == nil {
			continue
		}
		var t *time.Time
		if *p.in != "" || p.required {
			at, err := time.Parse(time.RFC3339, *p.in)
			if err != nil {
				return s, Invalid(p.field, "%s must be an instant with its offset, such as 2026-12-09T20:00:00+08:00", p.field)
			}
			t = &at
		}
		switch p.field {
		case "opens_at":
			s.OpensAt = *t
		case "closes_at":
			s.ClosesAt = *t
		default:
			*p.out = t
		}
	}
	if c.EntropySource != nil {
		s.EntropySource = strings.TrimSpace(*c.EntropySource)
	}
	if c.MaxWishes != nil {
		s.MaxWishes = *c.MaxWishes
		if c.MaxPlacesPerChild == nil && s.MaxPlaces > s.MaxWishes && s.MaxWishes >= 1 {
			s.MaxPlaces = s.MaxWishes
		}
	}
	if c.MaxPlacesPerChild != nil {
		s.MaxPlaces = *c.MaxPlacesPerChild
	}
	if c.PriorityGroups != nil {
		s.Groups = *c.PriorityGroups
	}
	return s, s.check(now)
}

func (s RoundSpec) check(now time.Time) error {
	switch {
	case s.Title == "" || utf8.RuneCountInString(s.Title) > MaxRoundTitle:
		return Invalid("title", "title must be 1 to %d characters", MaxRoundTitle)
	case len(s.ProgramIDs) == 0 || len(s.ProgramIDs) > MaxRoundPrograms:
		return Invalid("program_ids", "program_ids must name 1 to %d programs", MaxRoundPrograms)
	case s.OpensAt.IsZero():
		return Invalid("opens_at", "opens_at is required")
	case s.ClosesAt.IsZero():
		return Invalid("closes_at", "closes_at is required")
	case !s.ClosesAt.After(s.OpensAt):
		return Invalid("closes_at", "closes_at must be after opens_at")
	case !s.ClosesAt.After(now):
		return Invalid("closes_at", "closes_at must be in the future")
	case s.DrawAt != nil && s.DrawAt.Before(s.ClosesAt):
		return Invalid("draw_at", "draw_at must not be before closes_at")
	case s.OpenAfterDrawAt != nil && (s.OpenAfterDrawAt.Before(s.ClosesAt) || s.DrawAt != nil && s.OpenAfterDrawAt.Before(*s.DrawAt)):
		return Invalid("open_after_draw_at", "open_after_draw_at must not be before the close or the draw")
	case utf8.RuneCountInString(s.EntropySource) > MaxEntropySource:
		return Invalid("entropy_source", "entropy_source must be at most %d characters", MaxEntropySource)
	case s.MaxWishes < 1 || s.MaxWishes > MaxRoundWishes:
		return Invalid("max_wishes", "max_wishes must be from 1 to %d", MaxRoundWishes)
	case s.MaxPlaces < 1 || s.MaxPlaces > s.MaxWishes:
		return Invalid("max_places_per_child", "max_places_per_child must be from 1 to max_wishes (%d)", s.MaxWishes)
	case len(s.Groups) > MaxPriorityGroups:
		return Invalid("priority_groups", "at most %d priority groups", MaxPriorityGroups)
	}
	for i, id := range s.ProgramIDs {
		if slices.Contains(s.ProgramIDs[:i], id) {
			return Invalid(fmt.Sprintf("program_ids[%d]", i), "program_ids must be distinct")
		}
	}
	for i, g := range s.Groups {
		field := fmt.Sprintf("priority_groups[%d]", i)
		if !groupKey.MatchString(g.Key) || slices.ContainsFunc(s.Groups[:i], func(o RoundGroupIn) bool { return o.Key == g.Key }) {
			return Invalid(field+".key", "keys must be distinct: lowercase letters, digits, - and _, at most 40")
		}
		if l := strings.TrimSpace(g.Label); l == "" || utf8.RuneCountInString(l) > 100 {
			return Invalid(field+".label", "label must be 1 to 100 characters")
		}
	}
	return nil
}

// RoundProgramFacts is what the rules need to know of a program to take it into a round.
type RoundProgramFacts struct {
	Kind     string
	Waitlist bool
	// InRound is the id of another round not drawn that holds the program, or "".
	InRound string
}

// CheckRoundProgram answers 409 conflict on field unless a program may be taken into a round: a
// holiday class or after-school care that keeps a waiting list and is in no other round not drawn.
func CheckRoundProgram(p RoundProgramFacts, field string) error {
	switch {
	case p.Kind != KindHolidayClass && p.Kind != KindAfterSchool:
		return &Error{Code: EConflict, Field: field, Message: "a round takes holiday classes and after-school care only"}
	case !p.Waitlist:
		return &Error{Code: EConflict, Field: field, Message: "a round takes only programs that keep a waiting list"}
	case p.InRound != "":
		return &Error{Code: EConflict, Field: field, Message: "the program is already in a round that is not drawn"}
	}
	return nil
}
