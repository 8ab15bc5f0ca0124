package storage

import (
	"context"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

// CreateProgram validates a program, plans its whole schedule and writes it with its sessions.
func (s Planning) CreateProgram(ctx context.Context, a *linli.Actor, communityID string, in linli.Input[linli.ProgramChange]) (*linli.ProgramResult, error) {
	var res *linli.ProgramResult
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActCreateProgram, linli.ObjCommunity, communityID); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		c, err := findCommunity(ctx, tx, communityID)
		if err != nil {
			return err
		}
		p := linli.NewProgram(c.ID)
		if err := ch.Apply(p); err != nil {
			return err
		}
		if err := schedule.Spec(p.Schedule).Validate(); err != nil {
			return err
		}
		res, err = s.createProgramTx(ctx, tx, a, c, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// createProgramTx writes the validated program p of community c with its whole plan in tx, and
// audits it; any clash is the error of the whole. Visit plans create their programs through it.
func (s Planning) createProgramTx(ctx context.Context, tx *Tx, a *linli.Actor, c *linli.Community, p *linli.Program) (*linli.ProgramResult, error) {
	if err := checkVenue(ctx, tx, c.ID, p.Venue(), p.Capacity, "capacity"); err != nil {
		return nil, err
	}
	if err := checkStaff(ctx, tx, c.ID, p.StaffIDs); err != nil {
		return nil, err
	}
	cal, plan, err := s.planFor(ctx, tx, p, c)
	if err != nil {
		return nil, err
	}
	p.ID, p.CreatedAt, p.UpdatedAt = newID(), tx.Now.In(c.Location()), tx.Now.In(c.Location())
	if err := writeProgram(ctx, tx, p, true); err != nil {
		return nil, err
	}
	w := newSessionWriter(ctx, tx, c.ID, true)
	for _, slot := range plan {
		s := linli.NewSession(p, slot)
		if err := w.add(&s); err != nil {
			return nil, err
		}
	}
	res := &linli.ProgramResult{Program: p, SessionsCreated: w.added, Warnings: warningsOf(p, cal)}
	p.Warnings = res.Warnings
	if err := robotProgramPublished(ctx, tx, p, c.Timezone); err != nil {
		return nil, err
	}
	return res, tx.audit(ctx, a, c.ID, "program.create", "program", p.ID, map[string]any{"program": p, "sessions_created": w.added})
}

// planFor loads the community's calendar and expands the program's schedule on it, after giving
// a schedule without a day filter its default.
func (s Planning) planFor(ctx context.Context, q querier, p *linli.Program, c *linli.Community) (*calendar.Calendar, []linli.Slot, error) {
	cal, err := loadCalendar(ctx, q, c.CalendarID)
	if err != nil {
		return nil, nil, err
	}
	if p.Schedule.DayFilter == "" {
		p.Schedule.DayFilter = defaultDayFilter(p, cal)
	}
	plan, err := planOf(p, cal, c.Location())
	return cal, plan, err
}

// UpdateProgram changes a program and re-plans its future sessions; a deleted program is a conflict.
func (s Planning) UpdateProgram(ctx context.Context, a *linli.Actor, id string, in linli.Input[linli.ProgramChange]) (*linli.ProgramResult, error) {
	var res *linli.ProgramResult
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActEditProgram, linli.ObjProgram, id); err != nil {
			return err
		}
		ch, err := in()
		if err != nil {
			return err
		}
		res, err = s.updateProgramTx(ctx, tx, a, id, ch, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// updateProgramTx changes the program id in tx, re-plans its future sessions and audits it;
// with preview, it first counts what the re-plan does (see PreviewProgram). Visit plans change
// their programs through it.
func (s Planning) updateProgramTx(ctx context.Context, tx *Tx, a *linli.Actor, id string, ch linli.ProgramChange, preview *linli.PreviewCounts) (*linli.ProgramResult, error) {
	row, err := findProgram(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if ch.FreezesAtClose() {
		if err := checkNotFrozen(ctx, tx, id); err != nil {
			return nil, err
		}
	}
	old, c := row.Program, &linli.Community{ID: row.CommunityID, Timezone: row.timezone, CalendarID: row.calendarID}
	p := *old
	if err := ch.Apply(&p); err != nil {
		return nil, err
	}
	if err := schedule.Spec(p.Schedule).Validate(); err != nil {
		return nil, err
	}
	if ch.VenueID != nil || ch.Capacity != nil {
		if err := checkVenue(ctx, tx, c.ID, p.Venue(), p.Capacity, "capacity"); err != nil {
			return nil, err
		}
	}
	if ch.StaffIDs != nil {
		if err := checkStaff(ctx, tx, c.ID, p.StaffIDs); err != nil {
			return nil, err
		}
	}
	if err := linli.CheckProgramChange(old); err != nil {
		return nil, err
	}
	cal, plan, err := s.planFor(ctx, tx, &p, c)
	if err != nil {
		return nil, err
	}
	existing, err := programSessions(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	diff, err := linli.Replan(old, &p, existing, plan, tx.Now, c.Location())
	if err != nil {
		return nil, err
	}
	if preview != nil {
		if err := countPreview(ctx, tx, diff, preview); err != nil {
			return nil, err
		}
	}
	p.UpdatedAt = tx.Now.In(c.Location())
	if err := writeProgram(ctx, tx, &p, false); err != nil {
		return nil, err
	}
	w := newSessionWriter(ctx, tx, c.ID, true)
	if err := w.apply(diff); err != nil {
		return nil, err
	}
	p.Warnings = warningsOf(&p, cal)
	res := &linli.ProgramResult{Program: &p, SessionsCreated: w.added, SessionsUpdated: w.updated, SessionsCancelled: w.cancelled, Warnings: p.Warnings}
	return res, tx.audit(ctx, a, c.ID, "program.update", "program", id, map[string]any{
		"change": ch, "sessions_created": w.added, "sessions_updated": w.updated, "sessions_cancelled": w.cancelled})
}

// DeleteProgram cancels the program's future sessions and marks it deleted; deleting it again
// changes nothing.
func (s Planning) DeleteProgram(ctx context.Context, a *linli.Actor, id string) error {
	return s.DiscontinueProgram(ctx, a, id, "")
}

// DiscontinueProgram is DeleteProgram telling the families reason ("" for ReasonProgramDeleted).
func (s Planning) DiscontinueProgram(ctx context.Context, a *linli.Actor, id, reason string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActEditProgram, linli.ObjProgram, id); err != nil {
			return err
		}
		reason, err := linli.CancelReason(reason)
		if err != nil {
			return err
		}
		return discontinueProgramTx(ctx, tx, a, id, reason)
	})
}

// deleteProgramTx cancels the future sessions of the program id in tx and marks it deleted.
// Visit plans end their programs through it.
func deleteProgramTx(ctx context.Context, tx *Tx, a *linli.Actor, id string) error {
	return discontinueProgramTx(ctx, tx, a, id, "")
}

// discontinueProgramTx is deleteProgramTx with the reason the families are told.
func discontinueProgramTx(ctx context.Context, tx *Tx, a *linli.Actor, id, reason string) error {
	if reason == "" {
		reason = linli.ReasonProgramDeleted
	}
	row, err := findProgram(ctx, tx, id)
	if err != nil || row.Status == linli.ProgramDeleted {
		return err
	}
	if err := checkNotFrozen(ctx, tx, id); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sessions WHERE program_id = ? AND status = 'scheduled' AND starts_at > ?`, id, fmtTime(tx.Now))
	if err != nil {
		return err
	}
	future, err := scanStrings(rows)
	if err != nil {
		return err
	}
	err = holdSessionNotices(ctx, tx, func() error {
		for _, sid := range future {
			if err := cancelSessionTx(ctx, tx, sid, reason, linli.CancelByPerson); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE programs SET status = 'deleted', updated_at = ? WHERE id = ?`, fmtTime(tx.Now), id); err != nil {
		return err
	}
	return tx.audit(ctx, a, row.CommunityID, "program.delete", "program", id, map[string]any{"sessions_cancelled": len(future), "reason": reason})
}
