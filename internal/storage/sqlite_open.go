package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
)

// openSQLite opens (creating if needed, mode 0600) the database file at path, checks its settings and
// migrates it. A database file that others may read is refused.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	d := newDB(path, dialectSQLite)
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
