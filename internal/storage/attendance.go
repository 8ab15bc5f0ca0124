package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Attendance implements linli.AttendanceService: rosters, attendance and pickups, delivered
// sessions, guardians' feedback, the class-hours report and the roster access log.
type Attendance struct{ *DB }

var _ linli.AttendanceService = Attendance{}

// Deliver marks a session that has started as delivered; a delivered session is answered as it
// is, with nothing written.
func (s Attendance) Deliver(ctx context.Context, a *linli.Actor, id string) (*linli.Session, error) {
	var out *linli.Session
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActTakeAttendance, linli.ObjSession, id); err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := sess.CanDeliver(tx.Now); err != nil {
			return err
		}
		if out = sess; sess.Status == linli.SessionDelivered {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE sessions SET status = 'delivered', delivered_at = ?, updated_at = ? WHERE id = ? AND status = 'scheduled'`,
			fmtTime(tx.Now), fmtTime(tx.Now), id)
		if err != nil {
			return err
		}
		if err := tx.audit(ctx, a, sess.CommunityID, "session.deliver", "session", id, nil); err != nil {
			return err
		}
		out, err = findSession(ctx, tx, id)
		return err
	})
	return out, err
}

// RecordAttendance merges the records of ch into the session's attendance (400 for a child not
// booked or a bad value, 409 for a cancelled session or one that has not opened yet, 422 for a
// pickup by someone not authorised) and answers every record of the session with its warnings.
func (s Attendance) RecordAttendance(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.AttendanceChange]) (*linli.AttendanceResult, error) {
	var res *linli.AttendanceResult
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActTakeAttendance, linli.ObjSession, id); err != nil {
			return err
		}
		ch, err := body()
		if err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, id)
		if err != nil {
			return err
		}
		booked, err := bookedChildren(ctx, tx, id)
		if err != nil {
			return err
		}
		old, err := sessionAttendance(ctx, tx, id)
		if err != nil {
			return err
		}
		stored := make(map[string]linli.Attendance, len(old))
		for _, r := range old {
			stored[r.ChildID] = r
		}
		records, check, err := ch.Merge(sess, booked, stored, tx.Now)
		if err != nil {
			return err
		}
		if err := sess.CanTakeAttendance(tx.Now); err != nil {
			return err
		}
		detail := make([]map[string]any, len(records))
		for i := range records {
			r := &records[i]
			if check[i] {
				pa, err := pickupAuthority(ctx, tx, r.ChildID, sess.LocalDate)
				if err != nil {
					return err
				}
				field := fmt.Sprintf("records[%d].picked_up_by", i)
				if r.PickedUpKind, r.PickedUpName, err = linli.CheckPickup(sess.Kind, r.PickedUpBy, sess.LocalDate, pa, field); err != nil {
					return err
				}
			}
			if err := writeAttendance(ctx, tx, id, r, a.UserID()); err != nil {
				return err
			}
			detail[i] = map[string]any{"child_id": r.ChildID, "status": r.Status, "checked_out": r.CheckOut != nil, "picked_up_kind": r.PickedUpKind}
		}
		if err := tx.audit(ctx, a, sess.CommunityID, "attendance.update", "session", id, map[string]any{"records": detail}); err != nil {
			return err
		}
		all, err := sessionAttendance(ctx, tx, id)
		if err != nil {
			return err
		}
		ratio, err := maxChildrenPerStaff(ctx, tx, sess.ProgramID)
		res = &linli.AttendanceResult{Attendance: all, Warnings: linli.AttendanceWarnings(all, len(sess.Staff), ratio)}
		return err
	})
	return res, err
}

// writeAttendance inserts or replaces the record of one child in the session.
func writeAttendance(ctx context.Context, tx *Tx, sessionID string, r *linli.Attendance, by string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO attendance (session_id, child_id, status, check_in, check_out, picked_up_by,
			picked_up_kind, picked_up_name, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (session_id, child_id) DO UPDATE SET status = excluded.status, check_in = excluded.check_in,
			check_out = excluded.check_out, picked_up_by = excluded.picked_up_by, picked_up_kind = excluded.picked_up_kind,
			picked_up_name = excluded.picked_up_name, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at`,
		sessionID, r.ChildID, r.Status, nullTime(r.CheckIn), nullTime(r.CheckOut), r.PickedUpBy, r.PickedUpKind, r.PickedUpName,
		by, fmtTime(r.UpdatedAt))
	return err
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return fmtTime(*t)
}

func parseNullTime(s nullInstant, loc *time.Location) *time.Time {
	if !s.Valid {
		return nil
	}
	t := s.Time.In(loc)
	return &t
}

// sessionAttendance reads the attendance of the session's children (anonymised records of
// deleted children left out), in the order it was first recorded.
func sessionAttendance(ctx context.Context, q querier, sessionID string) ([]linli.Attendance, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.child_id, a.status, a.check_in, a.check_out, a.picked_up_by, a.picked_up_kind,
			a.picked_up_name, a.updated_at, m.timezone
		FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN communities m ON m.id = s.community_id
		WHERE a.session_id = ? AND a.child_id IS NOT NULL ORDER BY a.id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []linli.Attendance{}
	for rows.Next() {
		var r linli.Attendance
		var checkIn, checkOut nullInstant
		var updated instant
		var tz string
		if err := rows.Scan(&r.ChildID, &r.Status, &checkIn, &checkOut, &r.PickedUpBy, &r.PickedUpKind, &r.PickedUpName, &updated, &tz); err != nil {
			return nil, err
		}
		loc := location(tz)
		r.CheckIn, r.CheckOut, r.UpdatedAt = parseNullTime(checkIn, loc), parseNullTime(checkOut, loc), updated.In(loc)
		out = append(out, r)
	}
	return out, rows.Err()
}
