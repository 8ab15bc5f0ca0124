package schedule

import (
	"errors"
	"slices"
	"testing"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// cityCalendar is the built-in calendar with a winter break over 2027-01-16 … 2027-02-28 and the
// given make-up days' timetables (date → weekday followed).
func cityCalendar(follows map[string]int) *calendar.Calendar {
	var entries []calendar.Entry
	for d := date("2027-01-16"); !d.After(date("2027-02-28")); d = d.AddDays(1) {
		entries = append(entries, calendar.Entry{Date: d, Kind: calendar.KindSchoolBreak, Note: "寒假"})
	}
	for day, w := range follows {
		entries = append(entries, calendar.Entry{Date: date(day), Kind: calendar.KindWorkday, FollowsWeekday: w, Note: "调休"})
	}
	return calendar.New(calendar.Builtin(), entries, nil)
}

// weekendDates returns the Saturdays and Sundays among the occurrences.
func weekendDates(occ []Occurrence) []string {
	out := []string{}
	for _, o := range occ {
		if o.Date.ISOWeekday() >= 6 {
			out = append(out, o.Date.String())
		}
	}
	return out
}

func TestMakeupWorkdaysKeepSchoolWeeksWhole(t *testing.T) {
	cn := calendar.Builtin()
	city := cityCalendar(nil)
	cityTimetable := cityCalendar(map[string]int{"2027-05-08": 2, "2027-09-26": 4, "2027-10-09": 5})
	monFri := []int{1, 2, 3, 4, 5}
	y2026 := [2]string{"2026-09-01", "2026-10-31"}
	y2027 := [2]string{"2027-01-01", "2027-12-31"}
	cases := []struct {
		name     string
		days     *calendar.Calendar
		span     [2]string
		weekdays []int
		rrule    string
		filter   string
		extra    []string
		want     []string // the weekend dates planned
	}{
		{"Mon–Fri school days, autumn 2026", cn, y2026, monFri, "", SchoolDays, nil, []string{"2026-09-20", "2026-10-10"}},
		{"Mon–Fri school days, 2027", cn, y2027, monFri, "", SchoolDays, nil,
			[]string{"2027-01-31", "2027-02-14", "2027-05-08", "2027-09-26", "2027-10-09"}},
		{"Mon–Fri school days, 2027, winter break in the city", city, y2027, monFri, "", SchoolDays, nil,
			[]string{"2027-05-08", "2027-09-26", "2027-10-09"}},
		{"Mon–Fri break workdays: exactly the make-up days inside the break", city, y2027, monFri, "", BreakWorkdays, nil,
			[]string{"2027-01-31", "2027-02-14"}},
		{"Mon–Fri break workdays without any break", cn, y2027, monFri, "", BreakWorkdays, nil, []string{}},
		{"Tue/Thu without a timetable: no make-up day", cn, y2027, []int{2, 4}, "", SchoolDays, nil, []string{}},
		{"Tue/Thu when the city says Tuesday or Thursday", cityTimetable, y2027, []int{2, 4}, "", SchoolDays, nil,
			[]string{"2027-05-08", "2027-09-26"}},
		{"Fridays when the city says Friday", cityTimetable, y2027, []int{5}, "", SchoolDays, nil, []string{"2027-10-09"}},
		{"extra dates are added whatever the rule and filter", cn, y2027, []int{2, 4}, "", SchoolDays,
			[]string{"2027-10-09", "2027-02-06"}, []string{"2027-02-06", "2027-10-09"}},
		{"weekly BYDAY Mon–Fri", cn, y2026, nil, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", SchoolDays, nil, []string{"2026-09-20", "2026-10-10"}},
		{"weekly BYDAY Mon–Fri, city break", city, y2027, nil, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", SchoolDays, nil,
			[]string{"2027-05-08", "2027-09-26", "2027-10-09"}},
		{"weekly BYDAY Mon–Fri on break workdays", city, y2027, nil, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", BreakWorkdays, nil,
			[]string{"2027-01-31", "2027-02-14"}},
		{"weekly BYDAY Tue/Thu, city timetable", cityTimetable, y2027, nil, "FREQ=WEEKLY;BYDAY=TU,TH", SchoolDays, nil,
			[]string{"2027-05-08", "2027-09-26"}},
		{"weekly BYDAY Tue/Thu without a timetable", cn, y2027, nil, "FREQ=WEEKLY;BYDAY=TU,TH", SchoolDays, nil, []string{}},
		{"BYSETPOS: no make-up days", cn, y2027, nil, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1", SchoolDays, nil, []string{}},
		{"daily rule: no make-up days", cn, y2027, nil, "FREQ=DAILY", SchoolDays, nil, []string{}},
		{"daily rule with the make-up days added by hand", cn, y2027, nil, "FREQ=DAILY", SchoolDays, []string{"2027-05-08"}, []string{"2027-05-08"}},
		{"no weekdays: every make-up day the filter passes", city, y2027, nil, "", SchoolDays, nil,
			[]string{"2027-05-08", "2027-09-26", "2027-10-09"}},
		{"all days: plain weekdays", cn, y2026, monFri, "", AllDays, nil, []string{}},
		{"non-school days: plain weekdays", cn, y2026, []int{6, 7}, "", NonSchoolDays, nil,
			[]string{"2026-09-05", "2026-09-06", "2026-09-12", "2026-09-13", "2026-09-19", "2026-09-26", "2026-09-27",
				"2026-10-03", "2026-10-04", "2026-10-11", "2026-10-17", "2026-10-18", "2026-10-24", "2026-10-25", "2026-10-31"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{StartDate: date(tc.span[0]), EndDate: date(tc.span[1]), StartTime: linli.Clock{Hour: 16, Minute: 30},
				EndTime: linli.Clock{Hour: 18}, Weekdays: tc.weekdays, RRule: tc.rrule, DayFilter: tc.filter}
			for _, e := range tc.extra {
				s.ExtraDates = append(s.ExtraDates, date(e))
			}
			occ, err := Expand(s, tc.days, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			if got := weekendDates(occ); !slices.Equal(got, tc.want) {
				t.Errorf("weekend sessions %v, want %v", got, tc.want)
			}
			for _, o := range occ {
				day := tc.days.Day(o.Date)
				if !day.IsWorkday && (tc.filter == SchoolDays || tc.filter == BreakWorkdays) && !slices.Contains(tc.extra, o.Date.String()) {
					t.Errorf("a session on %s, a day off (%s)", o.Date, day.Reason)
				}
			}
		})
	}
}

func TestBreakWorkdaysWinterClass2027(t *testing.T) {
	s := Spec{StartDate: date("2027-01-18"), EndDate: date("2027-02-28"), StartTime: linli.Clock{Hour: 9},
		EndTime: linli.Clock{Hour: 11}, DayFilter: BreakWorkdays}
	occ, err := Expand(s, cityCalendar(nil), shanghai)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range occ {
		got = append(got, o.Date.String())
	}
	// Every workday of the break: weekdays 1/18 … 2/4, Sunday 1/31, then nothing over the Spring
	// Festival 2/5 … 2/13, Sunday 2/14 and the weekdays 2/15 … 2/26.
	var want []string
	for d := date("2027-01-18"); !d.After(date("2027-02-28")); d = d.AddDays(1) {
		spring := !d.Before(date("2027-02-05")) && !d.After(date("2027-02-13"))
		if !spring && (d.ISOWeekday() <= 5 || d == date("2027-01-31") || d == date("2027-02-14")) {
			want = append(want, d.String())
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("sessions\n got %v\nwant %v", got, want)
	}
}

func TestExtraDatesValidation(t *testing.T) {
	base := Spec{StartDate: date("2027-03-01"), EndDate: date("2027-03-31"), StartTime: linli.Clock{Hour: 9},
		EndTime: linli.Clock{Hour: 10}, DayFilter: SchoolDays}
	for name, extra := range map[string][]linli.Date{
		"before the range": {date("2027-02-28")},
		"after the range":  {date("2027-04-01")},
		"zero":             {{}},
		"also excepted":    {date("2027-03-06")},
	} {
		s := base
		s.ExtraDates, s.ExceptDates = extra, []linli.Date{date("2027-03-06")}
		var e *linli.Error
		if err := s.Validate(); !errors.As(err, &e) || e.Field != "schedule.extra_dates" {
			t.Errorf("%s: error %v, want invalid schedule.extra_dates", name, err)
		}
	}
	s := base
	s.DayFilter = "holidays"
	var e *linli.Error
	if err := s.Validate(); !errors.As(err, &e) || e.Field != "schedule.day_filter" {
		t.Errorf("unknown day filter: %v", err)
	}
}
