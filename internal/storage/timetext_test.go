package storage

import (
	"testing"
	"time"
)

// TestStoredInstantsThatDoNotParseAreErrors: a row written before instants past 9999 were
// refused holds "10000-…"; scanning it fails instead of reading the year 1.
func TestStoredInstantsThatDoNotParseAreErrors(t *testing.T) {
	var i instant
	if err := i.Scan("10000-01-01T04:00:00.000000Z"); err == nil {
		t.Fatalf("year 10000 scanned as %v", i.Time)
	}
	for _, bad := range []any{"", "2026-13-01T00:00:00.000000Z", []byte("yesterday"), 42} {
		if err := i.Scan(bad); err == nil {
			t.Errorf("%#v scanned as %v", bad, i.Time)
		}
	}
	if err := i.Scan("2026-09-07T08:30:00.000000Z"); err != nil || !i.Equal(time.Date(2026, 9, 7, 8, 30, 0, 0, time.UTC)) {
		t.Fatalf("a good instant: %v, %v", i.Time, err)
	}
	var n nullInstant
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Fatalf("NULL: %+v, %v", n, err)
	}
	if err := n.Scan("10000-01-01T04:00:00.000000Z"); err == nil {
		t.Fatal("a nullable year 10000 scanned")
	}
}
