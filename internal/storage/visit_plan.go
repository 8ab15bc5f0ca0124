package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

const visitPlanColumns = `v.id, v.household_id, h.label, b.name, v.community_id, v.program_id, v.cadence, p.schedule, p.status,
	v.created_at, v.updated_at, m.timezone`

const visitPlanFrom = ` FROM visit_plans v JOIN households h ON h.id = v.household_id JOIN buildings b ON b.id = h.building_id
	JOIN programs p ON p.id = v.program_id JOIN communities m ON m.id = v.community_id`

func scanVisitPlan(r interface{ Scan(...any) error }) (linli.VisitPlan, error) {
	var p linli.VisitPlan
	var sched, tz string
	var created, updated instant
	err := r.Scan(&p.ID, &p.Household.ID, &p.Household.Label, &p.Household.Building, &p.CommunityID, &p.ProgramID, &p.Cadence,
		&sched, &p.Status, &created, &updated, &tz)
	if err != nil {
		return p, err
	}
	var sc linli.Schedule
	if err := json.Unmarshal([]byte(sched), &sc); err != nil {
		return p, err
	}
	p.StartDate, p.EndDate, p.StartTime, p.EndTime, p.RRule = sc.StartDate, sc.EndDate, sc.StartTime, sc.EndTime, sc.RRule
	p.CreatedAt, p.UpdatedAt = created.In(location(tz)), updated.In(location(tz))
	return p, nil
}

// loadVisitVolunteers fills in a plan's volunteers: its program's staff, in order.
func loadVisitVolunteers(ctx context.Context, q querier, p *linli.VisitPlan) error {
	rows, err := q.QueryContext(ctx, `SELECT x.user_id, u.name FROM program_staff x JOIN users u ON u.id = x.user_id
		WHERE x.program_id = ? ORDER BY x.position`, p.ProgramID)
	if err != nil {
		return err
	}
	defer rows.Close()
	p.VolunteerIDs, p.Volunteers = []string{}, []linli.PersonRef{}
	for rows.Next() {
		var v linli.PersonRef
		if err := rows.Scan(&v.ID, &v.Name); err != nil {
			return err
		}
		p.VolunteerIDs, p.Volunteers = append(p.VolunteerIDs, v.ID), append(p.Volunteers, v)
	}
	return rows.Err()
}

// findVisitPlan reads one plan with its volunteers, or 404.
func findVisitPlan(ctx context.Context, q querier, id string) (*linli.VisitPlan, error) {
	if !validID(id) {
		return nil, linli.NotFound("visit plan")
	}
	p, err := scanVisitPlan(q.QueryRowContext(ctx, `SELECT `+visitPlanColumns+visitPlanFrom+` WHERE v.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, linli.NotFound("visit plan")
	}
	if err != nil {
		return nil, translate(err)
	}
	return &p, translate(loadVisitVolunteers(ctx, q, &p))
}

// visitPlanError names the visit-plan input behind an error of the program standing for it.
func visitPlanError(err error) error {
	var le *linli.Error
	if errors.As(err, &le) && le.Field != "" {
		c := *le
		c.Field = linli.VisitPlanField(le.Field)
		return &c
	}
	return err
}

// CreateVisitPlan plans a household's visits: a neighbor_visit program titled after the
// household, one place, staffed by the volunteers, on the cadence's dates (every day may be one)
// with its sessions planned by the same code as any program's, clash rules included.
func (s Volunteers) CreateVisitPlan(ctx context.Context, a *linli.Actor, householdID string, in linli.Input[linli.VisitPlanChange]) (*linli.VisitPlanResult, error) {
	res := &linli.VisitPlanResult{}
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActPlanVisits, linli.ObjHousehold, householdID); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		h, communityID, err := householdRef(ctx, tx, householdID)
		if err != nil {
			return err
		}
		c, err := findCommunity(ctx, tx, communityID)
		if err != nil {
			return err
		}
		plan := &linli.VisitPlan{}
		if err := ch.Apply(plan); err != nil {
			return err
		}
		p := linli.NewProgram(c.ID)
		kind, title, capacity, sched := linli.KindNeighborVisit, truncateRunes(linli.VisitTitle(h), 100), 1, plan.Schedule()
		pc := linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &capacity, StaffIDs: &plan.VolunteerIDs, Schedule: &sched}
		if err := pc.Apply(p); err != nil {
			return err
		}
		if err := schedule.Spec(p.Schedule).Validate(); err != nil {
			return err
		}
		pr, err := Planning(s).createProgramTx(ctx, tx, a, c, p)
		if err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_plans (id, household_id, community_id, program_id, cadence, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, h.ID, c.ID, p.ID, plan.Cadence, fmtTime(tx.Now), fmtTime(tx.Now)); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, c.ID, "visit_plan.create", "visit_plan", id, map[string]any{"household_id": h.ID, "program_id": p.ID,
			"cadence": plan.Cadence, "volunteer_ids": plan.VolunteerIDs, "sessions_created": pr.SessionsCreated}); err != nil {
			return err
		}
		res.SessionsCreated = pr.SessionsCreated
		res.VisitPlan, err = findVisitPlan(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, visitPlanError(err)
	}
	return res, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// FindVisitPlans lists a household's plans, deleted ones included, to its coordinators.
func (s Volunteers) FindVisitPlans(ctx context.Context, a *linli.Actor, householdID string, pg linli.Page) ([]linli.VisitPlan, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActPlanVisits, linli.ObjHousehold, householdID); err != nil {
		return nil, "", err
	}
	plans, next, err := listPage(ctx, s.read, pg, `SELECT `+visitPlanColumns+visitPlanFrom+` WHERE v.household_id = ? AND v.id > ? ORDER BY v.id LIMIT ?`,
		func(r *sql.Rows) (linli.VisitPlan, error) { return scanVisitPlan(r) },
		func(p linli.VisitPlan) string { return p.ID }, householdID)
	if err != nil {
		return nil, "", err
	}
	for i := range plans {
		if err := loadVisitVolunteers(ctx, s.read, &plans[i]); err != nil {
			return nil, "", translate(err)
		}
	}
	return plans, next, nil
}

// FindVisitPlan returns a plan, with its visits and their states, to the community's
// coordinators and the plan's volunteers.
func (s Volunteers) FindVisitPlan(ctx context.Context, a *linli.Actor, id string) (*linli.VisitPlan, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActChangeVisitPlan, linli.ObjVisitPlan, id); err != nil && linli.ErrorCode(err) != linli.EForbidden {
		return nil, err
	}
	p, err := findVisitPlan(ctx, s.read, id)
	if err != nil {
		return nil, err
	}
	return p, translate(planVisits(ctx, s.read, p, s.Now()))
}

// UpdateVisitPlan changes a plan's volunteers, cadence, dates or times and re-plans its future
// visits as a PATCH of its program would: past and logged visits stay as they were.
func (s Volunteers) UpdateVisitPlan(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.VisitPlanChange]) (*linli.VisitPlanResult, error) {
	res := &linli.VisitPlanResult{}
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActChangeVisitPlan, linli.ObjVisitPlan, id); err != nil {
			return err
		}
		ch, err := body()
		if err != nil {
			return err
		}
		plan, err := findVisitPlan(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := ch.Apply(plan); err != nil {
			return err
		}
		sched := plan.Schedule()
		pc := linli.ProgramChange{Schedule: &sched}
		if ch.VolunteerIDs != nil {
			pc.StaffIDs = &plan.VolunteerIDs
		}
		pr, err := Planning(s).updateProgramTx(ctx, tx, a, plan.ProgramID, pc, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visit_plans SET cadence = ?, updated_at = ? WHERE id = ?`, plan.Cadence, fmtTime(tx.Now), id); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, plan.CommunityID, "visit_plan.update", "visit_plan", id, map[string]any{"change": ch,
			"sessions_created": pr.SessionsCreated, "sessions_updated": pr.SessionsUpdated, "sessions_cancelled": pr.SessionsCancelled}); err != nil {
			return err
		}
		res.SessionsCreated, res.SessionsUpdated, res.SessionsCancelled = pr.SessionsCreated, pr.SessionsUpdated, pr.SessionsCancelled
		res.VisitPlan, err = findVisitPlan(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, visitPlanError(err)
	}
	return res, nil
}

// DeleteVisitPlan cancels the plan's future visits and deletes its program; the plan stays
// readable, status deleted. Deleting it again changes nothing.
func (s Volunteers) DeleteVisitPlan(ctx context.Context, a *linli.Actor, id string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActChangeVisitPlan, linli.ObjVisitPlan, id); err != nil {
			return err
		}
		plan, err := findVisitPlan(ctx, tx, id)
		if err != nil || plan.Status == linli.ProgramDeleted {
			return err
		}
		if err := deleteProgramTx(ctx, tx, a, plan.ProgramID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visit_plans SET updated_at = ? WHERE id = ?`, fmtTime(tx.Now), id); err != nil {
			return err
		}
		return tx.audit(ctx, a, plan.CommunityID, "visit_plan.delete", "visit_plan", id, nil)
	})
}
