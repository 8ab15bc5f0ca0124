package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
)

// Tx is a write transaction with the instant it started and the audit log at hand.
type Tx struct {
	*sql.Tx
	Now time.Time
	// held, while a change of a program runs (see holdSessionNotices), keeps its session notices
	// back so that they are written grouped, per person, before the change ends.
	held *heldNotices
}

// inTx runs fn in one write transaction (BEGIN IMMEDIATE on the single writer connection) and
// commits it; any error rolls everything back, so nothing is half-written.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return translate(err)
	}
	tx := &Tx{Tx: sqlTx, Now: d.Now().UTC()}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return translate(err)
	}
	return translate(sqlTx.Commit())
}

// audit writes one audit entry in the transaction.
func (tx *Tx) audit(ctx context.Context, a *linli.Actor, communityID, action, objectType, objectID string, detail any) error {
	var d []byte
	if detail != nil {
		var err error
		if d, err = json.Marshal(detail); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor_id, community_id, action, object_type, object_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		fmtTime(tx.Now), a.UserID(), communityID, action, objectType, objectID, nullBytes(d))
	return err
}

func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

// newID returns a time-ordered UUID (version 7), so ordering by id follows creation.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// validID reports whether s is a UUID; anything else cannot name a stored object.
func validID(s string) bool {
	_, err := uuid.Parse(s)
	return err == nil && len(s) == 36
}

// pageOf checks a page request and returns the limit and the id to continue after.
func pageOf(p linli.Page) (int, string, error) {
	limit := p.Limit
	if limit == 0 {
		limit = linli.DefaultPageLimit
	}
	if limit < 1 || limit > linli.MaxPageLimit {
		return 0, "", linli.Invalid("limit", "limit must be 1 to %d", linli.MaxPageLimit)
	}
	if p.Cursor == "" {
		return limit, "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(p.Cursor)
	if err != nil || len(b) == 0 || len(b) > 200 {
		return 0, "", linli.Invalid("cursor", "not a cursor this server gave out")
	}
	return limit, string(b), nil
}

// cursorAfter returns the cursor for the next page when more rows than limit were found.
func cursorAfter(found, limit int, lastKey string) string {
	if found <= limit {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(lastKey))
}
