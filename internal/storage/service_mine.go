package storage

import (
	"context"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

// FindMyService lists the actor's own service records, pending, approved and rejected, newest
// first (by check-in, then id), each saying whether a correction of it awaits a decision.
func (s Volunteers) FindMyService(ctx context.Context, a *linli.Actor, page linli.Input[linli.Page]) ([]linli.ServiceRecord, string, error) {
	if err := a.RequireUser(); err != nil {
		return nil, "", err
	}
	p, err := page()
	if err != nil {
		return nil, "", err
	}
	limit, after, err := pageOf(p)
	if err != nil {
		return nil, "", err
	}
	in, id := "", ""
	if after != "" {
		var ok bool
		in, id, ok = strings.Cut(after, "|")
		if _, err := time.Parse(timeFormat, in); err != nil || !ok || !validID(id) {
			return nil, "", linli.Invalid("cursor", "not a cursor this server gave out")
		}
	}
	found, err := findServiceRecordsDesc(ctx, s.read, `r.user_id = ? AND (? = '' OR r.check_in < ? OR r.check_in = ? AND r.id < ?)`,
		limit+1, a.UserID(), in, in, in, id)
	if err != nil {
		return nil, "", translate(err)
	}
	items, next, err := trimPage(found, limit, func(r linli.ServiceRecord) string { return fmtTime(r.CheckIn) + "|" + r.ID })
	if err != nil {
		return nil, "", err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT c.record_id FROM service_corrections c JOIN service_records r ON r.id = c.record_id
		WHERE r.user_id = ? AND c.status = 'pending'`, a.UserID())
	if err != nil {
		return nil, "", translate(err)
	}
	defer rows.Close()
	pending := map[string]bool{}
	for rows.Next() {
		var rec string
		if err := rows.Scan(&rec); err != nil {
			return nil, "", translate(err)
		}
		pending[rec] = true
	}
	for i := range items {
		items[i].CorrectionPending = pending[items[i].ID]
	}
	return items, next, translate(rows.Err())
}

// findServiceRecordsDesc reads at most limit records matching the SQL condition where, newest
// check-in first.
func findServiceRecordsDesc(ctx context.Context, q querier, where string, limit int, args ...any) ([]linli.ServiceRecord, error) {
	return queryServiceRecords(ctx, q, where+` ORDER BY r.check_in DESC, r.id DESC LIMIT ?`, append(args, limit)...)
}
