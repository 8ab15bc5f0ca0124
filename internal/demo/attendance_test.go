package demo

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedAttendance seeds the demo on 2026-11-25 and reads the class-hour reports a coordinator
// would: the summer classes and the after-school term so far delivered, hours for each teacher
// type, children attending, and ratings of the summer classes.
func TestSeedAttendance(t *testing.T) {
	ctx := context.Background()
	now := demoNow
	db := seeded(t, now)
	if !db.Now().Equal(now) {
		t.Fatalf("the demo left the clock at %v", db.Now())
	}
	communities, _, err := storage.Communities{DB: db}.FindCommunities(ctx, linli.Page{})
	if err != nil {
		t.Fatal(err)
	}
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true, Locale: linli.LocaleZH}}
	att := storage.Attendance{DB: db}
	byType, err := att.ClassHours(ctx, admin, linli.ClassHoursFilter{CommunityID: communities[0].ID, GroupBy: linli.ClassHoursByTeacherType})
	if err != nil {
		t.Fatal(err)
	}
	if len(byType.Rows) != 3 || byType.Totals.Sessions < 80 || byType.Totals.ChildHours < 5*byType.Totals.Hours {
		t.Errorf("by teacher type: %+v, totals %+v", byType.Rows, byType.Totals)
	}
	byProgram, err := att.ClassHours(ctx, admin, linli.ClassHoursFilter{CommunityID: communities[0].ID, GroupBy: linli.ClassHoursByProgram})
	if err != nil {
		t.Fatal(err)
	}
	rated := 0
	for _, r := range byProgram.Rows {
		if r.RatingAvg != nil && *r.RatingCount > 5 {
			rated++
		}
	}
	if len(byProgram.Rows) != 3 || rated != 2 {
		t.Errorf("by program: %+v", byProgram.Rows)
	}
	var absent, late, collected, afterSchool int
	read := db.ReadPool()
	read.QueryRow(`SELECT COUNT(*) FILTER (WHERE status = 'absent'), COUNT(*) FILTER (WHERE status = 'late') FROM attendance`).Scan(&absent, &late)
	read.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE a.picked_up_kind IN ('guardian', 'pickup_person')) FROM attendance a
		JOIN sessions s ON s.id = a.session_id WHERE s.kind = 'after_school' AND a.status <> 'absent'`).Scan(&afterSchool, &collected)
	if absent == 0 || late == 0 || afterSchool == 0 || collected != afterSchool {
		t.Errorf("%d absent, %d late; %d of %d after-school children handed to a guardian or pickup person", absent, late, collected, afterSchool)
	}
	var future int
	read.QueryRow(`SELECT COUNT(*) FROM sessions WHERE status = 'delivered' AND ends_at > ?`, now.UTC().Format("2006-01-02T15:04:05.000000Z")).Scan(&future)
	if future != 0 {
		t.Errorf("%d sessions delivered before they ended", future)
	}
}
