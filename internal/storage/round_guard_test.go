package storage

import (
	"context"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// TestTheDrawRePlansWhatACalendarChangeLeftFrozen: a school break marked while a round's program
// is frozen leaves its sessions alone; re-planning the round's programs at the draw cancels the
// sessions in the break.
func TestTheDrawRePlansWhatACalendarChangeLeftFrozen(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	name := "幸福里社区"
	c, err := Communities{d}.CreateCommunity(ctx, testAdmin, linli.Given(linli.CommunityChange{Name: &name}))
	if err != nil {
		t.Fatal(err)
	}
	city, err := Planning{d}.CreateCalendar(ctx, testAdmin, linli.Given(linli.NewCalendar{Name: "沈阳市中小学校历", BaseID: "cn"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Communities{d}).UpdateCommunity(ctx, testAdmin, c.ID, linli.Given(linli.CommunityChange{CalendarID: &city.ID})); err != nil {
		t.Fatal(err)
	}
	loc := c.Location()
	start := linli.DateOf(d.Now(), loc).AddDays(14)
	kind, title, seats := linli.KindHolidayClass, "书法", 10
	p, err := Planning{d}.CreateProgram(ctx, testAdmin, c.ID, linli.Given(linli.ProgramChange{Kind: &kind, Title: &title, Capacity: &seats,
		StaffIDs: &[]string{}, Schedule: &linli.Schedule{StartDate: start, EndDate: start.AddDays(13), StartTime: linli.Clock{Hour: 9},
			EndTime: linli.Clock{Hour: 11}, DayFilter: "non_school_days"}}))
	if err != nil {
		t.Fatal(err)
	}
	now, round := fmtTime(d.Now()), newID()
	for _, q := range [][]any{
		{`INSERT INTO rounds (id, community_id, title, opens_at, closes_at, max_wishes, max_places_per_child, closed_at, created_at, updated_at)
			VALUES (?, ?, '寒假书法', ?, ?, 3, 1, ?, ?, ?)`, round, c.ID, fmtTime(d.Now().Add(-48 * time.Hour)), now, now, now, now},
		{`INSERT INTO round_programs (round_id, program_id) VALUES (?, ?)`, round, p.Program.ID},
	} {
		if _, err := d.write.Exec(q[0].(string), q[1:]...); err != nil {
			t.Fatal(err)
		}
	}
	scheduled := func() int {
		var n int
		if err := d.read.QueryRow(`SELECT COUNT(*) FROM sessions WHERE program_id = ? AND status = 'scheduled'`, p.Program.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := scheduled()
	if before >= 14 {
		t.Fatalf("the class has %d sessions in its 14 days before the break: it must have school days", before)
	}
	// A break makes its weekdays school-free: a non_school_days class gains them.
	_, err = Planning{d}.MarkDays(ctx, testAdmin, city.ID, linli.Given(linli.DaysChange{Ranges: []linli.DayRange{
		{From: start, To: start.AddDays(13), Kind: "school_break", Note: "寒假"}}}))
	if err != nil {
		t.Fatal(err)
	}
	if got := scheduled(); got != before {
		t.Fatalf("the frozen program has %d sessions after the break was marked, want its %d", got, before)
	}
	if _, err := d.write.Exec(`UPDATE rounds SET drawn_at = ? WHERE id = ?`, now, round); err != nil {
		t.Fatal(err)
	}
	var sum linli.ReplanSummary
	err = d.inTx(ctx, func(tx *Tx) (err error) {
		sum, err = replanRoundPrograms(ctx, tx, nil, round)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := scheduled(); got != 14 || sum.Programs != 1 {
		t.Errorf("after the draw: %d sessions, %d programs re-planned; want all 14 days of the break and 1", got, sum.Programs)
	}
}
