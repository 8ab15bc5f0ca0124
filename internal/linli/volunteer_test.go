package linli

import (
	"testing"
	"time"
)

func volTestSession(kind string) *Session {
	loc := time.FixedZone("CST", 8*3600)
	return &Session{ID: "s", Kind: kind, Status: SessionScheduled,
		StartsAt: time.Date(2026, 9, 5, 9, 0, 0, 0, loc), EndsAt: time.Date(2026, 9, 5, 11, 0, 0, 0, loc)}
}

// TestParseServiceTimes checks the hours of a service record: whole minutes from check-in to
// check-out, within three hours of the session, never in the future.
func TestParseServiceTimes(t *testing.T) {
	s := volTestSession(KindVolunteerShift)
	now := time.Date(2026, 9, 6, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in, out string
		minutes int
		field   string
	}{
		{"2026-09-05T08:45:00+08:00", "2026-09-05T11:15:30+08:00", 150, ""},
		{"2026-09-05T01:00:00Z", "2026-09-05T03:00:00Z", 120, ""},
		{"2026-09-05T06:00:00+08:00", "2026-09-05T10:00:00+08:00", 240, ""},
		{"2026-09-05T05:59:00+08:00", "2026-09-05T10:00:00+08:00", 0, "records[0].check_in"},
		{"2026-09-05T09:00:00+08:00", "2026-09-05T14:01:00+08:00", 0, "records[0].check_out"},
		{"2026-09-05T10:00:00+08:00", "2026-09-05T09:00:00+08:00", 0, "records[0].check_out"},
		{"2026-09-05T09:00:00+08:00", "2026-09-05T09:00:59+08:00", 0, "records[0].check_out"},
		{"9:00", "2026-09-05T10:00:00+08:00", 0, "records[0].check_in"},
		{"2026-09-05T09:00:00+08:00", "", 0, "records[0].check_out"},
	}
	for _, c := range cases {
		got, err := ParseServiceTimes("records[0]", c.in, c.out, s, now)
		if ErrorField(err) != c.field || err == nil && got.Minutes() != c.minutes {
			t.Errorf("%s–%s: %d minutes, %v; want %d minutes, field %q", c.in, c.out, got.Minutes(), err, c.minutes, c.field)
		}
	}
	early := time.Date(2026, 9, 5, 2, 30, 0, 0, time.UTC) // 10:30 in Shanghai
	if _, err := ParseServiceTimes("", "2026-09-05T09:00:00+08:00", "2026-09-05T11:00:00+08:00", s, early); ErrorField(err) != "check_out" {
		t.Errorf("a check-out in the future: %v", err)
	}
}

// TestHours rounds minutes to hours with two decimals.
func TestHours(t *testing.T) {
	for minutes, want := range map[int]float64{0: 0, 1: 0.02, 30: 0.5, 45: 0.75, 50: 0.83, 90: 1.5, 100: 1.67, 600: 10} {
		if got := Hours(minutes); got != want {
			t.Errorf("Hours(%d) = %v, want %v", minutes, got, want)
		}
	}
}

// TestJoinAndLeave checks when a volunteer may join and leave a shift.
func TestJoinAndLeave(t *testing.T) {
	s := volTestSession(KindVolunteerShift)
	before := s.StartsAt.Add(-2 * time.Hour)
	if err := CheckJoin(s, before); err != nil {
		t.Errorf("join two hours before: %v", err)
	}
	if err := CheckJoin(s, s.StartsAt); ErrorCode(err) != ESessionClosed {
		t.Errorf("join at the start: %v", err)
	}
	if err := CheckJoin(volTestSession(KindAfterSchool), before); ErrorCode(err) != EConflict {
		t.Errorf("join a care session: %v", err)
	}
	cancelled := volTestSession(KindVolunteerShift)
	cancelled.Status = SessionCancelled
	if err := CheckJoin(cancelled, before); ErrorCode(err) != ESessionClosed {
		t.Errorf("join a cancelled shift: %v", err)
	}
	if err := CheckLeave(s, 120, before.Add(-time.Minute)); err != nil {
		t.Errorf("leave just before a 2-hour cutoff: %v", err)
	}
	if err := CheckLeave(s, 120, before); ErrorCode(err) != ESessionClosed {
		t.Errorf("leave at the cutoff: %v", err)
	}
}

// TestSummariseService groups approved records by volunteer, kind and month, summing minutes
// before rounding.
func TestSummariseService(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	facts := []ServiceFact{
		{"u1", "周强", KindVolunteerShift, at(9, 5, 9), 20},
		{"u1", "周强", KindNeighborVisit, at(9, 30, 23), 20},
		{"u2", "吴敏", KindNeighborVisit, at(10, 1, 0), 20},
		{"u2", "吴敏", KindVolunteerShift, at(10, 3, 9), 120},
	}
	byVolunteer := SummariseService(facts, GroupByVolunteer, loc)
	if r := byVolunteer.Rows; len(r) != 2 || r[0].Label != "吴敏" || r[0].Hours != 2.33 || r[1].Hours != 0.67 || r[1].Records != 2 {
		t.Errorf("by volunteer: %+v", r)
	}
	if tot := byVolunteer.Totals; tot.Records != 4 || tot.Hours != 3 || tot.Volunteers != 2 {
		t.Errorf("totals: %+v (180 minutes are 3 hours, not the sum of rounded rows)", tot)
	}
	byKind := SummariseService(facts, GroupByKind, loc).Rows
	if len(byKind) != 2 || byKind[0].Key != KindVolunteerShift || byKind[0].Hours != 2.33 || byKind[1].Label != "入户走访（我是对门）" {
		t.Errorf("by kind: %+v", byKind)
	}
	byMonth := SummariseService(facts, GroupByMonth, loc).Rows
	if len(byMonth) != 2 || byMonth[0].Key != "2026-09" || byMonth[0].Records != 2 || byMonth[1].Key != "2026-10" || byMonth[1].Records != 2 {
		t.Errorf("by month (local 9/30 23:00 is September): %+v", byMonth)
	}
	if empty := SummariseService(nil, GroupByMonth, loc); empty.Rows == nil || len(empty.Rows) != 0 {
		t.Errorf("no records: %+v, want an empty list", empty)
	}
}
