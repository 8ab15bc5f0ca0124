package storage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestPlanningAClashLeavesItOutOrRefusesTheChange plans two more sessions beside a class taught by
// 赵芳 in 书画室 on 09:00–10:30: one at 10:00 in the same room with the same teacher, one starting
// as the class ends. A re-plan that follows the day calendar adds the second and reports the
// first; a coordinator's own change is refused by the clash, and nothing of it is written.
func TestPlanningAClashLeavesItOutOrRefusesTheChange(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	session, _, _ := seedRush(t, d, 1, 1)
	community := communityOf(t, d, session)
	room, err := Communities{d}.CreateVenue(ctx, testAdmin, community, linli.Given(linli.Venue{Name: "书画室", Capacity: 30, Address: "一楼"}))
	if err != nil {
		t.Fatal(err)
	}
	zhao, err := Accounts{d}.Register(ctx, linli.Registration{Name: "赵芳", Login: "13800000101", Password: "long-enough-password"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Communities{d}).AddMember(ctx, testAdmin, community, linli.Given(linli.NewMember{UserID: zhao.ID, Role: linli.RoleTeacher, TeacherType: linli.TeacherCommunity})); err != nil {
		t.Fatal(err)
	}
	loc := location(linli.DefaultTimezone)
	day := linli.DateOf(d.Now(), loc).AddDays(2)
	p := createClass(t, d, community, day, linli.Clock{Hour: 9}, linli.Clock{Hour: 10, Minute: 30}, 20, &room.ID, []string{zhao.ID})
	slot := func(hour, minute int) linli.Slot {
		start := day.At(linli.Clock{Hour: hour, Minute: minute}, loc)
		return linli.Slot{Date: day, Start: start, End: start.Add(90 * time.Minute)}
	}
	clashing, after := linli.NewSession(p, slot(10, 0)), linli.NewSession(p, slot(10, 30))
	count := func() int {
		var n int
		if err := d.read.QueryRow(`SELECT COUNT(*) FROM sessions WHERE program_id = ?`, p.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	err = d.inTx(ctx, func(tx *Tx) error {
		return newSessionWriter(ctx, tx, community, true).apply(linli.PlanDiff{Add: []linli.Session{after, clashing}})
	})
	if linli.ErrorCode(err) != linli.EVenueConflict || count() != 1 {
		t.Fatalf("a coordinator's change: %v, %d sessions; want venue_conflict and the class alone", err, count())
	}

	var w *sessionWriter
	err = d.inTx(ctx, func(tx *Tx) error {
		w = newSessionWriter(ctx, tx, community, false)
		return w.apply(linli.PlanDiff{Add: []linli.Session{after, clashing}})
	})
	want := "书画室 is already taken at " + day.String() + " 10:00 by session "
	if err != nil || w.added != 1 || count() != 2 || len(w.policy.Clashes) != 1 || !strings.HasPrefix(w.policy.Clashes[0], want) {
		t.Fatalf("a calendar re-plan: %v, added %d (%d sessions), clashes %q; want the 10:30 session added and the 10:00 one reported", err, w.added, count(), w.policy.Clashes)
	}
}
