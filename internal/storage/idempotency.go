package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Idempotency is the table of Idempotency-Key entries: for each scope and key, the hash of the
// request that made it and, once that request has run, its answer. The API decides what an entry
// means (api.IdempotencyStore); this type only reads and writes the rows.
type Idempotency struct{ *DB }

// Reserve makes the entry for scope and key with hash and no answer yet, replacing one made more
// than keep ago or, still without an answer, more than pending ago. It reports whether it did:
// false means a live entry holds scope and key (Held reads it).
func (s Idempotency) Reserve(ctx context.Context, scope, key string, hash []byte, keep, pending time.Duration) (bool, error) {
	var made bool
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, body_hash, status, created_at) VALUES (?, ?, ?, 0, ?)
			ON CONFLICT (scope, key) DO UPDATE SET body_hash = excluded.body_hash, status = 0, content_type = '', body = NULL, created_at = excluded.created_at
			WHERE idempotency_keys.created_at < ? OR (idempotency_keys.status = 0 AND idempotency_keys.created_at < ?)`,
			scope, key, hash, fmtTime(tx.Now), fmtTime(tx.Now.Add(-keep)), fmtTime(tx.Now.Add(-pending)))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		made = n == 1
		return err
	})
	return made, err
}

// Held returns the entry for scope and key: the hash it was made with and its answer, status 0
// while its request runs. No entry is a linli.ENotFound error.
func (s Idempotency) Held(ctx context.Context, scope, key string) (hash []byte, status int, contentType string, body []byte, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT body_hash, status, content_type, body FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key).
		Scan(&hash, &status, &contentType, &body)
	if errors.Is(err, sql.ErrNoRows) {
		err = linli.NotFound("idempotency key")
	}
	return hash, status, contentType, body, translate(err)
}

// Keep stores the answer of the entry for scope and key, and forgets the entries made more than
// keep ago.
func (s Idempotency) Keep(ctx context.Context, scope, key string, status int, contentType string, body []byte, keep time.Duration) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE scope = ? AND key = ?`,
			status, contentType, body, scope, key)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, fmtTime(tx.Now.Add(-keep)))
		}
		return err
	})
}

// Release deletes the entry for scope and key.
func (s Idempotency) Release(ctx context.Context, scope, key string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key)
		return err
	})
}

// Purge deletes the entries made more than keep ago, so that what their answers carry (a child's
// name, a pickup person's phone) is kept no longer than the replay window even on a quiet server.
func (s Idempotency) Purge(ctx context.Context, keep time.Duration) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, fmtTime(tx.Now.Add(-keep)))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
