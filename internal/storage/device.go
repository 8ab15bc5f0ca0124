package storage

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
)

// newDeviceID is the id a session is shown by: random, unrelated to the cookie.
func newDeviceID() string { return uuid.New().String() }

// seen records that the session device was used now, at most every linli.DeviceSeenEvery. It is
// bookkeeping: when storage cannot write, the request goes on.
func (s Accounts) seen(ctx context.Context, device string, last time.Time) {
	now := s.Now()
	if device == "" || now.Sub(last) < linli.DeviceSeenEvery {
		return
	}
	ctx = context.WithoutCancel(ctx)
	s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE auth_sessions SET last_seen_at = ? WHERE device_id = ?`, fmtTime(tx.Now), device)
		return err
	})
}

// Devices lists the actor's live sessions, last used first.
func (s Accounts) Devices(ctx context.Context, a *linli.Actor) ([]linli.Device, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT device_id, created_at, last_seen_at, user_agent FROM auth_sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, created_at DESC`, a.User.ID, fmtTime(s.Now()))
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	devices := []linli.Device{}
	for rows.Next() {
		var d linli.Device
		var created, seen string
		if err := rows.Scan(&d.ID, &created, &seen, &d.UserAgent); err != nil {
			return nil, translate(err)
		}
		d.CreatedAt, d.LastSeenAt, d.Current = parseTime(created), parseTime(seen), d.ID == a.SessionID
		devices = append(devices, d)
	}
	return devices, translate(rows.Err())
}

// EndDevice signs one of the actor's sessions out.
func (s Accounts) EndDevice(ctx context.Context, a *linli.Actor, id string) error {
	if err := a.RequireUser(); err != nil {
		return err
	}
	if !validID(id) {
		return linli.NotFound("session")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM auth_sessions WHERE device_id = ? AND user_id = ?`, id, a.User.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return linli.NotFound("session")
		}
		return nil
	})
}
