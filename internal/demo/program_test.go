package demo

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedPrograms seeds the demo and checks its calendar and programs: the after-school care
// stops for the winter break, the holiday classes run in it, and nothing clashes.
func TestSeedPrograms(t *testing.T) {
	ctx := context.Background()
	db := seeded(t, demoNow)
	planning := storage.Planning{DB: db}
	programs, _, err := planning.FindPrograms(ctx, nil, linli.ProgramFilter{})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, p := range programs {
		titles[p.Title] = p.ID
	}
	// 11 planned through the year, and 5 in the two application rounds (rounds.go).
	if len(programs) != 16 || titles["四点半课堂"] == "" || titles["寒假书法班"] == "" || titles["居民议事会"] == "" ||
		titles["亲子绘本共读"] == "" || titles["社区图书角整理"] == "" {
		t.Fatalf("programs %v", titles)
	}
	care, _, err := planning.FindSessions(ctx, nil, linli.SessionFilter{ProgramID: titles["四点半课堂"], From: date("2027-01-18"), To: date("2027-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	if len(care) != 5 || care[4].LocalDate != date("2027-01-22") {
		t.Errorf("after-school sessions in the week before the break: %d", len(care))
	}
	classes, _, err := planning.FindSessions(ctx, nil, linli.SessionFilter{Kind: linli.KindHolidayClass, From: date("2027-01-25"), To: date("2027-01-29")})
	if err != nil {
		t.Fatal(err)
	}
	if len(classes) != 10 {
		t.Errorf("%d holiday classes in the first week of the break, want 10", len(classes))
	}
	if _, err := Seed(ctx, db); err != nil {
		t.Errorf("seeding again: %v", err)
	}
}
