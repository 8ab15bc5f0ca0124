package storage

import (
	"context"
	"database/sql"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// VisitsReport counts the neighbour visits of a community, or of every community below a region,
// on community-local dates From..To: planned (not cancelled), done, missed, overdue (ended more
// than linli.VisitLogDeadline ago with no log), upcoming, and the troubles found on those visits:
// resolved, and still open by age. A community's report is for its coordinators, administrators
// and the viewers of a region above it; a region's for administrators and its viewers. Counts
// only: no household, no note, no name.
func (s Regions) VisitsReport(ctx context.Context, a *linli.Actor, in linli.Input[linli.VisitsFilter]) (*linli.VisitsReport, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	f, err := in()
	if err != nil {
		return nil, err
	}
	if err := linli.CheckReportScope(f.CommunityID, f.RegionID); err != nil {
		return nil, err
	}
	var comms []linli.CommunityRef
	if f.RegionID != "" {
		rc, err := s.reportCommunities(ctx, a, f.RegionID)
		if err != nil {
			return nil, err
		}
		for _, c := range rc {
			comms = append(comms, c.CommunityRef)
		}
	} else {
		if _, err := authorize(ctx, s.read, a, linli.ActReadReports, linli.ObjCommunity, f.CommunityID); err != nil {
			return nil, err
		}
		c, err := findCommunity(ctx, s.read, f.CommunityID)
		if err != nil {
			return nil, err
		}
		comms = []linli.CommunityRef{{ID: c.ID, Name: c.Name}}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	ids := make([]string, len(comms))
	for i, c := range comms {
		ids[i] = c.ID
	}
	where := []string{`s.community_id IN (SELECT value FROM json_each(?))`, `s.kind = 'neighbor_visit'`, `s.status <> 'cancelled'`}
	args := []any{jsonList(ids)}
	if !f.From.IsZero() {
		where, args = append(where, `s.local_date >= ?`), append(args, f.From.String())
	}
	if !f.To.IsZero() {
		where, args = append(where, `s.local_date <= ?`), append(args, f.To.String())
	}
	cond := strings.Join(where, " AND ")
	var visits []linli.VisitFact
	err = forRows(ctx, s.read, `SELECT s.community_id, COALESCE(l.outcome, ''), s.ends_at FROM sessions s
		LEFT JOIN visit_logs l ON l.session_id = s.id WHERE `+cond, args, func(rows *sql.Rows) error {
		var v linli.VisitFact
		var ends instant
		err := rows.Scan(&v.CommunityID, &v.Outcome, &ends)
		v.EndsAt = ends.Time
		visits = append(visits, v)
		return err
	})
	if err != nil {
		return nil, translate(err)
	}
	var troubles []linli.TroubleFact
	err = forRows(ctx, s.read, `SELECT c.community_id, c.status, c.raised_at FROM concerns c JOIN sessions s ON s.id = c.session_id
		WHERE `+cond, args, func(rows *sql.Rows) error {
		var t linli.TroubleFact
		var raised instant
		err := rows.Scan(&t.CommunityID, &t.Status, &raised)
		t.RaisedAt = raised.Time
		troubles = append(troubles, t)
		return err
	})
	if err != nil {
		return nil, translate(err)
	}
	rep := &linli.VisitsReport{CommunityID: f.CommunityID, RegionID: f.RegionID, GroupBy: f.GroupBy}
	if !f.From.IsZero() {
		rep.From = &f.From
	}
	if !f.To.IsZero() {
		rep.To = &f.To
	}
	rep.Rows, rep.Totals = linli.SummariseVisits(comms, visits, troubles, s.Now(), a.User.Locale)
	return rep, nil
}
