package calendar_test

import (
	"strings"
	"testing"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

func TestValidateEntries(t *testing.T) {
	valid := func() []calendar.Entry {
		return []calendar.Entry{
			{Date: date(t, "2026-07-06"), Kind: calendar.KindSchoolBreak, Note: "暑假"},
			{Date: date(t, "2026-09-30"), Kind: calendar.KindHoliday},
			{Date: date(t, "2026-10-11"), Kind: calendar.KindWorkday, FollowsWeekday: 4, Note: "调休"},
		}
	}
	if err := calendar.ValidateEntries(valid()); err != nil {
		t.Fatalf("valid entries refused: %v", err)
	}
	cases := []struct {
		name   string
		change func(e []calendar.Entry) []calendar.Entry
		field  string
	}{
		{"no date", func(e []calendar.Entry) []calendar.Entry { e[0].Date = linli.Date{}; return e }, "days[0].date"},
		{"unknown kind", func(e []calendar.Entry) []calendar.Entry { e[1].Kind = "vacation"; return e }, "days[1].kind"},
		{"no kind", func(e []calendar.Entry) []calendar.Entry { e[2].Kind = ""; return e }, "days[2].kind"},
		{"duplicate date", func(e []calendar.Entry) []calendar.Entry { e[2].Date = e[0].Date; return e }, "days[2].date"},
		{"long note", func(e []calendar.Entry) []calendar.Entry { e[1].Note = strings.Repeat("假", 101); return e }, "days[1].note"},
		{"follows on a holiday", func(e []calendar.Entry) []calendar.Entry { e[1].FollowsWeekday = 2; return e }, "days[1].follows_weekday"},
		{"follows on a break", func(e []calendar.Entry) []calendar.Entry { e[0].FollowsWeekday = 2; return e }, "days[0].follows_weekday"},
		{"follows a Saturday", func(e []calendar.Entry) []calendar.Entry { e[2].FollowsWeekday = 6; return e }, "days[2].follows_weekday"},
		{"follows a negative day", func(e []calendar.Entry) []calendar.Entry { e[2].FollowsWeekday = -1; return e }, "days[2].follows_weekday"},
		{"too many", func([]calendar.Entry) []calendar.Entry { return make([]calendar.Entry, calendar.MaxEntries+1) }, "days"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantInvalid(t, calendar.ValidateEntries(tc.change(valid())), tc.field)
		})
	}
}

func TestExpand(t *testing.T) {
	days := []calendar.Entry{{Date: date(t, "2026-01-20"), Kind: calendar.KindHoliday, Note: "市假"}}
	ranges := []calendar.Range{
		{From: date(t, "2026-01-24"), To: date(t, "2026-03-01"), Kind: calendar.KindSchoolBreak, Note: "寒假"},
		{From: date(t, "2026-07-04"), To: date(t, "2026-07-04"), Kind: calendar.KindWorkday},
	}
	entries, err := calendar.Expand(days, ranges)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1+37+1 || entries[0] != days[0] || entries[1].Date != date(t, "2026-01-24") ||
		entries[37].Date != date(t, "2026-03-01") || entries[37].Note != "寒假" || entries[38].Kind != calendar.KindWorkday {
		t.Errorf("Expand gave %v", entries)
	}
	city := calendar.New(calendar.Builtin(), entries, nil)
	if !city.IsWorkday(date(t, "2026-02-10")) || city.IsSchoolDay(date(t, "2026-02-10")) || city.IsWorkday(date(t, "2026-01-20")) {
		t.Error("the expanded entries do not make the break and the holiday")
	}

	long := calendar.Range{From: date(t, "2026-01-01"), To: date(t, "2027-01-02"), Kind: calendar.KindSchoolBreak}
	cases := []struct {
		name   string
		days   []calendar.Entry
		ranges []calendar.Range
		field  string
	}{
		{"bad day", []calendar.Entry{{Date: date(t, "2026-01-20")}}, nil, "days[0].kind"},
		{"no first date", nil, []calendar.Range{{To: date(t, "2026-01-20"), Kind: calendar.KindHoliday}}, "ranges[0].from"},
		{"no last date", nil, []calendar.Range{{From: date(t, "2026-01-20"), Kind: calendar.KindHoliday}}, "ranges[0].to"},
		{"backwards", nil, []calendar.Range{ranges[1], {From: date(t, "2026-01-20"), To: date(t, "2026-01-19"), Kind: calendar.KindHoliday}}, "ranges[1].to"},
		{"longer than a year", nil, []calendar.Range{long}, "ranges[0].to"},
		{"unknown kind", nil, []calendar.Range{{From: date(t, "2026-01-20"), To: date(t, "2026-01-20"), Kind: "x"}}, "ranges[0].kind"},
		{"long note", nil, []calendar.Range{{From: date(t, "2026-01-20"), To: date(t, "2026-01-20"), Kind: calendar.KindHoliday, Note: strings.Repeat("假", 101)}}, "ranges[0].note"},
		{"range over a day", []calendar.Entry{{Date: date(t, "2026-02-01"), Kind: calendar.KindHoliday}}, ranges, "ranges[0]"},
		{"ranges overlap", nil, []calendar.Range{ranges[0], {From: date(t, "2026-03-01"), To: date(t, "2026-03-05"), Kind: calendar.KindSchoolBreak}}, "ranges[1]"},
		{"too many dates", nil, repeatYears(t, 12), "ranges"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			entries, err := calendar.Expand(tc.days, tc.ranges)
			wantInvalid(t, err, tc.field)
			if entries != nil {
				t.Error("a refused change still gave entries")
			}
		})
	}
}

// repeatYears returns n ranges of 365 days, one after another from 2030.
func repeatYears(t *testing.T, n int) []calendar.Range {
	t.Helper()
	var out []calendar.Range
	from := date(t, "2030-01-01")
	for range n {
		out = append(out, calendar.Range{From: from, To: from.AddDays(364), Kind: calendar.KindSchoolBreak})
		from = from.AddDays(365)
	}
	return out
}
