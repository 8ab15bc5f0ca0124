package linli_test

import (
	"slices"
	"testing"
	"time"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/schedule"
)

// noBreaks is a day calendar in which every weekday is a school day.
type noBreaks struct{}

func (noBreaks) Day(d linli.Date) calendar.Day {
	w := d.ISOWeekday() < 6
	return calendar.Day{Date: d, IsWorkday: w, IsSchoolDay: w}
}

func visitDate(s string) linli.Date {
	d, err := linli.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestCadenceDates expands each cadence of a visit plan into its visit dates.
func TestCadenceDates(t *testing.T) {
	cases := []struct {
		cadence, start, end string
		want                []string
	}{
		{"weekly", "2026-09-03", "2026-09-24", []string{"2026-09-03", "2026-09-10", "2026-09-17", "2026-09-24"}},
		{"fortnightly", "2026-09-05", "2026-10-31", []string{"2026-09-05", "2026-09-19", "2026-10-03", "2026-10-17", "2026-10-31"}},
		{"monthly", "2026-09-15", "2026-12-31", []string{"2026-09-15", "2026-10-15", "2026-11-15", "2026-12-15"}},
		{"monthly", "2027-01-31", "2027-05-31", []string{"2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"}},
		{"monthly", "2027-01-29", "2027-03-31", []string{"2027-01-29", "2027-02-28", "2027-03-29"}},
		{"FREQ=WEEKLY;INTERVAL=3;BYDAY=MO", "2026-09-07", "2026-10-31", []string{"2026-09-07", "2026-09-28", "2026-10-19"}},
	}
	for _, c := range cases {
		p := &linli.VisitPlan{}
		start, end := visitDate(c.start), visitDate(c.end)
		ch := linli.VisitPlanChange{VolunteerIDs: &[]string{"v"}, Cadence: &c.cadence, StartDate: &start, EndDate: &end,
			StartTime: &linli.Clock{Hour: 9}, EndTime: &linli.Clock{Hour: 10}}
		if err := ch.Apply(p); err != nil {
			t.Fatalf("%s: %v", c.cadence, err)
		}
		occ, err := schedule.Expand(schedule.Spec(p.Schedule()), noBreaks{}, time.UTC)
		if err != nil {
			t.Fatalf("%s from %s (%s): %v", c.cadence, c.start, p.RRule, err)
		}
		var got []string
		for _, o := range occ {
			got = append(got, o.Date.String())
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s from %s (%s): %v, want %v", c.cadence, c.start, p.RRule, got, c.want)
		}
	}
}

// TestVisitPlanChange checks a plan's fields and the names of the program fields behind them.
func TestVisitPlanChange(t *testing.T) {
	for _, c := range []struct {
		ch    linli.VisitPlanChange
		field string
	}{
		{linli.VisitPlanChange{Cadence: ptr("weekly")}, "volunteer_ids"},
		{linli.VisitPlanChange{VolunteerIDs: &[]string{"a", "b", "a"}, Cadence: ptr("weekly")}, "volunteer_ids[2]"},
		{linli.VisitPlanChange{VolunteerIDs: &[]string{"a"}}, "cadence"},
		{linli.VisitPlanChange{VolunteerIDs: &[]string{"a"}, Cadence: ptr("  ")}, "cadence"},
	} {
		if err := c.ch.Apply(&linli.VisitPlan{}); linli.ErrorField(err) != c.field {
			t.Errorf("%+v: %v, want 400 on %s", c.ch, err, c.field)
		}
	}
	for in, want := range map[string]string{"schedule.rrule": "cadence", "schedule.end_date": "end_date", "staff_ids[1]": "volunteer_ids[1]", "title": "title"} {
		if got := linli.VisitPlanField(in); got != want {
			t.Errorf("VisitPlanField(%q) = %q, want %q", in, got, want)
		}
	}
}

func ptr(s string) *string { return &s }

// TestOverdue checks when a visit with no log and a household behind its cadence are overdue.
func TestOverdue(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	ended := time.Date(2026, 9, 5, 10, 0, 0, 0, loc)
	for _, c := range []struct {
		after time.Duration
		want  bool
	}{{47 * time.Hour, false}, {48 * time.Hour, false}, {48*time.Hour + time.Minute, true}, {30 * 24 * time.Hour, true}} {
		if got := linli.VisitOverdue(ended, ended.Add(c.after)); got != c.want {
			t.Errorf("visit ended %v ago: overdue %v, want %v", c.after, got, c.want)
		}
	}
	last := time.Date(2026, 9, 1, 9, 0, 0, 0, loc)
	for _, c := range []struct {
		now  time.Time
		last *time.Time
		want bool
	}{
		{time.Date(2026, 9, 15, 23, 0, 0, 0, loc), &last, false},
		{time.Date(2026, 9, 16, 0, 30, 0, 0, loc), &last, true},
		{time.Date(2026, 9, 2, 0, 0, 0, 0, loc), nil, true},
	} {
		if got := linli.HouseholdOverdue(c.last, 14, c.now, loc); got != c.want {
			t.Errorf("every 14 days, last %v, at %v: overdue %v, want %v", c.last, c.now, got, c.want)
		}
	}
}

// TestVisitLogEntry checks a visit log's outcome, minutes, notes and concerns.
func TestVisitLogEntry(t *testing.T) {
	n := func(v int) *int { return &v }
	for _, c := range []struct {
		e     linli.VisitLogEntry
		field string
	}{
		{linli.VisitLogEntry{Outcome: "done", Minutes: n(40)}, ""},
		{linli.VisitLogEntry{Outcome: "missed"}, ""},
		{linli.VisitLogEntry{Outcome: "done"}, "minutes"},
		{linli.VisitLogEntry{Outcome: "done", Minutes: n(0)}, "minutes"},
		{linli.VisitLogEntry{Outcome: "missed", Minutes: n(601)}, "minutes"},
		{linli.VisitLogEntry{Outcome: "maybe", Minutes: n(10)}, "outcome"},
		{linli.VisitLogEntry{Outcome: "done", Minutes: n(30), Concerns: []linli.NewConcern{{"repairs", "楼道灯坏了"}, {"noise", "x"}}}, "concerns[1].category"},
		{linli.VisitLogEntry{Outcome: "done", Minutes: n(30), Concerns: []linli.NewConcern{{"health", "  "}}}, "concerns[0].text"},
	} {
		if err := c.e.Validate(); linli.ErrorField(err) != c.field {
			t.Errorf("%+v: %v, want field %q", c.e, err, c.field)
		}
	}
}
