package storage

import (
	"context"
	"strings"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
)

// failures returns the failures (failed sign-ins, wrong reset codes) counted under key in the
// linli.FailureWindow before now, by every instance sharing the database.
func (d *DB) failures(ctx context.Context, key string, now time.Time) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key_hash = ? AND at > ?`,
		auth.HashToken(key), fmtTime(now.Add(-linli.FailureWindow))).Scan(&n)
	return n, translate(err)
}

// addFailure counts a failure at now under each key and returns the count of the first key, this
// one included. The failure is written even if the client has gone: hanging up early must not
// make a guess free. Only the keys' hashes are stored.
func (d *DB) addFailure(ctx context.Context, now time.Time, keys ...string) (int, error) {
	ctx = context.WithoutCancel(ctx)
	args := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		args = append(args, auth.HashToken(k), fmtTime(now))
	}
	if _, err := d.write.ExecContext(ctx, `INSERT INTO login_failures (key_hash, at) VALUES `+
		strings.Repeat(`(?, ?), `, len(keys)-1)+`(?, ?)`, args...); err != nil {
		return 0, translate(err)
	}
	return d.failures(ctx, keys[0], now)
}

// countAttempt counts one attempt at now under key and returns the attempts under it in the window
// before now, this one included, by every instance sharing the database.
func (d *DB) countAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	if _, err := d.write.ExecContext(context.WithoutCancel(ctx), `INSERT INTO login_failures (key_hash, at) VALUES (?, ?)`,
		auth.HashToken(key), fmtTime(now)); err != nil {
		return 0, translate(err)
	}
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM login_failures WHERE key_hash = ? AND at > ?`,
		auth.HashToken(key), fmtTime(now.Add(-window))).Scan(&n)
	return n, translate(err)
}

// PurgeFailures forgets the failures older than linli.FailureWindow, which count for nothing (nor
// do the registrations kept beside them: linli.RegisterWindow is shorter).
func (d *DB) PurgeFailures(ctx context.Context) (int64, error) {
	res, err := d.write.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= ?`, fmtTime(d.Now().Add(-linli.FailureWindow)))
	if err != nil {
		return 0, translate(err)
	}
	return res.RowsAffected()
}
