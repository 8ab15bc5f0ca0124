package schedule

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
	"github.com/teambition/rrule-go"
)

// fakeDays is a day calendar holding mainland China's 2026 public holidays and make-up workdays,
// and a summer school break.
type fakeDays struct {
	holiday, makeUp, schoolBreak map[linli.Date]bool
	follows                      map[linli.Date]int
}

func (f fakeDays) Day(d linli.Date) calendar.Day {
	workday := f.makeUp[d] || d.ISOWeekday() <= 5 && !f.holiday[d]
	return calendar.Day{Date: d, IsWorkday: workday, IsSchoolDay: workday && !f.schoolBreak[d],
		IsMakeupWorkday: f.makeUp[d], FollowsWeekday: f.follows[d]}
}

var cn2026 = fakeDays{
	holiday: dateSet(
		"2026-01-01/2026-01-03", "2026-02-15/2026-02-23", "2026-04-04/2026-04-06", "2026-05-01/2026-05-05",
		"2026-06-19/2026-06-21", "2026-09-25/2026-09-27", "2026-10-01/2026-10-07"),
	makeUp:      dateSet("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
	schoolBreak: dateSet("2026-07-04/2026-08-31"),
}

var shanghai = mustLocation("Asia/Shanghai")

// dateSet holds the given dates, each a date or an inclusive range "from/to".
func dateSet(items ...string) map[linli.Date]bool {
	set := map[linli.Date]bool{}
	for _, item := range items {
		from, to, isRange := strings.Cut(item, "/")
		if !isRange {
			to = from
		}
		for d := date(from); !d.After(date(to)); d = d.AddDays(1) {
			set[d] = true
		}
	}
	return set
}

func date(s string) linli.Date {
	d, err := linli.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func mustLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func dateStrings(occ []Occurrence) []string {
	out := make([]string, len(occ))
	for i, o := range occ {
		out[i] = o.Date.String()
	}
	return out
}

// afterSchool is a 四点半课堂 on school days through September and October 2026.
var afterSchool = Spec{
	StartDate: date("2026-09-01"), EndDate: date("2026-10-31"),
	StartTime: linli.Clock{Hour: 16, Minute: 30}, EndTime: linli.Clock{Hour: 18},
	DayFilter: SchoolDays,
}

func TestExpandAfterSchoolFollowsTheHolidays(t *testing.T) {
	occ, err := Expand(afterSchool, cn2026, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	got := dateStrings(occ)
	// 22 weekdays in September less Mid-Autumn (9/25) plus make-up Sunday 9/20, and 22 in October
	// less the five National Day weekdays plus make-up Saturday 10/10.
	if len(got) != 40 {
		t.Errorf("got %d sessions, want 40: %v", len(got), got)
	}
	for _, want := range []string{"2026-09-01", "2026-09-20", "2026-10-10", "2026-10-30"} {
		if !slices.Contains(got, want) {
			t.Errorf("no session on %s", want)
		}
	}
	for _, o := range occ {
		d := o.Date.String()
		if d >= "2026-10-01" && d <= "2026-10-07" || d == "2026-09-25" {
			t.Errorf("session on holiday %s", d)
		}
		if o.Date.ISOWeekday() >= 6 && d != "2026-09-20" && d != "2026-10-10" {
			t.Errorf("session on ordinary weekend day %s", d)
		}
	}
	first := occ[0]
	if want := time.Date(2026, 9, 1, 8, 30, 0, 0, time.UTC); !first.Start.Equal(want) || first.Start.Location() != shanghai {
		t.Errorf("first start = %v, want %v in Asia/Shanghai", first.Start, want)
	}
	if want := time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC); !first.End.Equal(want) {
		t.Errorf("first end = %v, want %v", first.End, want)
	}
}

func TestExpandDates(t *testing.T) {
	september := Spec{
		StartDate: date("2026-09-01"), EndDate: date("2026-09-30"),
		StartTime: linli.Clock{Hour: 9}, EndTime: linli.Clock{Hour: 10, Minute: 30},
		DayFilter: AllDays,
	}
	with := func(edit func(*Spec)) Spec {
		s := september
		edit(&s)
		return s
	}
	tests := []struct {
		name string
		spec Spec
		want []string
	}{
		{"saturday holiday class", with(func(s *Spec) { s.RRule = "FREQ=WEEKLY;BYDAY=SA" }),
			[]string{"2026-09-05", "2026-09-12", "2026-09-19", "2026-09-26"}},
		{"saturdays that are school days: only the make-up day", with(func(s *Spec) {
			s.EndDate, s.RRule, s.DayFilter = date("2026-10-31"), "FREQ=WEEKLY;BYDAY=SA", SchoolDays
		}), []string{"2026-10-10"}},
		{"every other week from start_date's week", with(func(s *Spec) { s.RRule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE" }),
			[]string{"2026-09-02", "2026-09-14", "2026-09-16", "2026-09-28", "2026-09-30"}},
		{"last weekday of the month", with(func(s *Spec) {
			s.EndDate, s.RRule = date("2026-11-30"), "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
		}), []string{"2026-09-30", "2026-10-30", "2026-11-30"}},
		{"tuesdays and thursdays", with(func(s *Spec) { s.Weekdays = []int{2, 4} }),
			[]string{"2026-09-01", "2026-09-03", "2026-09-08", "2026-09-10", "2026-09-15", "2026-09-17", "2026-09-22", "2026-09-24", "2026-09-29"}},
		{"tuesdays and thursdays except two", with(func(s *Spec) {
			s.Weekdays = []int{2, 4}
			s.ExceptDates = []linli.Date{date("2026-09-10"), date("2026-09-17"), date("2026-12-25")}
		}), []string{"2026-09-01", "2026-09-03", "2026-09-08", "2026-09-15", "2026-09-22", "2026-09-24", "2026-09-29"}},
		{"non-school days around National Day", with(func(s *Spec) {
			s.StartDate, s.EndDate, s.DayFilter = date("2026-09-26"), date("2026-10-11"), NonSchoolDays
		}), []string{"2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07", "2026-10-11"}},
		{"empty day filter means all days", with(func(s *Spec) {
			s.StartDate, s.EndDate, s.DayFilter = date("2026-10-01"), date("2026-10-03"), ""
		}), []string{"2026-10-01", "2026-10-02", "2026-10-03"}},
		{"one day", with(func(s *Spec) { s.EndDate = s.StartDate }), []string{"2026-09-01"}},
		{"a rule that never matches", with(func(s *Spec) { s.RRule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }), nil},
		{"a daily rule that never matches", with(func(s *Spec) { s.RRule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30" }), nil},
		{"everything excluded", with(func(s *Spec) {
			s.EndDate, s.ExceptDates = s.StartDate, []linli.Date{s.StartDate}
		}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			occ, err := Expand(tt.spec, cn2026, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			if got := dateStrings(occ); !slices.Equal(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
			for _, o := range occ {
				if o.Start.Hour() != 9 || o.Start.UTC().Hour() != 1 || o.End.Sub(o.Start) != 90*time.Minute {
					t.Errorf("session %v–%v, want 09:00–10:30 in Shanghai (01:00Z)", o.Start, o.End)
				}
			}
		})
	}
}

func TestExpandBounds(t *testing.T) {
	longest := Spec{
		StartDate: date("2027-09-01"), EndDate: date("2029-08-31"),
		StartTime: linli.Clock{Hour: 8}, EndTime: linli.Clock{Hour: 9},
		DayFilter: AllDays,
	}
	occ, err := Expand(longest, cn2026, shanghai)
	if err != nil {
		t.Fatalf("a two-year term with a leap day: %v", err)
	}
	if len(occ) != MaxSpanDays || len(occ) > MaxSessions {
		t.Errorf("got %d sessions, want %d (within MaxSessions %d)", len(occ), MaxSpanDays, MaxSessions)
	}

	tooLong := longest
	tooLong.EndDate = longest.EndDate.AddDays(1)
	_, err = Expand(tooLong, cn2026, shanghai)
	if linli.ErrorField(err) != "schedule.end_date" || !strings.Contains(linli.ErrorMessage(err), "732") {
		t.Errorf("one day over two years: got %v, want invalid schedule.end_date naming 732 days", err)
	}
}

func TestValidateRejects(t *testing.T) {
	with := func(edit func(*Spec)) Spec {
		s := afterSchool
		edit(&s)
		return s
	}
	tests := []struct {
		name  string
		spec  Spec
		field string
	}{
		{"no start date", with(func(s *Spec) { s.StartDate = linli.Date{} }), "schedule.start_date"},
		{"no end date", with(func(s *Spec) { s.EndDate = linli.Date{} }), "schedule.end_date"},
		{"end before start", with(func(s *Spec) { s.EndDate = date("2026-08-31") }), "schedule.end_date"},
		{"over two years", with(func(s *Spec) { s.EndDate = date("2028-09-01") }), "schedule.end_date"},
		{"no start time", with(func(s *Spec) { s.StartTime = linli.Clock{} }), "schedule.start_time"},
		{"start time out of range", with(func(s *Spec) { s.StartTime = linli.Clock{Hour: 16, Minute: 60} }), "schedule.start_time"},
		{"no end time", with(func(s *Spec) { s.EndTime = linli.Clock{} }), "schedule.end_time"},
		{"end time equals start", with(func(s *Spec) { s.EndTime = s.StartTime }), "schedule.end_time"},
		{"end time before start", with(func(s *Spec) { s.EndTime = linli.Clock{Hour: 16} }), "schedule.end_time"},
		{"end time past midnight", with(func(s *Spec) { s.EndTime = linli.Clock{Hour: 24} }), "schedule.end_time"},
		{"weekday 0", with(func(s *Spec) { s.Weekdays = []int{0} }), "schedule.weekdays"},
		{"weekday 8", with(func(s *Spec) { s.Weekdays = []int{1, 8} }), "schedule.weekdays"},
		{"weekday twice", with(func(s *Spec) { s.Weekdays = []int{3, 3} }), "schedule.weekdays"},
		{"unknown day filter", with(func(s *Spec) { s.DayFilter = "weekends" }), "schedule.day_filter"},
		{"unset except date", with(func(s *Spec) { s.ExceptDates = []linli.Date{{}} }), "schedule.except_dates"},
		{"weekdays and rrule", with(func(s *Spec) { s.Weekdays, s.RRule = []int{6}, "FREQ=WEEKLY" }), "schedule.rrule"},
	}
	for _, rule := range []string{
		"FREQ=BOGUS", "RRULE:FREQ=DAILY", " RRULE:FREQ=DAILY", "FREQ=DAILY;COUNT=3", "FREQ=DAILY;COUNT=0",
		"FREQ=DAILY;UNTIL=20261231T000000Z", "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY", "FREQ=DAILY;DTSTART=20260101",
		"FREQ=HOURLY", "FREQ=MINUTELY", "FREQ=SECONDLY", " ", "garbage", "\x00\xff;==", "freq=daily", "FREQ=DAILY;",
		"BYDAY=MO", "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;BYMINUTE=0", "FREQ=DAILY;BYSECOND=0", "FREQ=YEARLY;BYEASTER=0",
		"FREQ=DAILY;INTERVAL=-1", "FREQ=DAILY;INTERVAL=732", "FREQ=DAILY;INTERVAL=9223372036854775807",
		"FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;BYDAY=+54MO",
		"FREQ=DAILY;BYMONTHDAY=" + strings.Repeat("1,", 200) + "1",
	} {
		tests = append(tests, struct {
			name  string
			spec  Spec
			field string
		}{"rrule " + rule, with(func(s *Spec) { s.RRule = rule }), "schedule.rrule"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.spec.Validate()
			if linli.ErrorCode(err) != linli.EInvalid || linli.ErrorField(err) != tt.field {
				t.Errorf("Validate() = %v, want invalid on %s", err, tt.field)
			}
			if _, expErr := Expand(tt.spec, cn2026, shanghai); linli.ErrorField(expErr) != tt.field {
				t.Errorf("Expand error = %v, want invalid on %s", expErr, tt.field)
			}
		})
	}
}

func TestExpandNeedsLocationAndDays(t *testing.T) {
	if _, err := Expand(afterSchool, cn2026, nil); err == nil || linli.ErrorCode(err) != linli.EInternal {
		t.Errorf("nil location: got %v, want an internal error", err)
	}
	if _, err := Expand(afterSchool, nil, shanghai); err == nil || linli.ErrorCode(err) != linli.EInternal {
		t.Errorf("nil days: got %v, want an internal error", err)
	}
}

func TestSpecDecodesTheAPIShape(t *testing.T) {
	body := `{"start_date": "2026-09-01", "end_date": "2026-09-30", "start_time": "16:30", "end_time": "18:00",
		"weekdays": [1, 3, 5], "day_filter": "school_days", "except_dates": ["2026-09-25"]}`
	var s Spec
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	occ, err := Expand(s, cn2026, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-09-02", "2026-09-04", "2026-09-07", "2026-09-09", "2026-09-11", "2026-09-14",
		"2026-09-16", "2026-09-18", "2026-09-21", "2026-09-23", "2026-09-28", "2026-09-30"}
	if got := dateStrings(occ); !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

// Expand reads rules on a calendar moved by whole 400-year cycles; it must agree with rrule-go
// reading them on the real dates.
func TestRulesMatchRRuleGoOnRealDates(t *testing.T) {
	rules := []string{
		"FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,SA",
		"FREQ=MONTHLY", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=MONTHLY;BYDAY=2SA,4SA", "FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO",
		"FREQ=YEARLY;BYYEARDAY=-1,60", "FREQ=YEARLY;BYDAY=20MO", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1",
	}
	for _, first := range []string{"2026-09-01", "2027-02-28", "2099-12-30", "1999-03-01"} {
		start := date(first)
		end := start.AddDays(MaxSpanDays - 1)
		for _, rule := range rules {
			got, err := ruleDates(rule, start, end)
			if err != nil {
				t.Fatal(err)
			}
			opt, err := rrule.StrToROption(rule)
			if err != nil {
				t.Fatal(err)
			}
			opt.Dtstart = start.At(linli.Clock{}, time.UTC)
			opt.Until = end.At(linli.Clock{}, time.UTC)
			r, err := rrule.NewRRule(*opt)
			if err != nil {
				t.Fatal(err)
			}
			var want []linli.Date
			for _, tm := range r.All() {
				want = append(want, linli.DateOf(tm, time.UTC))
			}
			if got := slices.Collect(got); !slices.Equal(got, want) {
				t.Errorf("%s from %s: got %d dates, want %d:\n%v\n%v", rule, first, len(got), len(want), got, want)
			}
		}
	}
}

func FuzzExpand(f *testing.F) {
	for _, rule := range []string{
		"", "FREQ=WEEKLY;BYDAY=SA", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", "FREQ=YEARLY;BYWEEKNO=53",
		"FREQ=BOGUS", "RRULE:FREQ=DAILY", "FREQ=DAILY;COUNT=3", "DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY", "FREQ=HOURLY",
	} {
		f.Add(rule, []byte{}, int16(240), uint16(60), byte(0))
	}
	f.Add("", []byte{2, 4}, int16(0), uint16(730), byte(1))
	f.Add("", []byte{0, 8}, int16(-5), uint16(731), byte(2))
	filters := []string{"", SchoolDays, NonSchoolDays, BreakWorkdays, AllDays}
	f.Fuzz(func(t *testing.T, rule string, weekdays []byte, offset int16, span uint16, filter byte) {
		s := afterSchool
		s.StartDate = date("2026-01-01").AddDays(int(offset))
		s.EndDate = s.StartDate.AddDays(int(span))
		s.RRule = rule
		s.DayFilter = filters[int(filter)%len(filters)]
		s.ExceptDates = []linli.Date{s.StartDate.AddDays(7)}
		if span >= 3 {
			s.ExtraDates = []linli.Date{s.StartDate.AddDays(3)} // a 补课, whatever the rule and filter say
		}
		for _, w := range weekdays {
			s.Weekdays = append(s.Weekdays, int(int8(w)))
		}
		occ, err := Expand(s, cn2026, shanghai)
		if err != nil {
			var e *linli.Error
			if !errors.As(err, &e) || e.Code != linli.EInvalid || !strings.HasPrefix(e.Field, "schedule.") {
				t.Fatalf("got %#v, want an invalid error on a schedule field", err)
			}
			return
		}
		if len(occ) > MaxSessions {
			t.Fatalf("%d sessions, over MaxSessions", len(occ))
		}
		if len(s.ExtraDates) > 0 && !slices.ContainsFunc(occ, func(o Occurrence) bool { return o.Date == s.ExtraDates[0] }) {
			t.Fatalf("no session on the extra date %s", s.ExtraDates[0])
		}
		for i, o := range occ {
			if o.Date.Before(s.StartDate) || o.Date.After(s.EndDate) || o.Date == s.ExceptDates[0] {
				t.Fatalf("session on %s, outside %s..%s or excluded", o.Date, s.StartDate, s.EndDate)
			}
			if i > 0 && !occ[i-1].Start.Before(o.Start) {
				t.Fatalf("sessions out of order: %v then %v", occ[i-1].Start, o.Start)
			}
			if !o.Start.Equal(o.Date.At(s.StartTime, shanghai)) || !o.End.Equal(o.Date.At(s.EndTime, shanghai)) {
				t.Fatalf("session %v–%v on %s does not follow the clock", o.Start, o.End, o.Date)
			}
		}
	})
}

func BenchmarkExpandSchoolYear(b *testing.B) {
	year := afterSchool
	year.EndDate = date("2027-07-10")
	weekly := year
	weekly.RRule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
	for name, s := range map[string]Spec{"every_date": year, "rrule": weekly} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Expand(s, cn2026, shanghai); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestExtraDates: extra dates are added whatever the weekdays and the day filter say, in order
// and once; outside the range, or also an exception, they are refused on schedule.extra_dates.
func TestExtraDates(t *testing.T) {
	d := func(s string) linli.Date {
		v, err := linli.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	loc := time.FixedZone("CST", 8*3600)
	s := Spec{StartDate: d("2026-09-07"), EndDate: d("2026-09-13"), StartTime: linli.Clock{Hour: 9}, EndTime: linli.Clock{Hour: 10},
		Weekdays: []int{1, 3}, DayFilter: SchoolDays, ExtraDates: []linli.Date{d("2026-09-13"), d("2026-09-07"), d("2026-09-12")}}
	got, err := Expand(s, allSchool{}, loc)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, o := range got {
		dates = append(dates, o.Date.String())
	}
	if want := "2026-09-07 2026-09-09 2026-09-12 2026-09-13"; strings.Join(dates, " ") != want {
		t.Errorf("dates %v, want %s", dates, want)
	}
	for _, bad := range []Spec{
		func() Spec { x := s; x.ExtraDates = []linli.Date{d("2026-09-14")}; return x }(),
		func() Spec { x := s; x.ExceptDates = []linli.Date{d("2026-09-12")}; return x }(),
	} {
		if err := bad.Validate(); linli.ErrorField(err) != "schedule.extra_dates" {
			t.Errorf("%v: %v, want invalid on schedule.extra_dates", bad.ExtraDates, err)
		}
	}
}

// allSchool is a calendar on which every date is a school day.
type allSchool struct{}

func (allSchool) Day(d linli.Date) calendar.Day {
	return calendar.Day{Date: d, IsWorkday: true, IsSchoolDay: true}
}
