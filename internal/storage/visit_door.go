package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/linli/linli/internal/linli"
)

// doorFacts adds to a household what its volunteers need at the door: the notes of its last
// logged visits, newest first, and its troubles not yet resolved, oldest first.
func doorFacts(ctx context.Context, q querier, h *linli.Household, loc *time.Location) error {
	rows, err := q.QueryContext(ctx, `SELECT l.session_id, l.visited_at, l.outcome, l.notes, u.id, u.name
		FROM visit_logs l JOIN users u ON u.id = l.logged_by WHERE l.household_id = ? ORDER BY l.visited_at DESC, l.session_id LIMIT ?`,
		h.ID, linli.MaxDoorVisits)
	if err != nil {
		return err
	}
	h.RecentVisits = []linli.VisitNote{}
	for rows.Next() {
		var n linli.VisitNote
		var at string
		if err := rows.Scan(&n.SessionID, &at, &n.Outcome, &n.Notes, &n.By.ID, &n.By.Name); err != nil {
			rows.Close()
			return err
		}
		n.VisitedAt = parseTime(at).In(loc)
		h.RecentVisits = append(h.RecentVisits, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, category, text, status, raised_at FROM concerns
		WHERE household_id = ? AND status <> 'resolved' ORDER BY raised_at, id LIMIT ?`, h.ID, linli.MaxPageLimit)
	if err != nil {
		return err
	}
	defer rows.Close()
	h.OpenConcerns = []linli.OpenConcern{}
	for rows.Next() {
		var c linli.OpenConcern
		var at string
		if err := rows.Scan(&c.ID, &c.Category, &c.Text, &c.Status, &at); err != nil {
			return err
		}
		c.RaisedAt = parseTime(at).In(loc)
		h.OpenConcerns = append(h.OpenConcerns, c)
	}
	return rows.Err()
}

// householdZone is the time zone of a household's community.
func householdZone(ctx context.Context, q querier, communityID string) (*time.Location, error) {
	var tz string
	if err := q.QueryRowContext(ctx, `SELECT timezone FROM communities WHERE id = ?`, communityID).Scan(&tz); err != nil {
		return nil, err
	}
	return location(tz), nil
}

// planVisits fills in a plan's visits by start, each with its state at now and its log's outcome.
func planVisits(ctx context.Context, q querier, p *linli.VisitPlan, now time.Time) error {
	rows, err := q.QueryContext(ctx, `SELECT s.id, s.starts_at, s.ends_at, s.status, l.outcome, l.visited_at
		FROM sessions s LEFT JOIN visit_logs l ON l.session_id = s.id WHERE s.program_id = ? ORDER BY s.starts_at, s.id`, p.ProgramID)
	if err != nil {
		return err
	}
	defer rows.Close()
	loc := p.CreatedAt.Location()
	p.Visits = []linli.PlanVisit{}
	for rows.Next() {
		var v linli.PlanVisit
		var start, end, status string
		var outcome, at sql.NullString
		if err := rows.Scan(&v.SessionID, &start, &end, &status, &outcome, &at); err != nil {
			return err
		}
		v.StartsAt, v.EndsAt = parseTime(start).In(loc), parseTime(end).In(loc)
		if at.Valid {
			t := parseTime(at.String).In(loc)
			v.Outcome, v.VisitedAt = outcome.String, &t
		}
		v.State = linli.VisitState(status, at.Valid, v.EndsAt, now)
		p.Visits = append(p.Visits, v)
	}
	return rows.Err()
}

// FindMyVisitPlans lists the active visit plans the actor visits for, and the ended ones that
// still hold an overdue visit of theirs, by household, each with its visits and their states,
// so that no overdue visit is out of reach however old.
func (s Volunteers) FindMyVisitPlans(ctx context.Context, a *linli.Actor) ([]linli.VisitPlan, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	now := s.Now()
	rows, err := s.read.QueryContext(ctx, `SELECT `+visitPlanColumns+visitPlanFrom+`
		WHERE p.status = 'active' AND EXISTS (SELECT 1 FROM program_staff x WHERE x.program_id = v.program_id AND x.user_id = ?1)
		   OR EXISTS (SELECT 1 FROM sessions s JOIN session_staff x ON x.session_id = s.id
				WHERE s.program_id = v.program_id AND x.user_id = ?1 AND s.status <> 'cancelled' AND s.ends_at < ?2
				  AND NOT EXISTS (SELECT 1 FROM visit_logs l WHERE l.session_id = s.id))
		ORDER BY b.name, h.label, v.id LIMIT ?3`, a.UserID(), fmtTime(now.Add(-linli.VisitLogDeadline)), linli.MaxPageLimit)
	if err != nil {
		return nil, translate(err)
	}
	plans := []linli.VisitPlan{}
	for rows.Next() {
		p, err := scanVisitPlan(rows)
		if err != nil {
			rows.Close()
			return nil, translate(err)
		}
		plans = append(plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	for i := range plans {
		if err := loadVisitVolunteers(ctx, s.read, &plans[i]); err != nil {
			return nil, translate(err)
		}
		if err := planVisits(ctx, s.read, &plans[i], now); err != nil {
			return nil, translate(err)
		}
	}
	return plans, nil
}
