package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/linli/linli/internal/linli"
)

// IdempotencyTTL is how long a create request's first answer is kept for replay.
const IdempotencyTTL = 24 * time.Hour

// pendingTimeout is when a reserved key whose request never finished (a crash) may be taken again.
const pendingTimeout = time.Minute

// Idempotency implements linli.IdempotencyStore.
type Idempotency struct{ *DB }

var _ linli.IdempotencyStore = Idempotency{}

// Begin reserves the key or returns the stored answer.
func (s Idempotency) Begin(ctx context.Context, scope, key string, hash []byte) (*linli.StoredResponse, bool, error) {
	var stored *linli.StoredResponse
	ok := false
	err := s.inTx(ctx, func(tx *Tx) error {
		var bodyHash, body []byte
		var status int
		var ctype, created string
		err := tx.QueryRowContext(ctx, `SELECT body_hash, status, content_type, body, created_at FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key).
			Scan(&bodyHash, &status, &ctype, &body, &created)
		fresh := errors.Is(err, sql.ErrNoRows)
		if err != nil && !fresh {
			return err
		}
		age := tx.Now.Sub(parseTime(created))
		if !fresh && (age > IdempotencyTTL || (status == 0 && age > pendingTimeout)) {
			fresh = true
		}
		if !fresh {
			if !bytes.Equal(bodyHash, hash) {
				return &linli.Error{Code: linli.EConflict, Field: "Idempotency-Key", Message: "this Idempotency-Key was used with a different request"}
			}
			if status == 0 {
				return &linli.Error{Code: linli.EConflict, Field: "Idempotency-Key", Message: "a request with this Idempotency-Key is still running"}
			}
			stored = &linli.StoredResponse{Status: status, ContentType: ctype, Body: body}
			return nil
		}
		ok = true
		_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, body_hash, status, created_at) VALUES (?, ?, ?, 0, ?)
			ON CONFLICT (scope, key) DO UPDATE SET body_hash = excluded.body_hash, status = 0, body = NULL, created_at = excluded.created_at`,
			scope, key, hash, fmtTime(tx.Now))
		return err
	})
	return stored, ok, err
}

// Finish stores the answer, or releases the key after a server error so that a retry runs again.
func (s Idempotency) Finish(ctx context.Context, scope, key string, r linli.StoredResponse) error {
	ctx = context.WithoutCancel(ctx)
	return s.inTx(ctx, func(tx *Tx) error {
		if r.Status >= 500 {
			_, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key)
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE scope = ? AND key = ?`,
			r.Status, r.ContentType, r.Body, scope, key)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, fmtTime(tx.Now.Add(-IdempotencyTTL)))
		}
		return err
	})
}

// Purge deletes the stored answers older than IdempotencyTTL, so that what they carry (a child's
// name, a pickup person's phone) is kept no longer than the replay window even on a quiet server.
func (s Idempotency) Purge(ctx context.Context) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, fmtTime(tx.Now.Add(-IdempotencyTTL)))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
