package demo

import (
	"context"
	"testing"
	"time"

	"github.com/linli/linli/internal/auth"
	"github.com/linli/linli/internal/storage"
	"github.com/linli/linli/internal/storage/storagetest"
	"github.com/linli/linli/internal/testclock"
)

// demoNow is the evening the dated demo tests seed on: Wednesday 2026-11-25, 20:00 in Shanghai.
var demoNow = time.Date(2026, 11, 25, 20, 0, 0, 0, time.FixedZone("CST", 8*3600))

// seeded opens a fresh database with cheap password hashing, sets its clock to now (the test
// clock of internal/testclock when now is zero, never the wall clock) and seeds the demo into it.
func seeded(t *testing.T, now time.Time) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, storagetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Hasher = auth.NewHasher(auth.TestParams, 4)
	db.Now = testclock.Started(t).Now
	if !now.IsZero() {
		db.Now = func() time.Time { return now }
	}
	if _, err := Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}
