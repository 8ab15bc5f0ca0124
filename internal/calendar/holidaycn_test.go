package calendar_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// arrangement is one holiday of a State Council notice as DOMAIN.md states it.
type arrangement struct {
	name        string
	first, last string
	work        []string
}

var announced = map[int][]arrangement{
	2025: {
		{"元旦", "2025-01-01", "2025-01-01", nil},
		{"春节", "2025-01-28", "2025-02-04", []string{"2025-01-26", "2025-02-08"}},
		{"清明节", "2025-04-04", "2025-04-06", nil},
		{"劳动节", "2025-05-01", "2025-05-05", []string{"2025-04-27"}},
		{"端午节", "2025-05-31", "2025-06-02", nil},
		{"国庆节、中秋节", "2025-10-01", "2025-10-08", []string{"2025-09-28", "2025-10-11"}},
	},
	2026: {
		{"元旦", "2026-01-01", "2026-01-03", []string{"2026-01-04"}},
		{"春节", "2026-02-15", "2026-02-23", []string{"2026-02-14", "2026-02-28"}},
		{"清明节", "2026-04-04", "2026-04-06", nil},
		{"劳动节", "2026-05-01", "2026-05-05", []string{"2026-05-09"}},
		{"端午节", "2026-06-19", "2026-06-21", nil},
		{"中秋节", "2026-09-25", "2026-09-27", nil},
		{"国庆节", "2026-10-01", "2026-10-07", []string{"2026-09-20", "2026-10-10"}},
	},
	2027: {
		{"元旦", "2027-01-01", "2027-01-03", nil},
		{"春节", "2027-02-05", "2027-02-13", []string{"2027-01-31", "2027-02-14"}},
		{"清明节", "2027-04-03", "2027-04-05", nil},
		{"劳动节", "2027-05-01", "2027-05-05", []string{"2027-05-08"}},
		{"端午节", "2027-06-09", "2027-06-09", nil},
		{"中秋节", "2027-09-15", "2027-09-15", nil},
		{"国庆节", "2027-10-01", "2027-10-07", []string{"2027-09-26", "2027-10-09"}},
	},
}

func announcedEntries(t *testing.T, year int) []calendar.Entry {
	t.Helper()
	var out []calendar.Entry
	for _, a := range announced[year] {
		for _, d := range dates(t, a.first, a.last) {
			out = append(out, calendar.Entry{Date: d, Kind: calendar.KindHoliday, Note: a.name})
		}
		for _, w := range a.work {
			out = append(out, calendar.Entry{Date: date(t, w), Kind: calendar.KindWorkday, Note: a.name})
		}
	}
	slices.SortFunc(out, func(a, b calendar.Entry) int { return strings.Compare(a.Date.String(), b.Date.String()) })
	return out
}

func TestBuiltinEntriesAreTheAnnouncedArrangements(t *testing.T) {
	entries, years := calendar.BuiltinEntries()
	if years[0] != 2002 || years[len(years)-1] != 2027 || len(years) != 26 {
		t.Fatalf("years = %v, want 2002…2027", years)
	}
	in := func(y int) []calendar.Entry {
		return slices.DeleteFunc(slices.Clone(entries), func(e calendar.Entry) bool { return e.Date.Year() != y })
	}
	for _, y := range []int{2025, 2026, 2027} {
		if got, want := in(y), announcedEntries(t, y); !slices.Equal(got, want) {
			t.Errorf("builtin %d differs from DOMAIN.md:\n got %v\nwant %v", y, got, want)
		}
	}
	entries[0].Note = "changed by a caller"
	if again, _ := calendar.BuiltinEntries(); again[0].Note == "changed by a caller" {
		t.Error("BuiltinEntries handed out shared data")
	}
}

func TestParseHolidayCNPublishedFile(t *testing.T) {
	b, err := os.ReadFile("testdata/holiday-cn-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	year, entries, err := calendar.ParseHolidayCN(b)
	if err != nil {
		t.Fatalf("the published 2026 file was refused: %v", err)
	}
	builtin, _ := calendar.BuiltinEntries()
	want := slices.DeleteFunc(builtin, func(e calendar.Entry) bool { return e.Date.Year() != 2026 })
	if year != 2026 || !slices.Equal(entries, want) {
		t.Errorf("got %d %v,\nwant 2026 %v", year, entries, want)
	}
}

// holidayCN returns a year file of 2026 with the given days.
func holidayCN(days ...string) string {
	return `{"year": 2026, "papers": ["https://www.gov.cn/"], "days": [` + strings.Join(days, ",") + `]}`
}

func hday(name, date string, off bool) string {
	return fmt.Sprintf(`{"name": %q, "date": %q, "isOffDay": %t}`, name, date, off)
}

func TestParseHolidayCNRefuses(t *testing.T) {
	ok := hday("元旦", "2026-01-01", true)
	cases := []struct {
		name, body, field string
	}{
		{"not JSON", `{"year": 2026,`, ""},
		{"not an object", `[]`, ""},
		{"null", `null`, ""},
		{"trailing data", holidayCN(ok) + ` {}`, ""},
		{"no days", holidayCN(), "days"},
		{"days missing", `{"year": 2026, "papers": []}`, "days"},
		{"days not a list", `{"year": 2026, "days": {}}`, "days"},
		{"year missing", `{"papers": [], "days": [` + ok + `]}`, "year"},
		{"year a string", `{"year": "2026", "days": [` + ok + `]}`, "year"},
		{"year not four digits", `{"year": 26, "days": [` + ok + `]}`, "year"},
		{"unknown key", `{"year": 2026, "days": [` + ok + `], "region": "cn"}`, "region"},
		{"key in another case", `{"Year": 2026, "days": [` + ok + `]}`, "Year"},
		{"papers not strings", `{"year": 2026, "papers": [1], "days": [` + ok + `]}`, "papers"},
		{"$schema not a string", `{"$schema": 7, "year": 2026, "days": [` + ok + `]}`, "$schema"},
		{"day not an object", holidayCN(ok, `"2026-01-02"`), "days[1]"},
		{"unknown day key", holidayCN(`{"name": "元旦", "date": "2026-01-01", "isOffDay": true, "wage": 3}`), "days[0].wage"},
		{"malformed date", holidayCN(ok, hday("元旦", "2026-01-02", true), hday("元旦", "2026-01-03", true), hday("元旦", "2026-1-04", false)), "days[3].date"},
		{"impossible date", holidayCN(hday("春节", "2026-02-30", true)), "days[0].date"},
		{"date with time", holidayCN(hday("元旦", "2026-01-01T00:00:00Z", true)), "days[0].date"},
		{"date outside the year", holidayCN(ok, hday("元旦", "2025-12-31", true)), "days[1].date"},
		{"duplicate date", holidayCN(ok, hday("元旦", "2026-01-02", true), hday("元旦", "2026-01-03", true),
			hday("元旦", "2026-01-04", false), hday("春节", "2026-02-14", false), hday("元旦", "2026-01-02", false)), "days[5].date"},
		{"missing name", holidayCN(ok, hday("元旦", "2026-01-02", true), `{"date": "2026-01-03", "isOffDay": true}`), "days[2].name"},
		{"blank name", holidayCN(hday(" ", "2026-01-01", true)), "days[0].name"},
		{"long name", holidayCN(hday(strings.Repeat("节", 101), "2026-01-01", true)), "days[0].name"},
		{"name with a line break", holidayCN(hday("元旦\n放假通知：全部取消", "2026-01-01", true)), "days[0].name"},
		{"name with a right-to-left override", holidayCN(hday("元旦\u202e日假放", "2026-01-01", true)), "days[0].name"},
		{"missing isOffDay", holidayCN(`{"name": "元旦", "date": "2026-01-01"}`), "days[0].isOffDay"},
		{"isOffDay a string", holidayCN(`{"name": "元旦", "date": "2026-01-01", "isOffDay": "true"}`), "days[0].isOffDay"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			year, entries, err := calendar.ParseHolidayCN([]byte(tc.body))
			wantInvalid(t, err, tc.field)
			if year != 0 || entries != nil {
				t.Errorf("a refused file still gave %d %v", year, entries)
			}
		})
	}
}

func FuzzParseHolidayCN(f *testing.F) {
	for _, name := range []string{"testdata/holiday-cn-2026.json", "testdata/holiday-cn-2025.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(holidayCN(hday("元旦", "2026-01-01", true), hday("元旦", "2026-01-01", false))))
	f.Add([]byte(holidayCN(`{"name": "", "date": "2026-13-01", "isOffDay": null}`)))
	f.Add([]byte(`{"year": 0, "days": null, "$id": ""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		year, entries, err := calendar.ParseHolidayCN(data)
		if err != nil {
			var e *linli.Error
			if !errors.As(err, &e) || e.Code != linli.EInvalid {
				t.Fatalf("error %v is not an invalid *linli.Error", err)
			}
			return
		}
		if len(entries) == 0 {
			t.Fatal("accepted a year with no days")
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Date.Year() != year || seen[e.Date.String()] || e.Note == "" ||
				(e.Kind != calendar.KindHoliday && e.Kind != calendar.KindWorkday) {
				t.Fatalf("accepted a bad entry %+v of year %d", e, year)
			}
			seen[e.Date.String()] = true
		}
	})
}
