package demo

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/storage"
)

// TestSeedVolunteers seeds the demo on 2026-11-25 and checks what a coordinator and a volunteer
// find: visit plans for every household with needs, logged visits (done and missed), troubles
// open, in progress and resolved, overdue visits of the last week, sign-ups for the coming
// Saturday and approved hours.
func TestSeedVolunteers(t *testing.T) {
	ctx := context.Background()
	db := seeded(t, demoNow)
	var plans, done, missed int
	read := db.ReadPool()
	read.QueryRow(`SELECT COUNT(*) FROM visit_plans`).Scan(&plans)
	read.QueryRow(`SELECT COUNT(*) FROM visit_logs WHERE outcome = 'done'`).Scan(&done)
	read.QueryRow(`SELECT COUNT(*) FROM visit_logs WHERE outcome = 'missed'`).Scan(&missed)
	if plans != 36 || done < 100 || missed < 10 {
		t.Errorf("%d visit plans, %d done and %d missed visits", plans, done, missed)
	}
	cs := storage.Communities{DB: db}
	communities, _, err := cs.FindCommunities(ctx, linli.Page{})
	if err != nil {
		t.Fatal(err)
	}
	admin := &linli.Actor{User: linli.User{ID: "admin", IsAdmin: true}}
	vs := storage.Volunteers{DB: db}
	concerns, _, err := vs.FindConcerns(ctx, admin, communities[0].ID, linli.ConcernFilter{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, c := range concerns {
		statuses[c.Status]++
	}
	if statuses["in_progress"] == 0 || statuses["resolved"] == 0 || len(concerns) != 12 {
		t.Errorf("troubles by status: %v", statuses)
	}
	overdue, err := vs.FindOverdueVisits(ctx, admin, communities[0].ID)
	if err != nil || len(overdue.Visits) == 0 {
		t.Errorf("overdue visits: %+v, %v", overdue, err)
	}
	rep, err := vs.VolunteerHours(ctx, admin, communities[0].ID, linli.Given(linli.ServiceHoursFilter{GroupBy: linli.GroupByKind}))
	if err != nil || len(rep.Rows) != 2 || rep.Totals.Volunteers != 4 {
		t.Errorf("approved hours by kind: %+v, %v", rep, err)
	}
	saturday, _, err := storage.Planning{DB: db}.FindSessions(ctx, admin, linli.SessionFilter{Kind: linli.KindVolunteerShift, From: date("2026-11-28"), To: date("2026-11-28")})
	if err != nil || len(saturday) != 1 || saturday[0].Confirmed != 2 {
		t.Errorf("the coming Saturday shift: %+v, %v", saturday, err)
	}
}
