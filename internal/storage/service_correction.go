package storage

import (
	"context"
	"database/sql"

	"github.com/linli/linli/internal/linli"
)

const correctionColumns = `c.id, c.record_id, c.check_in, c.check_out, c.reason, c.status, c.note, c.filed_by, f.name, c.filed_at,
	c.decided_by, COALESCE(d.name, ''), c.decided_at, m.timezone`

const correctionFrom = ` FROM service_corrections c JOIN service_records r ON r.id = c.record_id JOIN communities m ON m.id = r.community_id
	JOIN users f ON f.id = c.filed_by LEFT JOIN users d ON d.id = c.decided_by`

// findCorrections reads the corrections matching tail (the SQL after WHERE: a condition, and
// an order and a limit when wanted).
func findCorrections(ctx context.Context, q querier, tail string, args ...any) ([]linli.Correction, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+correctionColumns+correctionFrom+` WHERE `+tail, args...)
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	found := []linli.Correction{}
	for rows.Next() {
		var c linli.Correction
		var in, out, filed instant
		var tz string
		var decider sql.NullString
		var decided nullInstant
		var deciderName string
		if err := rows.Scan(&c.ID, &c.RecordID, &in, &out, &c.Reason, &c.Status, &c.Note, &c.FiledBy.ID, &c.FiledBy.Name, &filed,
			&decider, &deciderName, &decided, &tz); err != nil {
			return nil, translate(err)
		}
		loc := location(tz)
		c.CheckIn, c.CheckOut, c.FiledAt = in.In(loc), out.In(loc), filed.In(loc)
		c.Hours = linli.Hours(linli.ServiceMinutes(c.CheckIn, c.CheckOut))
		if decider.Valid {
			c.DecidedBy = &linli.PersonRef{ID: decider.String, Name: deciderName}
		}
		if decided.Valid {
			t := decided.Time.In(loc)
			c.DecidedAt = &t
		}
		found = append(found, c)
	}
	return found, translate(rows.Err())
}

func findCorrection(ctx context.Context, q querier, id string) (*linli.Correction, error) {
	cs, err := findCorrections(ctx, q, `c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, linli.NotFound("correction")
	}
	return &cs[0], nil
}

// FindCorrections lists a community's corrections, of one status or all, oldest first, each
// with its service record as it is now, to the community's coordinators (401, then 404, or 403
// for its other members).
func (s Volunteers) FindCorrections(ctx context.Context, a *linli.Actor, communityID, status string, p linli.Page) ([]linli.CorrectionResult, string, error) {
	if _, err := authorize(ctx, s.read, a, linli.ActReadCommunity, linli.ObjCommunity, communityID); err != nil {
		return nil, "", err
	}
	if err := linli.CheckCorrectionStatus(status); err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(p)
	if err != nil {
		return nil, "", err
	}
	found, err := findCorrections(ctx, s.read, `r.community_id = ? AND (? = '' OR c.status = ?) AND c.id > ? ORDER BY c.id LIMIT ?`,
		communityID, status, status, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	page, next, err := trimPage(found, limit, func(c linli.Correction) string { return c.ID })
	if err != nil {
		return nil, "", err
	}
	ids := make([]string, len(page))
	for i, c := range page {
		ids[i] = c.RecordID
	}
	recs, err := findServiceRecords(ctx, s.read, `r.id IN (SELECT value FROM json_each(?))`, jsonList(ids))
	if err != nil {
		return nil, "", translate(err)
	}
	byID := make(map[string]*linli.ServiceRecord, len(recs))
	for i := range recs {
		byID[recs[i].ID] = &recs[i]
	}
	out := make([]linli.CorrectionResult, len(page))
	for i := range page {
		out[i] = linli.CorrectionResult{Correction: &page[i], ServiceRecord: byID[page[i].RecordID]}
	}
	return out, next, nil
}

// FileCorrection asks, as the volunteer who served, for other times on a record, pending or
// approved; a record has at most one pending correction (409).
func (s Volunteers) FileCorrection(ctx context.Context, a *linli.Actor, recordID string, body linli.Input[linli.CorrectionRequest]) (*linli.Correction, error) {
	var out *linli.Correction
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActCorrectService, linli.ObjServiceRecord, recordID); err != nil {
			return err
		}
		in, err := body()
		if err != nil {
			return err
		}
		rec, err := findServiceRecord(ctx, tx, recordID)
		if err != nil {
			return err
		}
		sess, err := findSession(ctx, tx, rec.SessionID)
		if err != nil {
			return err
		}
		t, err := linli.ParseServiceTimes("", in.CheckIn, in.CheckOut, sess, tx.Now)
		if err != nil {
			return err
		}
		if err := in.ValidReason(); err != nil {
			return err
		}
		var pending bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM service_corrections WHERE record_id = ? AND status = 'pending')`, recordID).Scan(&pending); err != nil {
			return err
		}
		if err := linli.CheckFileCorrection(pending); err != nil {
			return err
		}
		id := newID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO service_corrections (id, record_id, check_in, check_out, reason, status, filed_by, filed_at)
			VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`, id, recordID, fmtTime(t.CheckIn), fmtTime(t.CheckOut), in.Reason, a.UserID(), fmtTime(tx.Now)); err != nil {
			return err
		}
		if err := tx.audit(ctx, a, rec.CommunityID, "service.correction.file", "service_record", recordID, map[string]any{
			"correction_id": id, "check_in": t.CheckIn, "check_out": t.CheckOut, "minutes": t.Minutes()}); err != nil {
			return err
		}
		out, err = findCorrection(ctx, tx, id)
		return err
	})
	return out, err
}

// DecideCorrection accepts or rejects a pending correction; accepting gives the record the
// corrected times and hours and keeps its status (an approved record stays approved: the
// coordinator who accepts certifies the new times). The audit entry holds the times and minutes
// before and after.
func (s Volunteers) DecideCorrection(ctx context.Context, a *linli.Actor, id string, body linli.Input[linli.Decision]) (*linli.CorrectionResult, error) {
	res := &linli.CorrectionResult{}
	err := s.inTx(ctx, func(tx *Tx) error {
		if _, err := authorize(ctx, tx, a, linli.ActDecideCorrection, linli.ObjCorrection, id); err != nil {
			return err
		}
		d, err := body()
		if err != nil {
			return err
		}
		if err := d.Validate(); err != nil {
			return err
		}
		c, err := findCorrection(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := linli.CheckDecideCorrection(c); err != nil {
			return err
		}
		before, err := findServiceRecord(ctx, tx, c.RecordID)
		if err != nil {
			return err
		}
		status := linli.CorrectionRejected
		if *d.Accept {
			status = linli.CorrectionAccepted
			minutes := linli.ServiceMinutes(c.CheckIn, c.CheckOut)
			if _, err := tx.ExecContext(ctx, `UPDATE service_records SET check_in = ?, check_out = ?, minutes = ?, updated_at = ? WHERE id = ?`,
				fmtTime(c.CheckIn), fmtTime(c.CheckOut), minutes, fmtTime(tx.Now), c.RecordID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE service_corrections SET status = ?, note = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
			status, d.Note, a.UserID(), fmtTime(tx.Now), id); err != nil {
			return err
		}
		if res.Correction, err = findCorrection(ctx, tx, id); err != nil {
			return err
		}
		if res.ServiceRecord, err = findServiceRecord(ctx, tx, c.RecordID); err != nil {
			return err
		}
		after := res.ServiceRecord
		return tx.audit(ctx, a, before.CommunityID, "service.correct", "service_record", c.RecordID, map[string]any{
			"correction_id": id, "accept": *d.Accept,
			"before": map[string]any{"check_in": before.CheckIn, "check_out": before.CheckOut, "minutes": before.Minutes, "hours": before.Hours},
			"after":  map[string]any{"check_in": after.CheckIn, "check_out": after.CheckOut, "minutes": after.Minutes, "hours": after.Hours}})
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
