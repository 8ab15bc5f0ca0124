package linli

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ApplicationBody is the body of PUT /rounds/{id}/applications/{child_id}: the siblings who
// apply together (the path's child among them; absent: that child alone) and their ranked wishes.
type ApplicationBody struct {
	ChildIDs   []string `json:"child_ids"`
	ProgramIDs []string `json:"program_ids"`
}

// Check completes and checks an application body against the round's rules for the path's
// child: the children distinct, the path's child among them, 1 to maxWishes distinct wishes,
// each one of the round's programs.
func (b *ApplicationBody) Check(childID string, maxWishes int, roundPrograms []string) error {
	if b.ChildIDs == nil {
		b.ChildIDs = []string{childID}
	}
	if len(b.ChildIDs) == 0 || len(b.ChildIDs) > MaxSiblingApplication {
		return Invalid("child_ids", "child_ids must name 1 to %d children", MaxSiblingApplication)
	}
	if !slices.Contains(b.ChildIDs, childID) {
		return Invalid("child_ids", "child_ids must include the child of the path")
	}
	for i, id := range b.ChildIDs {
		if slices.Contains(b.ChildIDs[:i], id) {
			return Invalid(fmt.Sprintf("child_ids[%d]", i), "child_ids must be distinct")
		}
	}
	if len(b.ProgramIDs) == 0 || len(b.ProgramIDs) > maxWishes {
		return Invalid("program_ids", "program_ids must rank 1 to %d wishes", maxWishes)
	}
	for i, id := range b.ProgramIDs {
		field := fmt.Sprintf("program_ids[%d]", i)
		if slices.Contains(b.ProgramIDs[:i], id) {
			return Invalid(field, "each program may be wished once")
		}
		if !slices.Contains(roundPrograms, id) {
			return Invalid(field, "the program is not in this round")
		}
	}
	return nil
}

// CheckRoundEligible answers 422 not_eligible naming the program unless a child born on birth
// is within the program's age range on every date of its round sessions (dates, in the
// community's zone).
func CheckRoundEligible(field, programID, title string, ageMin, ageMax *int, kind string, birth Date, dates []Date) error {
	for _, d := range dates {
		if age := AgeOn(birth, d); !OpenToAge(kind, ageMin, ageMax, age) {
			return &Error{Code: ENotEligible, Field: field, Message: fmt.Sprintf("a child is %d on %s, outside the ages of %s (%s)", age, d, title, programID)}
		}
	}
	return nil
}

// RoundApplicationView is an application as GET /rounds/{id}/applications and PUT answer it.
// ChildNames (given names) and PriorityGroup are for the community's coordinators; the family
// sees its own children's ids.
type RoundApplicationView struct {
	ID             string     `json:"id"`
	ChildIDs       []string   `json:"child_ids"`
	ChildNames     []string   `json:"child_names,omitempty"`
	ProgramIDs     []string   `json:"program_ids"`
	RemovedAtClose []string   `json:"removed_at_close,omitempty"`
	PriorityRank   int        `json:"priority_rank"`
	PriorityGroup  *string    `json:"priority_group,omitempty"`
	Size           int        `json:"size"`
	LotteryNumber  string     `json:"lottery_number,omitempty"`
	Placed         []string   `json:"placed,omitempty"`
	Waitlisted     []WaitSpot `json:"waitlisted,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

// WaitSpot is an application's place in a program's waiting list as drawn.
type WaitSpot struct {
	ProgramID string `json:"program_id"`
	Position  int    `json:"position"`
}

// PriorityBody is the body of PUT /rounds/{id}/applications/{application_id}/priority.
type PriorityBody struct {
	GroupKey *string `json:"group_key"`
}

// DrawBody is the body of POST /rounds/{id}/draw.
type DrawBody struct {
	PublicEntropy *string `json:"public_entropy"`
}

// RoundStats is GET /rounds/{id}/stats and the stats of the draw's answer.
type RoundStats struct {
	Applications        int             `json:"applications"`
	Children            int             `json:"children"`
	PlacedFirstWish     int             `json:"placed_first_wish"`
	PlacedAny           int             `json:"placed_any"`
	Unplaced            int             `json:"unplaced"`
	SiblingGroupsPlaced int             `json:"sibling_groups_placed"`
	ByPriorityGroup     []RankStats     `json:"by_priority_group"`
	SeatsLeft           []ProgramSeats  `json:"seats_left"`
	Programs            []ProgramDemand `json:"programs"`
	Drawn               bool            `json:"drawn"`
}

// RankStats counts the applications of one priority rank (the last rank: in no group).
type RankStats struct {
	Rank         int    `json:"rank"`
	Key          string `json:"key,omitempty"`
	Applications int    `json:"applications"`
	PlacedAny    int    `json:"placed_any"`
}

// ProgramSeats is a program's seats left by the draw (seats fixed at the close minus places).
type ProgramSeats struct {
	ProgramID string `json:"program_id"`
	Seats     int    `json:"seats"`
	SeatsLeft int    `json:"seats_left"`
}

// ProgramDemand is the live demand of a program: the applications and children wishing for it
// (first wishes apart), and its seats (the fewest free over its sessions now, or as fixed at the
// close) so that oversubscription shows.
type ProgramDemand struct {
	ProgramID     string `json:"program_id"`
	Title         string `json:"title"`
	Seats         int    `json:"seats"`
	Applications  int    `json:"applications"`
	Children      int    `json:"children"`
	FirstWishes   int    `json:"first_wishes"`
	Oversubscribe bool   `json:"oversubscribed"`
}

// RoundFilter selects rounds: those of a community, paged.
type RoundFilter struct {
	CommunityID string
	Page        Page
}

// RoundService is application rounds (报名摇号): DOMAIN.md "Fair allocation of popular classes".
type RoundService interface {
	// CreateRound creates a round of a community's programs; its coordinators may.
	CreateRound(ctx context.Context, a *Actor, communityID string, in Input[RoundChange]) (*Round, error)
	// FindRounds lists rounds, FindRound answers one: rounds are public.
	FindRounds(ctx context.Context, a *Actor, f RoundFilter) ([]Round, string, error)
	FindRound(ctx context.Context, a *Actor, id string) (*Round, error)
	// UpdateRound and DeleteRound change a round before it opens only.
	UpdateRound(ctx context.Context, a *Actor, id string, in Input[RoundChange]) (*Round, error)
	DeleteRound(ctx context.Context, a *Actor, id string) error
	// Apply replaces the application of a child (with its siblings) while the round is open.
	Apply(ctx context.Context, a *Actor, roundID, childID string, in Input[ApplicationBody]) (*RoundApplicationView, error)
	// FindApplications lists the actor's own applications, or all to the community's coordinators.
	FindApplications(ctx context.Context, a *Actor, roundID string, p Page) ([]RoundApplicationView, string, error)
	// Withdraw removes one of the actor's applications while the round is open.
	Withdraw(ctx context.Context, a *Actor, roundID, applicationID string) error
	// SetPriority puts an application in a priority group (nil: none) while the round is open; audited.
	SetPriority(ctx context.Context, a *Actor, roundID, applicationID string, in Input[PriorityBody]) (*RoundApplicationView, error)
	// CloseRound freezes a round now (CloseDue does it at closes_at).
	CloseRound(ctx context.Context, a *Actor, id string) (*Round, error)
	// DrawRound draws a closed round (DrawDue does it at draw_at when it has no entropy source).
	DrawRound(ctx context.Context, a *Actor, id string, in Input[DrawBody]) (*Round, *RoundStats, error)
	// RoundResult answers the published result of a drawn round.
	RoundResult(ctx context.Context, a *Actor, id string) (*RoundResult, error)
	// RoundStats answers the coordinators' figures of a round, live before the draw.
	RoundStats(ctx context.Context, a *Actor, id string) (*RoundStats, error)
}
