package storage

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
)

// LogVisit records, once, how a visit went, as one of its volunteers: 409 for a session that is
// no visit of a visit plan, cancelled or already logged, 409 not_started before it starts. Each
// concern is raised open; a done visit becomes the volunteer's service record, pending approval,
// from the visit's start for the minutes given.
func (s Volunteers) LogVisit(ctx context.Context, a *linli.Actor, sessionID string, body linli.Input[linli.VisitLogEntry]) (*linli.VisitLog, error) {
	var log *linli.VisitLog
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActLogVisit, linli.ObjSession, sessionID); err != nil {
			return err
		}
		e, err := body()
		if err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return err
		}
		log = &linli.VisitLog{SessionID: sessionID, Outcome: e.Outcome, Minutes: *e.Minutes, Notes: e.Notes, Concerns: []linli.Concern{},
			LoggedBy: linli.PersonRef{ID: a.UserID(), Name: a.User.Name}}
		sess, err := findSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		var householdID string
		var logged bool
		err = tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT household_id FROM visit_plans WHERE program_id = ?), ''),
			EXISTS (SELECT 1 FROM visit_logs WHERE session_id = ?)`, sess.ProgramID, sess.ID).Scan(&householdID, &logged)
		if err != nil {
			return err
		}
		if err := linli.CheckLogVisit(sess, householdID != "", logged, tx.Now); err != nil {
			return err
		}
		if log.Household, _, err = householdRef(ctx, tx, householdID); err != nil {
			return err
		}
		log.VisitedAt = sess.StartsAt
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_logs (session_id, household_id, community_id, outcome, minutes, notes, visited_at, logged_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, sess.ID, householdID, sess.CommunityID, e.Outcome, log.Minutes, e.Notes,
			fmtTime(sess.StartsAt), a.UserID(), fmtTime(tx.Now)); err != nil {
			return err
		}
		for _, c := range e.Concerns {
			id := newID()
			if _, err := tx.ExecContext(ctx, `INSERT INTO concerns (id, community_id, household_id, session_id, category, text, status, raised_by, raised_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`, id, sess.CommunityID, householdID, sess.ID, c.Category, c.Text, a.UserID(),
				fmtTime(tx.Now), fmtTime(tx.Now)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO concern_events (concern_id, at, by_id, from_status, to_status) VALUES (?, ?, ?, '', 'open')`,
				id, fmtTime(tx.Now), a.UserID()); err != nil {
				return err
			}
			cs, err := findConcerns(ctx, tx, `c.id = ?`, 1, id)
			if err != nil {
				return err
			}
			log.Concerns = append(log.Concerns, cs...)
		}
		if e.Outcome == linli.VisitDone {
			recs, err := findServiceRecords(ctx, tx, `r.session_id = ? AND r.user_id = ?`, sess.ID, a.UserID())
			if err != nil {
				return err
			}
			if len(recs) == 0 {
				t := linli.ServiceTimes{CheckIn: sess.StartsAt, CheckOut: sess.StartsAt.Add(time.Duration(log.Minutes) * time.Minute)}
				if _, err := mergeService(ctx, tx, sess, a.UserID(), t, linli.ServiceFromVisitLog); err != nil {
					return err
				}
				if recs, err = findServiceRecords(ctx, tx, `r.session_id = ? AND r.user_id = ?`, sess.ID, a.UserID()); err != nil {
					return err
				}
			}
			log.ServiceRecord = &recs[0]
		}
		return tx.audit(ctx, a, sess.CommunityID, "visit.log", "session", sess.ID, map[string]any{
			"outcome": e.Outcome, "minutes": log.Minutes, "concerns": len(e.Concerns)})
	})
	if err != nil {
		return nil, err
	}
	return log, nil
}

// overdueScan reads a session and the household of its visit plan from one row.
type overdueScan struct {
	rows  *sql.Rows
	extra []any
}

func (o overdueScan) Scan(dest ...any) error { return o.rows.Scan(append(dest, o.extra...)...) }

// FindOverdueVisits answers the community's coordinators: the visits of visit plans that ended
// more than linli.VisitLogDeadline ago and are not logged (the oldest 500 first), and the
// households with a visit_every_days whose last done visit is older than that, or who were never
// visited (never visited first, then the longest ago).
func (s Volunteers) FindOverdueVisits(ctx context.Context, a *linli.Actor, communityID string) (*linli.OverdueReport, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadCommunity, linli.ObjCommunity, communityID); err != nil {
		return nil, err
	}
	c, err := Communities(s).FindCommunity(ctx, communityID)
	if err != nil {
		return nil, err
	}
	now, loc := s.Now(), c.Location()
	rep := &linli.OverdueReport{Visits: []linli.OverdueVisit{}, Households: []linli.OverdueHousehold{}}
	rows, err := s.read.QueryContext(ctx, `SELECT `+sessionColumns+`, h.id, h.label, b.name`+sessionFrom+`
		JOIN visit_plans p ON p.program_id = s.program_id JOIN households h ON h.id = p.household_id JOIN buildings b ON b.id = h.building_id
		WHERE s.community_id = ? AND s.kind = 'neighbor_visit' AND s.status <> 'cancelled' AND s.ends_at < ?
		  AND NOT EXISTS (SELECT 1 FROM visit_logs l WHERE l.session_id = s.id)
		ORDER BY s.ends_at, s.id LIMIT ?`, c.ID, fmtTime(now.Add(-linli.VisitLogDeadline)), linli.MaxPageLimit)
	if err != nil {
		return nil, translate(err)
	}
	var sessions []linli.Session
	var households []linli.HouseholdRef
	for rows.Next() {
		var h linli.HouseholdRef
		sess, err := scanSession(overdueScan{rows, []any{&h.ID, &h.Label, &h.Building}})
		if err != nil {
			rows.Close()
			return nil, translate(err)
		}
		sessions, households = append(sessions, sess), append(households, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, translate(err)
	}
	if err := loadSessionStaff(ctx, s.read, sessions); err != nil {
		return nil, translate(err)
	}
	for i, sess := range sessions {
		if linli.VisitOverdue(sess.EndsAt, now) {
			rep.Visits = append(rep.Visits, linli.OverdueVisit{Session: sess, Household: households[i]})
		}
	}
	rep.Households, err = overdueHouseholds(ctx, s.read, c.ID, now, loc)
	return rep, translate(err)
}

// overdueHouseholds lists the community's households behind their visit_every_days.
func overdueHouseholds(ctx context.Context, q querier, communityID string, now time.Time, loc *time.Location) ([]linli.OverdueHousehold, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.label, b.name, h.visit_every_days,
			(SELECT MAX(l.visited_at) FROM visit_logs l WHERE l.household_id = h.id AND l.outcome = 'done')
		FROM households h JOIN buildings b ON b.id = h.building_id
		WHERE h.community_id = ? AND h.visit_every_days IS NOT NULL`, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []linli.OverdueHousehold{}
	for rows.Next() {
		var o linli.OverdueHousehold
		var last nullInstant
		if err := rows.Scan(&o.Household.ID, &o.Household.Label, &o.Household.Building, &o.VisitEveryDays, &last); err != nil {
			return nil, err
		}
		if last.Valid {
			t := last.Time.In(loc)
			o.LastVisitAt = &t
		}
		if linli.HouseholdOverdue(o.LastVisitAt, o.VisitEveryDays, now, loc) {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(x, y linli.OverdueHousehold) int {
		switch {
		case x.LastVisitAt == nil && y.LastVisitAt != nil:
			return -1
		case x.LastVisitAt != nil && y.LastVisitAt == nil:
			return 1
		case x.LastVisitAt != nil && !x.LastVisitAt.Equal(*y.LastVisitAt):
			return x.LastVisitAt.Compare(*y.LastVisitAt)
		}
		return cmp.Compare(x.Household.Building+x.Household.Label, y.Household.Building+y.Household.Label)
	})
	return out, rows.Err()
}
