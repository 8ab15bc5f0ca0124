package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli/linli/internal/linli"
)

// ScanDue writes the reminders and alerts due now and not written yet: the day-before reminders
// of shifts and visits, the end of waitlisted bookings whose session started, visits overdue for
// a log, children not collected after after-school care, and the administrators' alert that the
// coming year is still provisional. Each candidate query (on the read
// pool) finds only sessions where someone is still owed a notice, so a quiet minute writes
// nothing; each session found is then written in its own short transaction, which checks again
// and relies on the notices' once-keys, so two servers scanning at once send each notice once.
func (s Outbox) ScanDue(ctx context.Context, reminderHour int) error {
	now := s.Now().UTC()
	var errs []error
	for _, sc := range []dueScan{
		{remindQuery, now, now.Add(reminderLead),
			func(start, _ time.Time, loc *time.Location) bool {
				return linli.ReminderDue(start, loc, reminderHour, now)
			},
			func(ctx context.Context, tx *Tx, sess *linli.Session) error {
				return remindTx(ctx, tx, sess, reminderHour)
			}},
		{expiredQuery, now.Add(-linli.AlertWindow), now,
			func(start, _ time.Time, _ *time.Location) bool { return linli.AlertDue(start, now) },
			expiredTx},
		{overdueQuery, now.Add(-linli.VisitOverdueAfter - linli.AlertWindow - linli.MaxSessionLength), now.Add(-linli.VisitOverdueAfter),
			func(_, end time.Time, _ *time.Location) bool {
				return linli.AlertDue(end.Add(linli.VisitOverdueAfter), now)
			},
			overdueTx},
		{uncollectedQuery, now.Add(-linli.UncollectedAfter - linli.AlertWindow - linli.MaxSessionLength), now.Add(-linli.UncollectedAfter),
			func(_, end time.Time, _ *time.Location) bool {
				return linli.AlertDue(end.Add(linli.UncollectedAfter), now)
			},
			uncollectedTx},
	} {
		errs = append(errs, s.scan(ctx, sc))
	}
	errs = append(errs, s.scanProvisionalYear(ctx))
	errs = append(errs, s.scanRounds(ctx)) // round_worker.go: application rounds closed and drawn at their times
	return errors.Join(errs...)
}

// dueScan is one kind of reminder or alert: a candidate query whose rows are (id, starts_at,
// ends_at, timezone) of sessions starting after ?1 and up to ?2 with someone still owed a notice,
// the rule that says whether a candidate is due, and the write of its notices.
type dueScan struct {
	query    string
	from, to time.Time
	due      func(start, end time.Time, loc *time.Location) bool
	write    func(ctx context.Context, tx *Tx, sess *linli.Session) error
}

// scan writes the notices of each candidate due, in its own transaction and after reading the
// session again. On PostgreSQL the transaction first takes the session's row, and passes over a
// session whose row another transaction holds (a booking, or another instance's worker writing
// the same notices): the next scan finds it again if anyone is still owed a notice.
func (s Outbox) scan(ctx context.Context, sc dueScan) error {
	rows, err := s.read.QueryContext(ctx, sc.query, fmtTime(sc.from), fmtTime(sc.to))
	if err != nil {
		return translate(err)
	}
	var ids []string
	for rows.Next() {
		var id, tz string
		var start, end instant
		if err := rows.Scan(&id, &start, &end, &tz); err != nil {
			rows.Close()
			return err
		}
		if sc.due(start.Time, end.Time, location(tz)) {
			ids = append(ids, id)
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	var errs []error
	for _, id := range ids {
		errs = append(errs, s.inTx(ctx, func(tx *Tx) error {
			mine, err := queryStrings(ctx, tx, `SELECT id FROM sessions WHERE id = ?`+tx.skipLocked(), id)
			if err != nil || len(mine) == 0 {
				return err // another instance's worker is writing this session's notices
			}
			sess, err := findSession(ctx, tx, id)
			if err != nil {
				return err
			}
			return sc.write(ctx, tx, sess)
		}))
	}
	return errors.Join(errs...)
}

// reminderLead is the longest a reminder goes out before its session: the day before at 00:00,
// for a session at 23:59.
const reminderLead = 48 * time.Hour

// owedFrom is the start of a candidate query; its WHERE clauses follow.
const owedFrom = `SELECT s.id, s.starts_at, s.ends_at, m.timezone FROM sessions s JOIN communities m ON m.id = s.community_id `

// shiftCrew selects everyone on a shift or visit: its staff and its active sign-ups; session is
// the SQL of the session's id.
func shiftCrew(session string) string {
	return `SELECT user_id FROM session_staff WHERE session_id = ` + session + `
	UNION SELECT user_id FROM session_signups WHERE session_id = ` + session + ` AND status = 'active'`
}

var remindQuery = owedFrom + `WHERE s.starts_at > ?1 AND s.starts_at <= ?2 AND s.status = 'scheduled'
	AND s.kind IN ('volunteer_shift', 'neighbor_visit')
	AND EXISTS (` + shiftCrew("s.id") + ` EXCEPT SELECT user_id FROM notifications
		WHERE session_id = s.id AND kind IN ('shift_tomorrow', 'visit_tomorrow'))
	ORDER BY s.starts_at, s.id`

// remindTx writes the day-before reminder of a shift or visit to its staff and sign-ups.
func remindTx(ctx context.Context, tx *Tx, s *linli.Session, hour int) error {
	if s.Status != linli.SessionScheduled || !linli.ReminderDue(s.StartsAt, s.StartsAt.Location(), hour, tx.Now) {
		return nil
	}
	to, err := queryStrings(ctx, tx, shiftCrew("?1"), s.ID)
	if err != nil {
		return err
	}
	d := sessionNotice(s)
	kind := linli.NoticeShiftTomorrow
	if s.Kind == linli.KindNeighborVisit {
		kind = linli.NoticeVisitTomorrow
		if d.Household, err = visitHousehold(ctx, tx, s.ProgramID); err != nil {
			return err
		}
	}
	return notifyTx(ctx, tx, linli.Notice{Kind: kind, Recipients: to, SessionID: s.ID, Once: true, Data: d})
}

const expiredQuery = owedFrom + `WHERE s.starts_at > ?1 AND s.starts_at <= ?2 AND s.status <> 'cancelled' AND s.waitlisted > 0
	AND EXISTS (SELECT g.user_id FROM bookings b JOIN child_guardians g ON g.child_id = b.child_id
			WHERE b.session_id = s.id AND b.status = 'waitlisted'
		EXCEPT SELECT user_id FROM notifications WHERE session_id = s.id AND kind = 'booking_expired')
	ORDER BY s.starts_at, s.id`

// expiredTx tells the guardians of children still waitlisted when their session started that
// the booking has ended.
func expiredTx(ctx context.Context, tx *Tx, s *linli.Session) error {
	if s.Status == linli.SessionCancelled || s.StartsAt.After(tx.Now) {
		return nil
	}
	kids, err := queryStrings(ctx, tx, `SELECT child_id FROM bookings
		WHERE session_id = ? AND status = 'waitlisted' AND child_id IS NOT NULL ORDER BY arrival, id`, s.ID)
	if err != nil {
		return err
	}
	return notifyGuardians(ctx, tx, linli.NoticeBookingExpired, true, s, kids)
}

// staffAndCoordinators selects a session's staff (a visit's volunteers) and its community's coordinators;
// session and community are the SQL of their ids.
func staffAndCoordinators(session, community string) string {
	return `SELECT user_id FROM session_staff WHERE session_id = ` + session + `
	UNION SELECT user_id FROM memberships WHERE community_id = ` + community + ` AND role = 'coordinator'`
}

var overdueQuery = owedFrom + `WHERE s.starts_at > ?1 AND s.starts_at <= ?2 AND s.ends_at <= ?2 AND s.kind = 'neighbor_visit'
	AND s.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM visit_logs l WHERE l.session_id = s.id)
	AND EXISTS (` + staffAndCoordinators("s.id", "s.community_id") + ` EXCEPT SELECT user_id FROM notifications WHERE session_id = s.id AND kind = 'visit_overdue')
	ORDER BY s.starts_at, s.id`

// overdueTx tells a visit's volunteers and the community's coordinators that a visit ended
// VisitOverdueAfter ago with no log.
func overdueTx(ctx context.Context, tx *Tx, s *linli.Session) error {
	var logged bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM visit_logs WHERE session_id = ?)`, s.ID).Scan(&logged); err != nil {
		return err
	}
	if logged || s.Status == linli.SessionCancelled || tx.Now.Before(s.EndsAt.Add(linli.VisitOverdueAfter)) {
		return nil
	}
	to, err := queryStrings(ctx, tx, staffAndCoordinators("?1", "?2"), s.ID, s.CommunityID)
	if err != nil {
		return err
	}
	d := sessionNotice(s)
	if d.Household, err = visitHousehold(ctx, tx, s.ProgramID); err != nil {
		return err
	}
	return notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeVisitOverdue, Recipients: to, SessionID: s.ID, Once: true, Data: d})
}

// visitHousehold returns the label of the household a visit program is planned for, or "".
func visitHousehold(ctx context.Context, q querier, programID string) (string, error) {
	var label string
	err := q.QueryRowContext(ctx, `SELECT h.label FROM visit_plans v JOIN households h ON h.id = v.household_id WHERE v.program_id = ?`, programID).Scan(&label)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return label, err
}

const uncollectedQuery = owedFrom + `WHERE s.starts_at > ?1 AND s.starts_at <= ?2 AND s.ends_at <= ?2 AND s.kind = 'after_school'
	AND s.status <> 'cancelled' AND EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = s.id AND a.child_id IS NOT NULL
		AND a.status IN ('present', 'late') AND a.check_out IS NULL)
	AND NOT EXISTS (SELECT 1 FROM notifications WHERE session_id = s.id AND kind = 'child_uncollected')
	ORDER BY s.starts_at, s.id`

// uncollectedTx raises the alert of children present at after-school care and not checked out
// UncollectedAfter after it ended: to the session's staff and the community's coordinators,
// naming every such child, and to each guardian, naming theirs. It fires once per session.
func uncollectedTx(ctx context.Context, tx *Tx, s *linli.Session) error {
	if s.Status == linli.SessionCancelled || tx.Now.Before(s.EndsAt.Add(linli.UncollectedAfter)) {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.child_id, c.name, a.status, a.check_out IS NOT NULL
		FROM attendance a JOIN children c ON c.id = a.child_id WHERE a.session_id = ? ORDER BY c.name, c.id`, s.ID)
	if err != nil {
		return err
	}
	var ids, names []string
	for rows.Next() {
		var id, name, status string
		var out bool
		if err := rows.Scan(&id, &name, &status, &out); err != nil {
			rows.Close()
			return err
		}
		if linli.StillWaiting(status, out) {
			ids, names = append(ids, id), append(names, name)
		}
	}
	if err := rows.Close(); err != nil || len(ids) == 0 {
		return err
	}
	team, err := queryStrings(ctx, tx, staffAndCoordinators("?1", "?2"), s.ID, s.CommunityID)
	if err != nil {
		return err
	}
	d := sessionNotice(s)
	d.Children, d.ChildIDs = names, ids
	if err := notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeChildUncollected, Recipients: team, SessionID: s.ID, Once: true, Data: d}); err != nil {
		return err
	}
	return notifyGuardians(ctx, tx, linli.NoticeChildUncollected, true, s, ids)
}
