package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/linli/linli/internal/linli"
)

// openPostgres connects to the PostgreSQL server at the URL and migrates the database. Several
// instances may share one database: writes run in transactions that PostgreSQL keeps apart (see
// inTx), bookings lock the rows they count on, and migrations take an advisory lock.
func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	connector, err := newPgConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	d := newDB(redactURL(dsn), dialectPostgres)
	pool := sql.OpenDB(connector)
	n := max(16, 8*runtime.GOMAXPROCS(0))
	pool.SetMaxOpenConns(n)
	pool.SetMaxIdleConns(n)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	d.write, d.read = pool, pool
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", d.Path, err)
	}
	if err := d.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	d.batch = newBatcher(d)
	return d, nil
}

// redactURL is the URL without its password, for errors and logs.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// PostgreSQL's error codes that linli answers for (Appendix A of its manual).
const (
	pgInvalidText          = "22P02"
	pgNumericRange         = "22003"
	pgDatetimeFormat       = "22007"
	pgDatetimeRange        = "22008"
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
	pgDiskFull             = "53100"
	pgOutOfMemory          = "53200"
	pgTooManyConnections   = "53300"
	pgAdminShutdown        = "57P01"
	pgCannotConnectNow     = "57P03"
)

// translatePostgres turns a PostgreSQL error into a domain error by its code, or returns nil.
func translatePostgres(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if pgconn.SafeToRetry(err) || errors.Is(err, context.DeadlineExceeded) && pgconn.Timeout(err) {
			return &linli.Error{Code: linli.EUnavailable, Message: "storage is unavailable; nothing was written"}
		}
		return nil
	}
	switch pe.Code {
	case pgUniqueViolation:
		return linli.Errorf(linli.EConflict, "that already exists")
	case pgForeignKeyViolation:
		return linli.Errorf(linli.ENotFound, "a referenced object does not exist")
	case pgInvalidText, pgNumericRange, pgDatetimeFormat, pgDatetimeRange:
		return linli.Errorf(linli.EInvalid, "a value given is not one this server can read")
	case pgSerializationFailure, pgDeadlockDetected, pgDiskFull, pgOutOfMemory, pgTooManyConnections, pgAdminShutdown, pgCannotConnectNow:
		return &linli.Error{Code: linli.EUnavailable, Message: "storage is busy or unavailable; nothing was written"}
	}
	return nil
}

// retryable reports whether a PostgreSQL transaction failed only because another ran at the same
// time: run again, it will see that one's writes.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == pgSerializationFailure || pe.Code == pgDeadlockDetected)
}
