package linli

import (
	"time"
)

// RoundResult is the published result of a drawn round, the JSON of GET /rounds/{id}/result
// (API.md "Application rounds"): no names, priority ranks without their labels, the programs'
// seats and overlaps as fixed at the close, and every application with its wishes, lottery number
// and outcome. It is everything VerifyRoundResult needs to recompute the draw.
type RoundResult struct {
	Round        RoundResultRound         `json:"round"`
	Programs     []RoundResultProgram     `json:"programs"`
	Applications []RoundResultApplication `json:"applications"`
}

// RoundResultRound is the round part of a published result: the round as GET /rounds/{id}
// answers it to anyone, with its seed pieces and digests. Only the fields from MaxWishes down are
// read by the verifier; the others are for people.
type RoundResultRound struct {
	ID              string               `json:"id"`
	CommunityID     string               `json:"community_id,omitempty"`
	Title           string               `json:"title,omitempty"`
	Status          string               `json:"status"`
	ProgramIDs      []string             `json:"program_ids,omitempty"`
	OpensAt         *time.Time           `json:"opens_at,omitempty"`
	ClosesAt        *time.Time           `json:"closes_at,omitempty"`
	DrawAt          *time.Time           `json:"draw_at,omitempty"`
	OpenAfterDrawAt *time.Time           `json:"open_after_draw_at,omitempty"`
	PriorityGroups  []RoundPriorityGroup `json:"priority_groups,omitempty"`
	// Applications is the number of applications; when present it must match the list.
	Applications       *int   `json:"applications,omitempty"`
	EntropySource      string `json:"entropy_source"`
	MaxWishes          int    `json:"max_wishes"`
	MaxPlacesPerChild  int    `json:"max_places_per_child"`
	Commitment         string `json:"commitment"`
	ApplicationsDigest string `json:"applications_digest"`
	ProgramsDigest     string `json:"programs_digest"`
	ServerSeed         string `json:"server_seed"`
	PublicEntropy      string `json:"public_entropy"`
	DrawSeed           string `json:"draw_seed"`
}

// RoundPriorityGroup is a priority group as shown to everyone but the community's coordinators:
// its rank only (0 = first group). Key and Label are for coordinators and never published in a
// result.
type RoundPriorityGroup struct {
	Rank  int    `json:"rank"`
	Key   string `json:"key,omitempty"`
	Label string `json:"label,omitempty"`
}

// RoundResultProgram is a round program in a published result, with its seats and the other
// round programs it overlaps (sorted) as fixed at the close.
type RoundResultProgram struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Seats    int      `json:"seats"`
	Overlaps []string `json:"overlaps"`
}

// RoundResultApplication is an application in a published result: no names, only what the draw
// used and what it gave.
type RoundResultApplication struct {
	ID            string             `json:"id"`
	PriorityRank  int                `json:"priority_rank"`
	Size          int                `json:"size"`
	ProgramIDs    []string           `json:"program_ids"`
	LotteryNumber string             `json:"lottery_number"`
	Placed        []string           `json:"placed"`
	Waitlisted    []RoundWaitlisting `json:"waitlisted"`
}

// NewRoundResult assembles the published result of a draw from the facts fixed at the close and
// the draw's outcome: programs in the order given (titles by program id), applications in draw
// order. Lists are empty, never null.
func NewRoundResult(round RoundResultRound, programs []RoundProgram, titles map[string]string, apps []RoundApplication, draw RoundDraw) RoundResult {
	r := RoundResult{Round: round, Programs: make([]RoundResultProgram, 0, len(programs)), Applications: make([]RoundResultApplication, 0, len(apps))}
	for _, p := range programs {
		r.Programs = append(r.Programs, RoundResultProgram{ID: p.ID, Title: titles[p.ID], Seats: p.Seats, Overlaps: nonNil(p.Overlaps)})
	}
	byID := make(map[string]RoundApplication, len(apps))
	for _, a := range apps {
		byID[a.ID] = a
	}
	for _, id := range draw.Order {
		a, out := byID[id], draw.Outcomes[id]
		r.Applications = append(r.Applications, RoundResultApplication{
			ID: a.ID, PriorityRank: a.PriorityRank, Size: a.Size, ProgramIDs: nonNil(a.ProgramIDs),
			LotteryNumber: out.LotteryNumber, Placed: nonNil(out.Placed), Waitlisted: nonNilWaits(out.Waitlisted),
		})
	}
	return r
}

// Facts returns the programs and applications of a published result as the draw takes them.
func (r RoundResult) Facts() ([]RoundProgram, []RoundApplication) {
	programs := make([]RoundProgram, len(r.Programs))
	for i, p := range r.Programs {
		programs[i] = RoundProgram{ID: p.ID, Seats: p.Seats, Overlaps: p.Overlaps}
	}
	apps := make([]RoundApplication, len(r.Applications))
	for i, a := range r.Applications {
		apps[i] = RoundApplication{ID: a.ID, PriorityRank: a.PriorityRank, Size: a.Size, ProgramIDs: a.ProgramIDs}
	}
	return programs, apps
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilWaits(s []RoundWaitlisting) []RoundWaitlisting {
	if s == nil {
		return []RoundWaitlisting{}
	}
	return s
}
