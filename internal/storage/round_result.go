package storage

import (
	"context"
	"slices"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// RoundResult answers the published result of a drawn round, to anyone: no names, priority
// ranks without labels, the programs as the close fixed them, every application in draw order.
func (s Rounds) RoundResult(ctx context.Context, a *linli.Actor, id string) (*linli.RoundResult, error) {
	x, err := readRound(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	if x.DrawnAt == nil {
		return nil, linli.Errorf(linli.EConflict, "the round is not drawn yet: its result is published by the draw")
	}
	return roundResult(ctx, s.read, x)
}

func roundResult(ctx context.Context, q querier, x *roundRow) (*linli.RoundResult, error) {
	programs, err := closedPrograms(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	titles, err := programTitles(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	views, err := applicationViews(ctx, q, x, `1 = 1`)
	if err != nil {
		return nil, err
	}
	v := x.view(nil, x.UpdatedAt)
	n := len(views)
	round := linli.RoundResultRound{ID: x.ID, CommunityID: x.CommunityID, Title: x.Title, Status: linli.RoundDrawn, ProgramIDs: x.ProgramIDs,
		OpensAt: &v.OpensAt, ClosesAt: &v.ClosesAt, DrawAt: v.DrawAt, OpenAfterDrawAt: v.OpenAfterDrawAt, PriorityGroups: v.PriorityGroups,
		Applications: &n, EntropySource: x.EntropySource, MaxWishes: x.MaxWishes, MaxPlacesPerChild: x.MaxPlacesPerChild,
		Commitment: x.Commitment, ApplicationsDigest: deref(x.ApplicationsDigest), ProgramsDigest: deref(x.ProgramsDigest),
		ServerSeed: x.serverSeed, PublicEntropy: deref(x.PublicEntropy), DrawSeed: x.DrawSeed}
	out := &linli.RoundResult{Round: round, Programs: make([]linli.RoundResultProgram, len(programs)), Applications: make([]linli.RoundResultApplication, len(views))}
	for i, p := range programs {
		out.Programs[i] = linli.RoundResultProgram{ID: p.ID, Title: titles[p.ID], Seats: p.Seats, Overlaps: p.Overlaps}
		if p.Overlaps == nil {
			out.Programs[i].Overlaps = []string{}
		}
	}
	for i, v := range views {
		app := linli.RoundResultApplication{ID: v.ID, PriorityRank: v.PriorityRank, Size: v.Size, ProgramIDs: v.ProgramIDs,
			LotteryNumber: v.LotteryNumber, Placed: []string{}, Waitlisted: []linli.RoundWaitlisting{}}
		rank := func(p string) int { return slices.Index(v.ProgramIDs, p) }
		app.Placed = append(app.Placed, v.Placed...)
		slices.SortFunc(app.Placed, func(a, b string) int { return rank(a) - rank(b) })
		for _, w := range v.Waitlisted {
			app.Waitlisted = append(app.Waitlisted, linli.RoundWaitlisting{ProgramID: w.ProgramID, Position: w.Position})
		}
		slices.SortFunc(app.Waitlisted, func(a, b linli.RoundWaitlisting) int { return rank(a.ProgramID) - rank(b.ProgramID) })
		out.Applications[i] = app
	}
	slices.SortFunc(out.Applications, func(a, b linli.RoundResultApplication) int {
		if a.PriorityRank != b.PriorityRank {
			return a.PriorityRank - b.PriorityRank
		}
		return strings.Compare(a.LotteryNumber, b.LotteryNumber)
	})
	return out, nil
}

// RoundStats answers the coordinators' figures of a round: live demand before the draw, and
// the draw's outcome after it.
func (s Rounds) RoundStats(ctx context.Context, a *linli.Actor, id string) (*linli.RoundStats, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	x, err := readRound(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	if err := linli.Authorize(a, linli.ActManageRound, linli.Object{Kind: linli.ObjRound, CommunityID: x.CommunityID}); err != nil {
		return nil, err
	}
	st, err := roundStats(ctx, s.read, x)
	if err != nil {
		return nil, err
	}
	for i := range st.ByPriorityGroup {
		if r := st.ByPriorityGroup[i].Rank; r < len(x.groups) {
			st.ByPriorityGroup[i].Key = x.groups[r].Key
		}
	}
	return st, nil
}

// roundStats counts a round's applications and outcomes, and each program's demand and seats.
func roundStats(ctx context.Context, q querier, x *roundRow) (*linli.RoundStats, error) {
	views, err := applicationViews(ctx, q, x, `1 = 1`)
	if err != nil {
		return nil, err
	}
	titles, err := programTitles(ctx, q, x.ID)
	if err != nil {
		return nil, err
	}
	seats, err := programSeats(ctx, q, x)
	if err != nil {
		return nil, err
	}
	st := &linli.RoundStats{Applications: len(views), Drawn: x.DrawnAt != nil, ByPriorityGroup: make([]linli.RankStats, len(x.groups)+1),
		SeatsLeft: []linli.ProgramSeats{}, Programs: []linli.ProgramDemand{}}
	for i := range st.ByPriorityGroup {
		st.ByPriorityGroup[i].Rank = i
	}
	demand := map[string]*linli.ProgramDemand{}
	for _, p := range x.ProgramIDs {
		demand[p] = &linli.ProgramDemand{ProgramID: p, Title: titles[p], Seats: seats[p]}
	}
	placedIn := map[string]int{}
	for _, v := range views {
		st.Children += v.Size
		g := &st.ByPriorityGroup[min(v.PriorityRank, len(x.groups))]
		g.Applications++
		for i, p := range v.ProgramIDs {
			if d := demand[p]; d != nil {
				d.Applications++
				d.Children += v.Size
				if i == 0 {
					d.FirstWishes++
				}
			}
		}
		for _, p := range v.Placed {
			placedIn[p] += v.Size
		}
		switch {
		case len(v.Placed) > 0:
			st.PlacedAny++
			g.PlacedAny++
			if len(v.ProgramIDs) > 0 && slices.Contains(v.Placed, v.ProgramIDs[0]) {
				st.PlacedFirstWish++
			}
			if v.Size > 1 {
				st.SiblingGroupsPlaced++
			}
		case st.Drawn:
			st.Unplaced++
		}
	}
	for _, p := range x.ProgramIDs {
		d := demand[p]
		d.Oversubscribe = d.Children > d.Seats
		st.Programs = append(st.Programs, *d)
		if st.Drawn {
			st.SeatsLeft = append(st.SeatsLeft, linli.ProgramSeats{ProgramID: p, Seats: seats[p], SeatsLeft: seats[p] - placedIn[p]})
		}
	}
	return st, nil
}

// programSeats returns each round program's seats: as the close fixed them, else the fewest
// free seats now over its sessions that would be round sessions if the round closed at closes_at.
func programSeats(ctx context.Context, q querier, x *roundRow) (map[string]int, error) {
	query := `SELECT rp.program_id, COALESCE(rp.seats, 0) FROM round_programs rp WHERE rp.round_id = ? ORDER BY rp.program_id`
	args := []any{x.ID}
	if x.ClosedAt == nil {
		query = `SELECT rp.program_id, COALESCE((SELECT MIN(s.capacity - s.confirmed) FROM sessions s WHERE s.program_id = rp.program_id
			AND s.status = 'scheduled' AND s.starts_at > ?), 0) FROM round_programs rp WHERE rp.round_id = ? ORDER BY rp.program_id`
		args = []any{fmtTime(x.ClosesAt), x.ID}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = max(n, 0)
	}
	return out, rows.Err()
}
