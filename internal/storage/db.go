// Package storage is the storage of linli: it implements the domain's services in SQL. On SQLite it
// keeps one writer connection (WAL, synchronous=FULL, BEGIN IMMEDIATE) and a separate read-only pool.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
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
	Path    string // the SQLite file, or the PostgreSQL URL without its password
	dialect dialect
	write   *sql.DB
	read    *sql.DB
	Now     func() time.Time
	Hasher  *auth.Hasher
	Limiter *auth.Limiter // failed sign-ins and wrong reset codes, per login and per client address
	// Sleep holds the answer to a failed sign-in (linli.LoginDelay); tests replace it.
	Sleep func(ctx context.Context, d time.Duration)
	batch *batcher // the group commit of bookings (on PostgreSQL, one per instance, with row locks)
	// Logger receives what fails with nobody waiting (the delayed write of feed fetch times).
	Logger  *slog.Logger
	fetches fetchLog // feed fetch times not yet written
	// devicesSeen holds when sign-in sessions were used, until written (device.go).
	devicesSeen seenLog
}

// Open opens the database named by dsn and migrates it: a postgres:// or postgresql:// URL is
// PostgreSQL, anything else the path of a SQLite file (created if needed, mode 0600).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// IsPostgres reports whether dsn names a PostgreSQL server rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// newDB returns a DB with the policies every database shares.
func newDB(path string, d dialect) *DB {
	return &DB{
		Path:    path,
		dialect: d,
		Now:     time.Now,
		Hasher:  auth.NewHasher(auth.Params{MemoryKiB: linli.PasswordHashMemoryKiB, Time: linli.PasswordHashPasses, Threads: linli.PasswordHashThreads}, linli.HashesAtOnce),
		Limiter: auth.NewLimiter(linli.FailureWindow, linli.FailuresKept),
		Sleep:   sleep,
		Logger:  slog.Default(),
	}
}

// Close writes the feed fetch times and the sessions' last uses held in memory, answers the
// queued bookings, then closes both pools; later bookings get unavailable.
func (d *DB) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := []error{d.closeFetches(ctx)}
	if d.batch != nil {
		d.batch.close()
	}
	if d.write != nil {
		d.flushSeen(ctx)
	}
	if d.dialect == dialectPostgres {
		return errors.Join(append(errs, d.write.Close())...) // one pool serves reads and writes
	}
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

// migrate runs every embedded migration of the dialect not yet recorded, in order, one
// transaction each. On PostgreSQL an advisory lock held meanwhile makes instances that start
// together migrate once.
func (d *DB) migrate(ctx context.Context) error {
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if d.dialect == dialectPostgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, migrationLock); err != nil {
			return fmt.Errorf("%s: lock migrations: %w", d.dialect, err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, migrationLock)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("%s: create schema_migrations: %w", d.dialect, err)
	}
	files, dir := db.SQLite, "migrations/sqlite"
	if d.dialect == dialectPostgres {
		files, dir = db.Postgres, "migrations/postgres"
	}
	names, err := fs.Glob(files, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := migrateFile(ctx, conn, files, name); err != nil {
			return fmt.Errorf("%s: migration %s: %w", d.dialect, name, err)
		}
	}
	return nil
}

// migrationLock is the key of the PostgreSQL advisory lock held while migrating ("linli" in ASCII).
const migrationLock = 0x6c696e6c69

func migrateFile(ctx context.Context, conn *sql.Conn, files fs.FS, name string) error {
	tx, err := conn.BeginTx(ctx, nil)
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
	body, err := fs.ReadFile(files, name)
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

// parseTime reads a stored instant where an unreadable one may count as long ago (a device's last
// use, a feed's stamp); everywhere else rows scan into instant, whose error reaches the caller.
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
	if te := translatePostgres(err); te != nil {
		return te
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
