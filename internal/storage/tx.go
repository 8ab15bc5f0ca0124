package storage

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
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
	held    *heldNotices
	dialect dialect
	// robotBatch names this run of the transaction for the chat-robot posts it folds (chatrobot.go).
	robotBatch string
}

// inTx runs fn in one write transaction and commits it; any error rolls everything back, so
// nothing is half-written. On SQLite the transaction is BEGIN IMMEDIATE on the single writer
// connection; on PostgreSQL it is SERIALIZABLE, and run again when PostgreSQL finds that another
// transaction got in its way, so that fn's reads hold when it writes, as on SQLite.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	if d.dialect == dialectPostgres {
		return d.inPgTx(ctx, sql.LevelSerializable, fn)
	}
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

// inQueueTx is inTx for a worker that takes rows of a queue for itself (Tx.skipLocked). On
// PostgreSQL it runs READ COMMITTED: the rows it takes are locked, and the statements that take
// them check them again, so nothing more is needed; SERIALIZABLE would fail one of two workers
// that read the same queue at once and make it wait to run again while the other takes it all.
func (d *DB) inQueueTx(ctx context.Context, fn func(tx *Tx) error) error {
	if d.dialect == dialectPostgres {
		return d.inPgTx(ctx, sql.LevelReadCommitted, fn)
	}
	return d.inTx(ctx, fn)
}

// pgAttempts bounds the runs of one PostgreSQL transaction that others keep getting in the way of.
const pgAttempts = 20

// inPgTx runs fn in a PostgreSQL transaction of the isolation level, again (after a short random
// pause) when it fails for a serialization failure or a deadlock.
func (d *DB) inPgTx(ctx context.Context, level sql.IsolationLevel, fn func(tx *Tx) error) error {
	var err error
	for attempt := range pgAttempts {
		if attempt > 0 {
			sleep(ctx, time.Duration(1+rand.IntN(1<<min(attempt, 6)))*time.Millisecond)
		}
		if err = d.pgTxOnce(ctx, level, fn, attempt); !retryable(err) {
			return translate(err)
		}
	}
	return translate(err)
}

func (d *DB) pgTxOnce(ctx context.Context, level sql.IsolationLevel, fn func(tx *Tx) error, attempt int) error {
	sqlTx, err := d.write.BeginTx(ctx, &sql.TxOptions{Isolation: level})
	if err != nil {
		return err
	}
	tx := &Tx{Tx: sqlTx, Now: d.Now().UTC(), dialect: dialectPostgres}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if d.beforeCommit != nil {
		if err := d.beforeCommit(attempt); err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	return sqlTx.Commit()
}

// skipLocked ends a SELECT of rows that one worker takes for itself (deliveries to post, a
// session to write reminders of): on PostgreSQL, where workers of several instances run side by
// side, it locks the rows selected and passes over those another transaction holds; on SQLite the
// single writer already keeps the other workers out.
func (tx *Tx) skipLocked() string {
	if tx.dialect == dialectPostgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ``
}

// lock takes the row of table with the id for the rest of the transaction on PostgreSQL, where
// transactions run side by side; on SQLite the one writer already holds the whole database. Read
// the row again after taking it: a statement that waited for a lock reads what it saw before.
func (tx *Tx) lock(ctx context.Context, table, id string) error {
	return tx.lockWhere(ctx, table, `id = ?`, id)
}

// lockWhere is lock for the rows of table that where selects, taken in the order of their ids.
func (tx *Tx) lockWhere(ctx context.Context, table, where string, args ...any) error {
	if tx.dialect != dialectPostgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT 1 FROM `+table+` WHERE `+where+` ORDER BY id FOR UPDATE`, args...)
	return err
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

// reindex rebuilds indexes (kind "INDEX") or all the indexes of tables (kind "TABLE"), so that the
// pages that held deleted entries are freed: SQLite's secure_delete then zeroes them.
func (tx *Tx) reindex(ctx context.Context, kind string, names ...string) error {
	for _, name := range names {
		q := `REINDEX ` + name
		if tx.dialect == dialectPostgres {
			q = `REINDEX ` + kind + ` ` + name
		}
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
