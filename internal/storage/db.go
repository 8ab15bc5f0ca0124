// Package storage is the storage of linli: it implements the domain's services in SQL. On SQLite it
// keeps one writer connection (WAL, synchronous=FULL, BEGIN IMMEDIATE) and a separate read-only pool.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"time"

	"github.com/linli/linli/db"
	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/linli"
	"github.com/mattn/go-sqlite3"
)

// timeFormat stores instants as fixed-width UTC text, so they sort as text.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// DB is an open linli database.
type DB struct {
	Path    string
	write   *sql.DB
	read    *sql.DB
	Now     func() time.Time
	Hasher  *auth.Hasher
	Limiter *auth.Limiter // failed sign-ins and wrong reset codes, per login and per client address
	// Sleep holds the answer to a failed sign-in (linli.LoginDelay); tests replace it.
	Sleep func(ctx context.Context, d time.Duration)
	batch *batcher // the group commit of bookings
	// devicesSeen holds when sign-in sessions were used, until written (device.go).
	devicesSeen seenLog
}

// Open opens (creating if needed, mode 0600) the database file at path, checks its settings and
// migrates it. A database file that others may read is refused.
func Open(ctx context.Context, path string) (*DB, error) {
	d := &DB{
		Path:    path,
		Now:     time.Now,
		Hasher:  auth.NewHasher(auth.OWASPParams, 4),
		Limiter: auth.NewLimiter(linli.FailureWindow, 100),
		Sleep:   sleep,
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_secure_delete", "on") // deleted rows are overwritten with zeros: erasure is for real
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", "128") // each statement is prepared once per connection
	q.Set("_cache_size", "-32768")   // up to 32 MiB of pages: a rush's rows stay in memory
	var err error
	if d.write, err = sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+q.Encode()); err != nil {
		return nil, err
	}
	d.write.SetMaxOpenConns(1)
	d.write.SetMaxIdleConns(1)
	d.write.SetConnMaxLifetime(0)
	if err := d.checkPragmas(ctx, d.write, "wal"); err != nil {
		d.write.Close()
		return nil, err
	}
	if err := d.migrate(ctx); err != nil {
		d.write.Close()
		return nil, err
	}
	r := url.Values{}
	r.Set("mode", "ro")
	r.Set("_foreign_keys", "on")
	r.Set("_busy_timeout", "10000")
	r.Set("_synchronous", "FULL")
	r.Set("_secure_delete", "on")
	r.Set("_stmt_cache_size", "64")
	if d.read, err = sql.Open("sqlite3", "file:"+url.PathEscape(path)+"?"+r.Encode()); err != nil {
		d.write.Close()
		return nil, err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	d.read.SetMaxOpenConns(n)
	d.read.SetMaxIdleConns(n)
	if err := d.checkPragmas(ctx, d.read, "wal"); err != nil {
		d.Close()
		return nil, err
	}
	d.batch = newBatcher(d)
	return d, nil
}

// Close answers the queued bookings and writes the sessions' last uses, then closes both pools;
// later bookings get unavailable.
func (d *DB) Close() error {
	if d.batch != nil {
		d.batch.close()
	}
	if d.write != nil {
		d.flushSeen(context.Background())
	}
	var errs []error
	if d.read != nil {
		errs = append(errs, d.read.Close())
	}
	if d.write != nil {
		errs = append(errs, d.write.Close())
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	var one int
	return d.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Stats returns the pool statistics of the writer and the readers.
func (d *DB) Stats() (write, read sql.DBStats) { return d.write.Stats(), d.read.Stats() }

// ReadPool and WritePool expose the pools for metrics collectors.
func (d *DB) ReadPool() *sql.DB { return d.read }

// WritePool returns the single writer connection pool.
func (d *DB) WritePool() *sql.DB { return d.write }

// checkPragmas refuses a connection whose settings are not the ones bookings need.
func (d *DB) checkPragmas(ctx context.Context, pool *sql.DB, journal string) error {
	var mode string
	var syncMode, fk, busy, secure int
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", d.Path, err)
	}
	defer conn.Close()
	for _, p := range []struct {
		pragma string
		dest   any
	}{{"journal_mode", &mode}, {"synchronous", &syncMode}, {"foreign_keys", &fk}, {"busy_timeout", &busy}, {"secure_delete", &secure}} {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(p.dest); err != nil {
			return fmt.Errorf("sqlite: read %s of %s: %w", p.pragma, d.Path, err)
		}
	}
	if mode != journal || syncMode != 2 || fk != 1 || busy < 1000 || secure != 1 {
		return fmt.Errorf("sqlite: %s has journal_mode=%s synchronous=%d foreign_keys=%d busy_timeout=%d secure_delete=%d; want %s, 2 (FULL), 1, ≥1000, 1",
			d.Path, mode, syncMode, fk, busy, secure, journal)
	}
	return nil
}

// migrate runs every embedded migration not yet recorded, in order, one transaction each.
func (d *DB) migrate(ctx context.Context) error {
	if _, err := d.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: create schema_migrations: %w", err)
	}
	names, err := fs.Glob(db.SQLite, "migrations/sqlite/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := d.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("sqlite: migration %s: %w", name, err)
		}
	}
	return nil
}

func (d *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := fs.ReadFile(db.SQLite, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, fmtTime(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrations returns the names of the applied migrations, in order.
func (d *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

func fmtTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// parseTime reads a stored instant where an unreadable one may count as long ago (the age of a
// replayable answer); everywhere else rows scan into instant, whose error reaches the caller.
func parseTime(s string) time.Time {
	t, _ := readTime(s)
	return t
}

// translate turns driver errors into domain errors by their extended codes.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var le *linli.Error
	if errors.As(err, &le) {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch {
		case se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
			return linli.Errorf(linli.EConflict, "that already exists")
		case se.ExtendedCode == sqlite3.ErrConstraintForeignKey:
			return linli.Errorf(linli.ENotFound, "a referenced object does not exist")
		case se.Code == sqlite3.ErrFull || se.Code == sqlite3.ErrIoErr || se.Code == sqlite3.ErrCantOpen ||
			se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked || se.Code == sqlite3.ErrReadonly:
			return &linli.Error{Code: linli.EUnavailable, Message: "storage is full or unavailable; nothing was written"}
		}
	}
	return err
}
