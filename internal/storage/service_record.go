package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

const serviceColumns = `r.id, r.community_id, r.session_id, s.kind, s.title, r.user_id, u.name, r.check_in, r.check_out, r.minutes,
	r.status, r.source, r.approved_by, COALESCE(ap.name, ''), r.approved_at, r.reject_note, r.created_at, r.updated_at, m.timezone`

const serviceFrom = ` FROM service_records r JOIN sessions s ON s.id = r.session_id JOIN users u ON u.id = r.user_id
	JOIN communities m ON m.id = r.community_id LEFT JOIN users ap ON ap.id = r.approved_by`

func scanService(r interface{ Scan(...any) error }) (linli.ServiceRecord, error) {
	var rec linli.ServiceRecord
	var in, out, created, updated instant
	var tz string
	var approver sql.NullString
	var approvedAt nullInstant
	var approverName string
	err := r.Scan(&rec.ID, &rec.CommunityID, &rec.SessionID, &rec.Kind, &rec.Title, &rec.User.ID, &rec.User.Name, &in, &out, &rec.Minutes,
		&rec.Status, &rec.Source, &approver, &approverName, &approvedAt, &rec.RejectNote, &created, &updated, &tz)
	if err != nil {
		return rec, err
	}
	loc := location(tz)
	rec.CheckIn, rec.CheckOut = in.In(loc), out.In(loc)
	rec.CreatedAt, rec.UpdatedAt = created.In(loc), updated.In(loc)
	rec.Hours = linli.Hours(rec.Minutes)
	if approver.Valid {
		rec.ApprovedBy = &linli.PersonRef{ID: approver.String, Name: approverName}
	}
	if approvedAt.Valid {
		t := approvedAt.Time.In(loc)
		rec.ApprovedAt = &t
	}
	return rec, nil
}

// findServiceRecords reads the records matching the SQL condition where, in order of check-in.
func findServiceRecords(ctx context.Context, q querier, where string, args ...any) ([]linli.ServiceRecord, error) {
	return queryServiceRecords(ctx, q, where+` ORDER BY r.check_in, r.id`, args...)
}

// queryServiceRecords reads the records of the SQL condition and order in tail.
func queryServiceRecords(ctx context.Context, q querier, tail string, args ...any) ([]linli.ServiceRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+serviceColumns+serviceFrom+` WHERE `+tail, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []linli.ServiceRecord{}
	for rows.Next() {
		rec, err := scanService(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// findServiceRecord reads one record, or 404.
func findServiceRecord(ctx context.Context, q querier, id string) (*linli.ServiceRecord, error) {
	recs, err := findServiceRecords(ctx, q, `r.id = ?`, id)
	if err != nil {
		return nil, translate(err)
	}
	if len(recs) == 0 {
		return nil, linli.NotFound("service record")
	}
	return &recs[0], nil
}

// RecordService merges a coordinator's sheet into the session's service records, one per
// volunteer: a new volunteer gets a pending record, a pending record takes the new times, an
// approved one keeps them (409: file a correction instead). Each volunteer must be a volunteer
// or teacher of the community, or on the session's staff or sign-ups.
func (s Volunteers) RecordService(ctx context.Context, a *linli.Actor, sessionID string, body linli.Input[linli.ServiceSheet]) ([]linli.ServiceRecord, error) {
	var out []linli.ServiceRecord
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActRecordService, linli.ObjSession, sessionID); err != nil {
			return err
		}
		sheet, err := body()
		if err != nil {
			return err
		}
		if err := sheet.Validate(); err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		times := make([]linli.ServiceTimes, len(sheet.Records))
		for i, e := range sheet.Records {
			prefix := fmt.Sprintf("records[%d]", i)
			if times[i], err = linli.ParseServiceTimes(prefix, e.CheckIn, e.CheckOut, sess, tx.Now); err != nil {
				return err
			}
			if err := checkServant(ctx, tx, sess, e.UserID, prefix+".user_id"); err != nil {
				return err
			}
		}
		if err := linli.CheckRecordable(sess, tx.Now); err != nil {
			return err
		}
		detail := []map[string]any{}
		for i, e := range sheet.Records {
			changed, err := mergeService(ctx, tx, sess, e.UserID, times[i], linli.ServiceFromSheet)
			if err != nil {
				return err
			}
			if changed {
				detail = append(detail, map[string]any{"user_id": e.UserID, "check_in": times[i].CheckIn, "check_out": times[i].CheckOut, "minutes": times[i].Minutes()})
			}
		}
		if len(detail) > 0 {
			if err := tx.audit(ctx, a, sess.CommunityID, "service.record", "session", sess.ID, map[string]any{"records": detail}); err != nil {
				return err
			}
		}
		out, err = findServiceRecords(ctx, tx, `r.session_id = ?`, sess.ID)
		return err
	})
	return out, err
}

// checkServant reads what the user is to the session and asks linli.CheckServant whether they
// may serve on it, naming field.
func checkServant(ctx context.Context, q querier, sess *linli.Session, userID, field string) error {
	p := linli.Servant{UserID: userID}
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM memberships WHERE community_id = ?1 AND user_id = ?2 AND role IN ('volunteer', 'teacher')),
		EXISTS (SELECT 1 FROM session_staff WHERE session_id = ?3 AND user_id = ?2),
		EXISTS (SELECT 1 FROM session_signups WHERE session_id = ?3 AND user_id = ?2 AND status = 'active')`,
		sess.CommunityID, userID, sess.ID).Scan(&p.Helper, &p.Staff, &p.SignedUp)
	if err != nil {
		return err
	}
	return linli.CheckServant(field, p)
}

// mergeService writes one volunteer's times on a session and reports whether anything changed.
func mergeService(ctx context.Context, tx *Tx, sess *linli.Session, userID string, t linli.ServiceTimes, source string) (bool, error) {
	var id, status, in, out string
	err := tx.QueryRowContext(ctx, `SELECT id, status, check_in, check_out FROM service_records WHERE session_id = ? AND user_id = ?`, sess.ID, userID).
		Scan(&id, &status, &in, &out)
	now := fmtTime(tx.Now)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.ExecContext(ctx, `INSERT INTO service_records (id, community_id, session_id, user_id, source, check_in, check_out, minutes,
				status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
			newID(), sess.CommunityID, sess.ID, userID, source, fmtTime(t.CheckIn), fmtTime(t.CheckOut), t.Minutes(), now, now)
		return err == nil, err
	case err != nil:
		return false, err
	case in == fmtTime(t.CheckIn) && out == fmtTime(t.CheckOut):
		return false, nil
	}
	if err := linli.CheckServiceChange(id, userID, status); err != nil {
		return false, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE service_records SET check_in = ?, check_out = ?, minutes = ?, updated_at = ? WHERE id = ?`,
		fmtTime(t.CheckIn), fmtTime(t.CheckOut), t.Minutes(), now, id)
	return err == nil, err
}

// FindSessionService lists a session's service records: all of them to the community's
// coordinators, their own to anyone else who may see the session.
func (s Volunteers) FindSessionService(ctx context.Context, a *linli.Actor, sessionID string) ([]linli.ServiceRecord, error) {
	sess, err := authorize(ctx, s.read, a, linli.ActSignUp, linli.ObjSession, sessionID)
	if err != nil {
		return nil, err
	}
	if a.IsCoordinatorOf(sess.CommunityID) {
		recs, err := findServiceRecords(ctx, s.read, `r.session_id = ?`, sessionID)
		return recs, translate(err)
	}
	recs, err := findServiceRecords(ctx, s.read, `r.session_id = ? AND r.user_id = ?`, sessionID, a.UserID())
	return recs, translate(err)
}

// FindService lists service records by check-in, then id: a community's to its coordinators
// (all, or one volunteer's), and otherwise the actor's own.
func (s Volunteers) FindService(ctx context.Context, a *linli.Actor, f linli.ServiceFilter) ([]linli.ServiceRecord, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	loc := location(linli.DefaultTimezone)
	var where []string
	var args []any
	if f.CommunityID != "" {
		if _, err := authorize(ctx, s.read, a, linli.ActReadWork, linli.ObjCommunity, f.CommunityID); err != nil {
			return nil, "", err
		}
		c, err := Communities(s).FindCommunity(ctx, f.CommunityID)
		if err != nil {
			return nil, "", err
		}
		loc = c.Location()
		where, args = append(where, `r.community_id = ?`), append(args, c.ID)
	}
	if f.CommunityID == "" || !a.IsCoordinatorOf(f.CommunityID) {
		if f.UserID != "" && f.UserID != a.UserID() && !a.IsAdmin() {
			return nil, "", linli.NotFound("volunteer")
		}
		if f.UserID == "" && !a.IsAdmin() {
			f.UserID = a.UserID()
		}
	}
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if f.UserID != "" {
		add(`r.user_id = ?`, f.UserID)
	}
	if f.Status != "" {
		add(`r.status = ?`, f.Status)
	}
	from, until := serviceBounds(f.From, f.To, loc)
	add(`r.check_in >= ?`, from)
	add(`r.check_in < ?`, until)
	rows, next, err := listPage(ctx, s.read, f.Page, `SELECT `+serviceColumns+serviceFrom+` WHERE `+strings.Join(where, " AND ")+
		` AND r.id > ? ORDER BY r.id LIMIT ?`, func(r *sql.Rows) (linli.ServiceRecord, error) { return scanService(r) },
		func(r linli.ServiceRecord) string { return r.ID }, args...)
	return rows, next, err
}

// serviceBounds turns community-local dates from..to (inclusive; zero for open) into the UTC
// text bounds of check_in: from ≤ check_in < until.
func serviceBounds(from, to linli.Date, loc *time.Location) (string, string) {
	lo, hi := "0000", "9999"
	if !from.IsZero() {
		lo = fmtTime(from.At(linli.Clock{}, loc))
	}
	if !to.IsZero() {
		hi = fmtTime(to.AddDays(1).At(linli.Clock{}, loc))
	}
	return lo, hi
}

// ApproveService certifies a pending record for the session's community; approving it again
// changes nothing.
func (s Volunteers) ApproveService(ctx context.Context, a *linli.Actor, id string) (*linli.ServiceRecord, error) {
	var out *linli.ServiceRecord
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActApproveService, linli.ObjServiceRecord, id); err != nil {
			return err
		}
		// Approving a rejected record takes the rejection back.
		res, err := tx.ExecContext(ctx, `UPDATE service_records SET status = 'approved', approved_by = ?, approved_at = ?, reject_note = '', updated_at = ?
			WHERE id = ? AND status IN ('pending', 'rejected')`, a.UserID(), fmtTime(tx.Now), fmtTime(tx.Now), id)
		if err != nil {
			return err
		}
		if out, err = findServiceRecord(ctx, tx, id); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.audit(ctx, a, out.CommunityID, "service.approve", "service_record", id,
			map[string]any{"user_id": out.User.ID, "session_id": out.SessionID, "minutes": out.Minutes})
	})
	return out, err
}

// RejectService turns down a pending record of the session's community with the note the
// volunteer reads, and tells the volunteer (service_rejected, in the same transaction);
// rejecting it again changes the note, and tells them the new one. An approved record is certified: 409
// (the volunteer files a correction instead).
func (s Volunteers) RejectService(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.ServiceRejection]) (*linli.ServiceRecord, error) {
	var out *linli.ServiceRecord
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActApproveService, linli.ObjServiceRecord, id); err != nil {
			return err
		}
		r, err := body()
		if err != nil {
			return err
		}
		if err := r.Validate(); err != nil {
			return err
		}
		rec, err := findServiceRecord(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := linli.CheckRejectService(rec.Status); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE service_records SET status = 'rejected', reject_note = ?, updated_at = ? WHERE id = ?`,
			r.Note, fmtTime(tx.Now), id); err != nil {
			return err
		}
		if out, err = findServiceRecord(ctx, tx, id); err != nil {
			return err
		}
		if rec.Status != linli.ServiceRejected || rec.RejectNote != r.Note {
			if err := announceRejection(ctx, tx, out); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, out.CommunityID, "service.reject", "service_record", id,
			map[string]any{"user_id": out.User.ID, "session_id": out.SessionID, "minutes": out.Minutes})
	})
	return out, err
}

// announceRejection tells the volunteer that their hours were rejected, naming the session, when
// they served (in the community's zone), the hours and the coordinator's note.
func announceRejection(ctx context.Context, tx *Tx, rec *linli.ServiceRecord) error {
	var tz string
	if err := tx.QueryRowContext(ctx, `SELECT timezone FROM communities WHERE id = ?`, rec.CommunityID).Scan(&tz); err != nil {
		return err
	}
	return notifyTx(ctx, tx, linli.Notice{Kind: linli.NoticeServiceRejected, Recipients: []string{rec.User.ID}, SessionID: rec.SessionID,
		Data: linli.NoticeData{Title: rec.Title, Kind: rec.Kind, Timezone: tz, StartsAt: rec.CheckIn, EndsAt: rec.CheckOut,
			Minutes: rec.Minutes, Note: rec.RejectNote}})
}
