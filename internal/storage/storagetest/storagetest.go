// Package storagetest gives the tests of other packages a database of their own, on SQLite or on
// PostgreSQL as the run asks (see internal/testdb), copied from a template that storage migrated.
package storagetest

import (
	"context"
	"sync"
	"testing"

	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/testdb"
)

// DSN returns the name of a new database for the test, for storage.Open.
func DSN(t testing.TB) string {
	t.Helper()
	setMigrate.Do(func() { testdb.Migrate = Migrate })
	return testdb.DSN(t)
}

var setMigrate sync.Once

// PostgresDSN returns the URL of a new database on the run's PostgreSQL server, whatever the
// run's database (see testdb.PostgresDSN).
func PostgresDSN(t testing.TB) string {
	t.Helper()
	setMigrate.Do(func() { testdb.Migrate = Migrate })
	return testdb.PostgresDSN(t)
}

// Migrate opens the database at dsn, which migrates it, and closes it.
func Migrate(ctx context.Context, dsn string) error {
	d, err := storage.Open(ctx, dsn)
	if err != nil {
		return err
	}
	return d.Close()
}
