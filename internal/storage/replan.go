package storage

import (
	"context"
	"encoding/json"
	"time"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

// planOf expands a program's schedule on the community's day calendar, in its time zone.
func planOf(p *linli.Program, cal *calendar.Calendar, loc *time.Location) ([]linli.Slot, error) {
	occ, err := schedule.Expand(schedule.Spec(p.Schedule), cal, loc)
	if err != nil {
		return nil, err
	}
	plan := make([]linli.Slot, len(occ))
	for i, o := range occ {
		plan[i] = linli.Slot{Date: o.Date, Start: o.Start, End: o.End}
	}
	return plan, nil
}

// warningsOf returns the warnings a program's schedule earns on a calendar.
func warningsOf(p *linli.Program, cal *calendar.Calendar) []string {
	for _, y := range p.Schedule.Years() {
		if cal.Source(y) == calendar.SourceProvisional {
			return []string{linli.WarningCalendarYearProvisional}
		}
	}
	return []string{}
}

// defaultDayFilter returns the day filter of a schedule that names none (API.md): a holiday
// class runs on the workdays of a school break when the community's calendar has one in its
// range, else on days without school; every other kind on school days.
func defaultDayFilter(p *linli.Program, cal *calendar.Calendar) string {
	if p.Kind != linli.KindHolidayClass {
		return schedule.SchoolDays
	}
	if cal.HasBreak(p.Schedule.StartDate, p.Schedule.EndDate) {
		return schedule.BreakWorkdays
	}
	return schedule.NonSchoolDays
}

// replanCalendar re-plans, in tx, the future sessions of every active program whose community
// follows the calendar id, or a calendar layered on it, and whose day filter reads the calendar.
// A session that would clash is not added but named in the summary, so that a change of the
// national holidays never fails for one community's double booking.
func replanCalendar(ctx context.Context, tx *Tx, a *linli.Actor, id string) (linli.ReplanSummary, error) {
	sum := linli.ReplanSummary{Clashes: []string{}}
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE layered(id) AS (
			SELECT ? UNION SELECT c.id FROM calendars c JOIN layered ON c.base_id = layered.id)
		SELECT `+programColumns+` FROM programs p JOIN communities m ON m.id = p.community_id
		WHERE m.calendar_id IN (SELECT id FROM layered) AND p.status = 'active'
		  AND p.day_filter IN ('school_days', 'non_school_days', 'break_workdays') AND p.end_date >= ?
		  AND p.id NOT IN (`+frozenPrograms+`)
		ORDER BY p.id`, id, linli.DateOf(tx.Now, time.UTC).AddDays(-1).String())
	if err != nil {
		return sum, err
	}
	programs, err := scanPrograms(rows)
	if err != nil {
		return sum, err
	}
	calendars := map[string]*calendar.Calendar{}
	for _, pc := range programs {
		cal, ok := calendars[pc.calendarID]
		if !ok {
			if cal, err = loadCalendar(ctx, tx, pc.calendarID); err != nil {
				return sum, err
			}
			calendars[pc.calendarID] = cal
		}
		if err := replanProgram(ctx, tx, a, pc, cal, id, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// replanProgram re-plans the program pc on its calendar cal as it now stands (calendarID is the
// calendar whose change caused it), adding what it did to sum.
func replanProgram(ctx context.Context, tx *Tx, a *linli.Actor, pc programRow, cal *calendar.Calendar, calendarID string, sum *linli.ReplanSummary) error {
	p := pc.Program
	if err := loadProgramStaff(ctx, tx, []*linli.Program{p}); err != nil {
		return err
	}
	loc := location(pc.timezone)
	plan, err := planOf(p, cal, loc)
	if err != nil {
		return err
	}
	existing, err := programSessions(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	diff, err := linli.Replan(p, p, existing, plan, tx.Now, loc)
	if err != nil {
		return err
	}
	if diff.Empty() {
		return nil
	}
	w := newSessionWriter(ctx, tx, p.CommunityID, false)
	if err := w.apply(diff); err != nil {
		return err
	}
	sum.Programs++
	sum.SessionsAdded += w.added
	sum.SessionsCancelled += w.cancelled
	sum.SessionsRestored += w.updated
	sum.Clashes = append(sum.Clashes, w.policy.Clashes...)
	return tx.audit(ctx, a, p.CommunityID, "program.replan", "program", p.ID, map[string]any{
		"calendar_id": calendarID, "added": w.added, "cancelled": w.cancelled, "restored": w.updated, "clashes": w.policy.Clashes})
}

// sessionWriter writes planned sessions of one community in a transaction, checking each against
// the venue and staff clash rules first; its policy (linli.ClashPolicy) says what a clash does: in
// strict mode it is the error of the whole change, otherwise the session is left out and reported.
type sessionWriter struct {
	ctx                       context.Context
	tx                        *Tx
	communityID               string
	policy                    linli.ClashPolicy
	types                     map[string]string // teacher type of each staff member, as assigned
	added, updated, cancelled int
}

func newSessionWriter(ctx context.Context, tx *Tx, communityID string, strict bool) *sessionWriter {
	return &sessionWriter{ctx: ctx, tx: tx, communityID: communityID, policy: linli.ClashPolicy{Strict: strict}, types: map[string]string{}}
}

// apply writes a re-plan: cancellations first, so that their slots are free, then changes, then
// new sessions.
func (w *sessionWriter) apply(d linli.PlanDiff) error {
	return holdSessionNotices(w.ctx, w.tx, func() error { return w.applyHeld(d) })
}

// applyHeld is apply with the session notices held back.
func (w *sessionWriter) applyHeld(d linli.PlanDiff) error {
	for _, s := range d.Cancel {
		if err := cancelSessionTx(w.ctx, w.tx, s.ID, s.CancelReason, s.CancelOrigin); err != nil {
			return err
		}
		w.cancelled++
	}
	for i := range d.Update {
		if err := w.update(&d.Update[i]); err != nil {
			return err
		}
	}
	for i := range d.Add {
		if err := w.add(&d.Add[i]); err != nil {
			return err
		}
	}
	return nil
}

// clash reports whether s is to be left out for a clash, or the clash as the error of a strict change.
func (w *sessionWriter) clash(s *linli.Session) (bool, error) {
	held, err := planCommitments(w.ctx, w.tx, s, s.VenueID, s.StaffIDs)
	if err != nil {
		return false, err
	}
	ok, err := w.policy.Admit(s, held)
	return !ok, err
}

// add inserts a new session with its staff and gives it an id.
func (w *sessionWriter) add(s *linli.Session) error {
	s.ID = newID()
	if skip, err := w.clash(s); skip || err != nil {
		return err
	}
	now := fmtTime(w.tx.Now)
	_, err := w.tx.ExecContext(w.ctx, `INSERT INTO sessions (id, program_id, community_id, kind, title, category, venue_id,
			starts_at, ends_at, local_date, plan_date, capacity, status, sequence, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
		s.ID, s.ProgramID, s.CommunityID, s.Kind, s.Title, s.Category, nullString(s.VenueID),
		fmtTime(s.StartsAt), fmtTime(s.EndsAt), s.LocalDate.String(), s.PlanDate.String(), s.Capacity, s.Status, now, now)
	if err != nil {
		return err
	}
	w.added++
	return w.setStaff(s)
}

// update writes a changed session and raises its sequence once.
func (w *sessionWriter) update(s *linli.Session) error {
	if s.Status == linli.SessionScheduled && (s.Changed("time") || s.Changed("venue") || s.Changed("staff") || s.Changed("status")) {
		if skip, err := w.clash(s); skip || err != nil {
			return err
		}
	}
	if s.Changed("time") {
		if err := announceMove(w.ctx, w.tx, s); err != nil {
			return err
		}
	}
	s.Sequence++
	s.UpdatedAt = w.tx.Now
	_, err := w.tx.ExecContext(w.ctx, `UPDATE sessions SET title = ?, category = ?, venue_id = ?, starts_at = ?, ends_at = ?,
			local_date = ?, capacity = ?, status = ?, cancel_reason = ?, cancel_origin = ?, sequence = sequence + 1, updated_at = ?
		WHERE id = ?`,
		s.Title, s.Category, nullString(s.VenueID), fmtTime(s.StartsAt), fmtTime(s.EndsAt),
		s.LocalDate.String(), s.Capacity, s.Status, s.CancelReason, s.CancelOrigin, fmtTime(w.tx.Now), s.ID)
	if err != nil {
		return err
	}
	w.updated++
	if s.Changed("time") {
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE session_staff SET starts_at = ?, ends_at = ? WHERE session_id = ?`,
			fmtTime(s.StartsAt), fmtTime(s.EndsAt), s.ID); err != nil {
			return err
		}
	}
	if s.Changed("staff") {
		return w.setStaff(s)
	}
	return nil
}

// setStaff makes the session's staff s.StaffIDs, in order. Someone who stays keeps the teacher
// type they were assigned under; a newcomer is counted under their type today.
func (w *sessionWriter) setStaff(s *linli.Session) error {
	if _, err := w.tx.ExecContext(w.ctx, `DELETE FROM session_staff WHERE session_id = ? AND user_id NOT IN (SELECT value FROM json_each(?))`,
		s.ID, jsonList(s.StaffIDs)); err != nil {
		return err
	}
	for i, uid := range s.StaffIDs {
		tt, err := w.teacherType(uid)
		if err != nil {
			return err
		}
		_, err = w.tx.ExecContext(w.ctx, `INSERT INTO session_staff (session_id, user_id, teacher_type, position, starts_at, ends_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, user_id) DO UPDATE SET position = excluded.position`,
			s.ID, uid, tt, i, fmtTime(s.StartsAt), fmtTime(s.EndsAt))
		if err != nil {
			return err
		}
	}
	return nil
}

// teacherType returns the type a staff member counts under in the writer's community: their
// teacher type, else resident_volunteer (volunteers, and anyone who has left the community since
// the program named them).
func (w *sessionWriter) teacherType(userID string) (string, error) {
	if tt, ok := w.types[userID]; ok {
		return tt, nil
	}
	tt := linli.TeacherResident
	err := w.tx.QueryRowContext(w.ctx, `SELECT COALESCE(MAX(teacher_type), '') FROM memberships
		WHERE community_id = ? AND user_id = ? AND role = 'teacher'`, w.communityID, userID).Scan(&tt)
	if err != nil {
		return "", err
	}
	if tt == "" {
		tt = linli.TeacherResident
	}
	w.types[userID] = tt
	return tt, nil
}

// cancelSessionTx cancels a scheduled session in tx, keeping it with its reason and raising its
// sequence so calendars show it cancelled; origin is linli.CancelByPlan or linli.CancelByPerson.
// Every cancellation goes through here (PATCH /sessions, re-plans, DELETE /programs): bookings
// on the session end here too (session_cancelled), in the same transaction.
func cancelSessionTx(ctx context.Context, tx *Tx, id, reason, origin string) error {
	if err := announceCancellation(ctx, tx, id, reason); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE sessions SET status = 'cancelled', cancel_reason = ?, cancel_origin = ?,
			sequence = sequence + 1, updated_at = ?
		WHERE id = ? AND status = 'scheduled'`, reason, origin, fmtTime(tx.Now), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return endSessionBookings(ctx, tx, id)
}

// programSessions returns all sessions of a program in order, with their staff ids, through q.
func programSessions(ctx context.Context, q querier, programID string) ([]linli.Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.program_id = ? ORDER BY s.starts_at, s.id`, programID)
	if err != nil {
		return nil, err
	}
	out, err := scanSessions(rows)
	if err != nil {
		return nil, err
	}
	return out, loadSessionStaff(ctx, q, out)
}

func jsonList(ids []string) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids)
	return string(b)
}
