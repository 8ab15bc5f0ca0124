package storage

import (
	"context"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
)

// newDeviceID is the id a session is shown by: random, unrelated to the cookie.
func newDeviceID() string { return uuid.New().String() }

// seenFlushDelay is how long the uses of sign-in sessions wait in memory before they are written,
// together.
const seenFlushDelay = time.Second

// seen records that the session device was used now, at most every linli.DeviceSeenEvery. It is
// bookkeeping: it waits in memory (seenLog) and the request goes on; when storage cannot write,
// nothing else fails.
func (s Accounts) seen(device string, last time.Time) {
	now := s.Now()
	if device == "" || now.Sub(last) < linli.DeviceSeenEvery {
		return
	}
	s.devicesSeen.record(device, now, func() { s.flushSeen(context.Background()) })
}

// seenLog gathers when sign-in sessions were used and has them written in one transaction
// seenFlushDelay later: when a popular class opens, every parent's first request of the day
// would otherwise wait for a durable transaction of its own on the one writer connection. The
// requests of a rush record at once: a sync.Map and an atomic flag let them do so without
// queueing for a lock.
type seenLog struct {
	pending   sync.Map    // device id → time.Time of its last use
	scheduled atomic.Bool // a flush is scheduled
}

// record notes a use, and schedules a flush when none is scheduled.
func (l *seenLog) record(device string, at time.Time, flush func()) {
	l.pending.Store(device, at)
	if !l.scheduled.Load() && l.scheduled.CompareAndSwap(false, true) {
		time.AfterFunc(seenFlushDelay, flush)
	}
}

// take returns the uses waiting. A use recorded meanwhile is either taken or schedules the next
// flush: the flag is cleared before the map is read.
func (l *seenLog) take() map[string]time.Time {
	l.scheduled.Store(false)
	var p map[string]time.Time
	l.pending.Range(func(k, _ any) bool {
		if v, ok := l.pending.LoadAndDelete(k); ok {
			if p == nil {
				p = map[string]time.Time{}
			}
			p[k.(string)] = v.(time.Time)
		}
		return true
	})
	return p
}

// flushSeen writes the uses waiting, in the order of their device ids (so that two servers
// sharing a database lock the rows in the same order).
func (d *DB) flushSeen(ctx context.Context) {
	pending := d.devicesSeen.take()
	if len(pending) == 0 {
		return
	}
	devices := slices.Sorted(maps.Keys(pending))
	d.inTx(context.WithoutCancel(ctx), func(tx *Tx) error {
		for _, device := range devices {
			if _, err := tx.ExecContext(ctx, `UPDATE auth_sessions SET last_seen_at = ? WHERE device_id = ?`, fmtTime(pending[device]), device); err != nil {
				return err
			}
		}
		return nil
	})
}

// Devices lists the actor's live sessions, last used first.
func (s Accounts) Devices(ctx context.Context, a *linli.Actor) ([]linli.Device, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	s.flushSeen(ctx)
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
