package calendar_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

func date(t testing.TB, s string) linli.Date {
	t.Helper()
	d, err := linli.ParseDate(s)
	if err != nil {
		t.Fatalf("bad date in test: %v", err)
	}
	return d
}

// dates returns the dates from first to last, both inclusive.
func dates(t testing.TB, first, last string) []linli.Date {
	t.Helper()
	var out []linli.Date
	for d := date(t, first); !d.After(date(t, last)); d = d.AddDays(1) {
		out = append(out, d)
	}
	return out
}

func wantInvalid(t *testing.T, err error, field string) {
	t.Helper()
	var e *linli.Error
	if !errors.As(err, &e) || e.Code != linli.EInvalid || e.Field != field {
		t.Fatalf("error = %v, want invalid naming field %q", err, field)
	}
}

type dayCase struct {
	date      string
	work      bool
	school    bool
	reason    string
	note      string
	situation string
}

func checkDays(t *testing.T, c *calendar.Calendar, cases []dayCase) {
	t.Helper()
	for _, tc := range cases {
		want := calendar.Day{Date: date(t, tc.date), IsWorkday: tc.work, IsSchoolDay: tc.school, Reason: tc.reason, Note: tc.note,
			IsMakeupWorkday: tc.reason == "makeup_workday" || strings.HasPrefix(tc.situation, "make-up"),
			Provisional:     !c.CoversYear(date(t, tc.date).Year())}
		if got := c.Day(want.Date); got != want {
			t.Errorf("%s (%s): got %+v, want %+v", tc.date, tc.situation, got, want)
		}
		if c.IsWorkday(want.Date) != tc.work || c.IsSchoolDay(want.Date) != tc.school {
			t.Errorf("%s (%s): IsWorkday/IsSchoolDay disagree with Day", tc.date, tc.situation)
		}
	}
}

func TestBuiltinDays(t *testing.T) {
	checkDays(t, calendar.Builtin(), []dayCase{
		{"2026-02-14", true, true, "makeup_workday", "春节", "make-up Saturday before the Spring Festival"},
		{"2026-02-15", false, false, "public_holiday", "春节", "Sunday inside the Spring Festival"},
		{"2026-02-16", false, false, "public_holiday", "春节", "Monday inside the Spring Festival"},
		{"2026-02-23", false, false, "public_holiday", "春节", "last day of the 9-day break"},
		{"2026-02-24", true, true, "weekday", "", "first Tuesday back"},
		{"2026-02-28", true, true, "makeup_workday", "春节", "make-up Saturday after the Spring Festival"},
		{"2026-03-01", false, false, "weekend", "", "plain Sunday"},
		{"2026-01-01", false, false, "public_holiday", "元旦", "New Year"},
		{"2026-01-04", true, true, "makeup_workday", "元旦", "make-up Sunday after New Year"},
		{"2026-05-09", true, true, "makeup_workday", "劳动节", "make-up Saturday after Labour Day"},
		{"2026-06-19", false, false, "public_holiday", "端午节", "Dragon Boat Friday"},
		{"2026-09-20", true, true, "makeup_workday", "国庆节", "make-up Sunday before National Day"},
		{"2026-09-25", false, false, "public_holiday", "中秋节", "Mid-Autumn Friday"},
		{"2026-10-08", true, true, "weekday", "", "Thursday after National Day"},
		{"2026-10-10", true, true, "makeup_workday", "国庆节", "make-up Saturday after National Day"},
		{"2025-01-26", true, true, "makeup_workday", "春节", "make-up Sunday of 2025"},
		{"2025-10-08", false, false, "public_holiday", "国庆节、中秋节", "last day of 2025's joint break"},
		{"2025-10-11", true, true, "makeup_workday", "国庆节、中秋节", "make-up Saturday of 2025"},
		{"2025-10-13", true, true, "weekday", "", "plain Monday"},
	})
	for _, d := range dates(t, "2026-10-01", "2026-10-07") {
		if got := calendar.Builtin().Day(d); got.IsWorkday || got.IsSchoolDay || got.Reason != "public_holiday" {
			t.Errorf("%s: got %+v, want a public holiday", d, got)
		}
	}
}

func TestOfficialYearsComeFromTheLibrary(t *testing.T) {
	cn := calendar.Builtin()
	checkDays(t, cn, []dayCase{
		{"2027-01-01", false, false, "public_holiday", "元旦", "New Year 2027, official"},
		{"2027-01-31", true, true, "makeup_workday", "春节", "make-up Sunday before the Spring Festival 2027"},
		{"2027-02-05", false, false, "public_holiday", "春节", "first day of the Spring Festival 2027"},
		{"2027-02-13", false, false, "public_holiday", "春节", "last day of the Spring Festival 2027"},
		{"2027-02-14", true, true, "makeup_workday", "春节", "make-up Sunday after it"},
		{"2027-05-08", true, true, "makeup_workday", "劳动节", "make-up Saturday after Labour Day 2027"},
		{"2027-09-26", true, true, "makeup_workday", "国庆节", "make-up Sunday before National Day 2027"},
		{"2027-10-09", true, true, "makeup_workday", "国庆节", "make-up Saturday after National Day 2027"},
		{"2024-10-01", false, false, "public_holiday", "国庆节", "National Day 2024"},
		{"2002-02-12", false, false, "public_holiday", "春节", "Spring Festival 2002, the first year shipped"},
	})
	want := []int{}
	for y := 2002; y <= 2027; y++ {
		want = append(want, y)
	}
	if got := cn.YearsCovered(); !slices.Equal(got, want) {
		t.Errorf("YearsCovered = %v, want 2002…2027", got)
	}
	years := cn.Years()
	if n := len(years); n != 28 || years[0] != (calendar.Year{Year: 2002, Source: "official"}) ||
		years[25] != (calendar.Year{Year: 2027, Source: "official"}) ||
		years[26] != (calendar.Year{Year: 2028, Source: "provisional"}) || years[27] != (calendar.Year{Year: 2029, Source: "provisional"}) {
		t.Errorf("Years = %v, want 2002…2027 official then 2028 and 2029 provisional", years)
	}

	imported := calendar.New(calendar.BuiltinWithout([]int{2028}), []calendar.Entry{{Date: date(t, "2028-01-01"), Kind: calendar.KindHoliday, Note: "元旦"}}, []int{2028})
	if !imported.CoversYear(2028) || imported.Source(2028) != "imported" || imported.Source(2027) != "official" {
		t.Errorf("after importing 2028: sources %v", imported.Years())
	}
	if imported.IsWorkday(date(t, "2028-01-03")) != true || imported.IsWorkday(date(t, "2028-01-26")) != true {
		t.Error("an imported year has exactly the file's holidays, no provisional ones")
	}
	if cn.IsWorkday(date(t, "2028-01-26")) || cn.Source(2028) != "provisional" {
		t.Error("an import must mark its own calendar and leave the base unchanged")
	}
}

func TestImportIntoALayerReplacesTheBasesYear(t *testing.T) {
	city := calendar.New(calendar.Builtin(), []calendar.Entry{
		{Date: date(t, "2027-01-20"), Kind: calendar.KindSchoolBreak, Note: "寒假"},
	}, nil)
	// A city imports a (made-up) 2027 whose Spring Festival is one week later than the official one.
	imported := calendar.New(city, []calendar.Entry{
		{Date: date(t, "2027-02-15"), Kind: calendar.KindHoliday, Note: "春节"},
	}, []int{2027})
	if d := imported.Day(date(t, "2027-02-08")); !d.IsWorkday || d.Provisional {
		t.Errorf("2027-02-08 after the city's import: %+v, want a plain Monday (the file does not list it)", d)
	}
	if imported.IsWorkday(date(t, "2027-02-15")) || imported.IsWorkday(date(t, "2026-10-01")) {
		t.Error("the file's holiday, or another year's, is lost")
	}
	if d := imported.Day(date(t, "2027-01-20")); d.IsSchoolDay || d.Reason != "school_break" {
		t.Errorf("the school break went with the import: %+v", d)
	}
}

func TestBuiltinWithoutDropsImportedYears(t *testing.T) {
	c := calendar.BuiltinWithout([]int{2027})
	if c.CoversYear(2027) || !c.CoversYear(2026) {
		t.Fatalf("years %v", c.Years())
	}
	if d := c.Day(date(t, "2027-01-31")); d.IsWorkday || !d.Provisional {
		t.Errorf("2027-01-31 without the official 2027: %+v, want a provisional Sunday", d)
	}
}

func TestProvisionalYears(t *testing.T) {
	cn := calendar.Builtin()
	// 2028: 正月初一 is 1/26, so 除夕 is 1/25 and the break runs 1/24 … 2/2 (初八).
	checkDays(t, cn, []dayCase{
		{"2028-01-01", false, false, "public_holiday", "元旦", "New Year 2028"},
		{"2028-01-03", true, true, "weekday", "", "Monday 2028"},
		{"2028-01-21", true, true, "weekday", "", "Friday before the Spring Festival"},
		{"2028-01-24", false, false, "public_holiday", "春节", "the day before 除夕"},
		{"2028-01-25", false, false, "public_holiday", "春节", "除夕"},
		{"2028-02-02", false, false, "public_holiday", "春节", "初八"},
		{"2028-02-03", true, true, "weekday", "", "初九, a Thursday"},
		{"2028-04-04", false, false, "public_holiday", "清明节", "Qingming"},
		{"2028-05-05", false, false, "public_holiday", "劳动节", "Labour Day"},
		{"2028-05-08", true, true, "weekday", "", "a Monday: no make-up days are guessed"},
		{"2028-05-29", true, true, "weekday", "", "Monday after the Dragon Boat Sunday"},
		{"2028-10-03", false, false, "public_holiday", "国庆节", "Mid-Autumn inside National Day"},
		{"2028-10-09", true, true, "weekday", "", "Monday after National Day"},
		{"2029-02-11", false, false, "public_holiday", "春节", "2029: the day before 除夕"},
		{"2029-02-20", false, false, "public_holiday", "春节", "2029: 初八"},
		{"2029-09-24", true, true, "weekday", "", "2029: the Monday after Mid-Autumn"},
		{"2029-09-22", false, false, "public_holiday", "中秋节", "2029: Mid-Autumn"},
	})
	hs := calendar.ProvisionalHolidays(2028)
	if len(hs) != 1+10+1+5+1+7 {
		t.Errorf("2028 has %d provisional holidays, want 25 (Mid-Autumn falls on 10/3): %v", len(hs), hs)
	}
}

func TestSchoolBreakLayer(t *testing.T) {
	var winter []calendar.Entry
	for _, d := range dates(t, "2026-01-24", "2026-03-01") {
		winter = append(winter, calendar.Entry{Date: d, Kind: calendar.KindSchoolBreak, Note: "寒假"})
	}
	city := calendar.New(calendar.Builtin(), winter, nil)
	checkDays(t, city, []dayCase{
		{"2026-01-23", true, true, "weekday", "", "Friday before the break"},
		{"2026-01-24", false, false, "weekend", "寒假", "Saturday, first day of the break"},
		{"2026-02-10", true, false, "school_break", "寒假", "Tuesday inside the break"},
		{"2026-02-14", true, false, "school_break", "春节", "make-up Saturday inside the break"},
		{"2026-02-16", false, false, "public_holiday", "春节", "Spring Festival inside the break"},
		{"2026-03-02", true, true, "weekday", "", "first Monday of term"},
	})
	if !calendar.Builtin().IsSchoolDay(date(t, "2026-02-10")) {
		t.Error("layering a break changed the base calendar")
	}
	if !city.CoversYear(2026) || !city.CoversYear(2027) || city.CoversYear(2028) {
		t.Errorf("a layer covers its base's years: got %v", city.YearsCovered())
	}
}

func TestLayersOverrideBase(t *testing.T) {
	city := calendar.New(calendar.Builtin(), []calendar.Entry{
		{Date: date(t, "2026-02-28"), Kind: calendar.KindHoliday, Note: "市假"},
		{Date: date(t, "2026-10-07"), Kind: calendar.KindWorkday, Note: "市调休"},
		{Date: date(t, "2026-07-06"), Kind: calendar.KindSchoolBreak, Note: "暑假"},
		{Date: date(t, "2026-07-07"), Kind: "vacation", Note: "ignored"},
	}, nil)
	district := calendar.New(city, []calendar.Entry{
		{Date: date(t, "2026-07-06"), Kind: calendar.KindSchoolBreak, Note: "区暑假"},
		{Date: date(t, "2026-02-28"), Kind: calendar.KindWorkday, Note: "区调休"},
	}, nil)
	checkDays(t, city, []dayCase{
		{"2026-02-28", false, false, "public_holiday", "市假", "own holiday over the base's make-up workday"},
		{"2026-10-07", true, true, "makeup_workday", "市调休", "own workday over the base's holiday"},
		{"2026-07-06", true, false, "school_break", "暑假", "own break"},
		{"2026-07-07", true, true, "weekday", "", "an entry of unknown kind is ignored"},
	})
	checkDays(t, district, []dayCase{
		{"2026-02-28", true, true, "makeup_workday", "区调休", "top layer wins"},
		{"2026-07-06", true, false, "school_break", "区暑假", "top layer's break note wins"},
		{"2026-10-07", true, true, "makeup_workday", "市调休", "middle layer shows through"},
		{"2026-10-06", false, false, "public_holiday", "国庆节", "base shows through"},
	})
}

func TestNilCalendarIsProvisional(t *testing.T) {
	var none *calendar.Calendar
	for _, c := range []*calendar.Calendar{none, calendar.New(nil, nil, nil)} {
		checkDays(t, c, []dayCase{
			{"2026-02-16", false, false, "public_holiday", "春节", "Monday in the Spring Festival of the lunar calendar"},
			{"2026-02-14", false, false, "weekend", "", "Saturday"},
			{"2026-03-02", true, true, "weekday", "", "Monday"},
		})
		if c.CoversYear(2026) || len(c.YearsCovered()) != 0 || len(c.Years()) != 0 {
			t.Error("a plain calendar covers no year")
		}
	}
}

func TestBuiltinConcurrentReads(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, d := range dates(t, "2025-01-01", "2026-12-31") {
				calendar.Builtin().Day(d)
			}
		})
	}
	wg.Wait()
}
