package linli

import (
	"testing"
	"time"
)

// TestVisitsReportCounts: a visit is done, missed, overdue once VisitLogDeadline has passed
// with no log, else upcoming; an open trouble is counted by its age in whole days: under 7,
// 7 to 30 (both included), over 30.
func TestVisitsReportCounts(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	visits := []VisitFact{
		{CommunityID: "a", Outcome: VisitDone, EndsAt: now.Add(-10 * day)},
		{CommunityID: "a", Outcome: VisitMissed, EndsAt: now.Add(-10 * day)},
		{CommunityID: "a", EndsAt: now.Add(-VisitLogDeadline - time.Minute)},
		{CommunityID: "a", EndsAt: now.Add(-VisitLogDeadline)},
		{CommunityID: "b", EndsAt: now.Add(day)},
		{CommunityID: "elsewhere", Outcome: VisitDone, EndsAt: now},
	}
	troubles := []TroubleFact{
		{CommunityID: "a", Status: ConcernOpen, RaisedAt: now.Add(-7*day + time.Minute)},
		{CommunityID: "a", Status: ConcernInProgress, RaisedAt: now.Add(-7 * day)},
		{CommunityID: "a", Status: ConcernOpen, RaisedAt: now.Add(-31*day + time.Minute)},
		{CommunityID: "b", Status: ConcernOpen, RaisedAt: now.Add(-31 * day)},
		{CommunityID: "b", Status: ConcernResolved, RaisedAt: now.Add(-40 * day)},
	}
	rows, total := SummariseVisits([]CommunityRef{{"a", "甲社区"}, {"b", "乙社区"}}, visits, troubles, now, LocaleZH)
	wantA := VisitsRow{Key: "a", Label: "甲社区", Planned: 4, Done: 1, Missed: 1, Overdue: 1, Upcoming: 1,
		TroublesFound: 3, Open: 3, OpenUnder7d: 1, Open7To30d: 2}
	wantB := VisitsRow{Key: "b", Label: "乙社区", Planned: 1, Upcoming: 1, TroublesFound: 2, Resolved: 1, Open: 1, OpenOver30d: 1}
	if len(rows) != 2 || rows[0] != wantA || rows[1] != wantB {
		t.Errorf("rows %+v, want %+v and %+v", rows, wantA, wantB)
	}
	if want := wantA.Plus(wantB); total.Planned != want.Planned || total.Open7To30d != 2 || total.Resolved != 1 || total.Label != "合计" {
		t.Errorf("totals %+v", total)
	}
}
