package ical

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/ical/icaltest"
)

// occurrence is one occurrence ical.js finds.
type occurrence = icaltest.Occurrence

// wallRepeats reports whether the wall-clock time of t in loc is shown again an hour earlier or
// later, as in the hour repeated when DST ends; Encode writes such instants in UTC.
func wallRepeats(t time.Time, loc *time.Location) bool {
	wall := t.In(loc).Format(time.DateTime)
	return t.Add(-time.Hour).In(loc).Format(time.DateTime) == wall || t.Add(time.Hour).In(loc).Format(time.DateTime) == wall
}

// expected computes from the Event values what ical.js must find in the encoded feed.
func expected(f Feed) []occurrence {
	var occs []occurrence
	for _, ev := range f.Events {
		tzid := f.Location.String()
		if wallRepeats(ev.Start, f.Location) {
			tzid = "UTC"
		}
		occs = append(occs, occurrence{
			UID: ev.UID, Status: string(ev.Status), TZID: tzid,
			StartUTC: ev.Start.UTC().Format(time.RFC3339), EndUTC: ev.End.UTC().Format(time.RFC3339),
		})
	}
	return occs
}

// recurringFeed is hand-written, since Encode emits no RRULE yet: it keeps check.mjs's expansion,
// EXDATE and relateException paths tested. The class is on Saturdays at 07:00 in Shanghai, which
// is Friday in UTC (R19); 12 April moves to Sunday evening, 19 April is cancelled.
var recurringFeed = strings.Replace(lintBase, "BEGIN:VEVENT\r\nUID:b@linli.test", strings.Join([]string{
	"BEGIN:VEVENT",
	"UID:r@linli.test",
	"DTSTAMP:20250301T000000Z",
	"DTSTART;TZID=Asia/Shanghai:20250405T070000",
	"DTEND;TZID=Asia/Shanghai:20250405T080000",
	"RRULE:FREQ=WEEKLY;COUNT=4",
	"EXDATE;TZID=Asia/Shanghai:20250419T070000",
	"STATUS:CONFIRMED",
	"END:VEVENT",
	"BEGIN:VEVENT",
	"UID:r@linli.test",
	"RECURRENCE-ID;TZID=Asia/Shanghai:20250412T070000",
	"DTSTAMP:20250301T000000Z",
	"SEQUENCE:1",
	"DTSTART;TZID=Asia/Shanghai:20250413T193000",
	"DTEND;TZID=Asia/Shanghai:20250413T203000",
	"STATUS:TENTATIVE",
	"END:VEVENT",
	"BEGIN:VEVENT",
	"UID:b@linli.test",
}, "\r\n"), 1)

// TestICALJS checks every golden feed with ical.js, Thunderbird's parser, in a foreign host zone.
func TestICALJS(t *testing.T) {
	node := icaltest.Node(t)
	type checkCase struct {
		name string
		feed []byte
		want []occurrence
	}
	var cases []checkCase
	for _, fx := range fixtures(t) {
		cases = append(cases, checkCase{fx.name, encode(t, fx.feed), expected(fx.feed)})
	}
	cases = append(cases, checkCase{"recurring, hand-written", []byte(recurringFeed), []occurrence{
		{UID: "a@linli.test", TZID: "Asia/Shanghai", StartUTC: "2025-04-05T01:00:00Z", EndUTC: "2025-04-05T02:00:00Z"},
		{UID: "r@linli.test", RecurrenceID: "2025-04-04T23:00:00Z", Status: "CONFIRMED", TZID: "Asia/Shanghai", StartUTC: "2025-04-04T23:00:00Z", EndUTC: "2025-04-05T00:00:00Z"},
		{UID: "r@linli.test", RecurrenceID: "2025-04-11T23:00:00Z", Status: "TENTATIVE", TZID: "Asia/Shanghai", StartUTC: "2025-04-13T11:30:00Z", EndUTC: "2025-04-13T12:30:00Z"},
		{UID: "r@linli.test", RecurrenceID: "2025-04-25T23:00:00Z", Status: "CONFIRMED", TZID: "Asia/Shanghai", StartUTC: "2025-04-25T23:00:00Z", EndUTC: "2025-04-26T00:00:00Z"},
	}})
	recurring := &cases[len(cases)-1].want
	for s := time.Date(2025, 4, 6, 1, 0, 0, 0, time.UTC); s.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)); s = s.AddDate(0, 0, 7) {
		start := s.Format(time.RFC3339)
		*recurring = append(*recurring, occurrence{UID: "b@linli.test", RecurrenceID: start, TZID: "UTC",
			StartUTC: start, EndUTC: s.Add(time.Hour).Format(time.RFC3339)})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if errs := Lint(c.feed); len(errs) > 0 {
				t.Fatalf("lint: %v", errs)
			}
			got, stderr, ok := icaltest.Run(t, node, c.feed)
			if !ok {
				t.Fatalf("check.mjs rejected the feed: %s", stderr)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("ical.js found\n%+v\nwant\n%+v", got, c.want)
			}
		})
	}
}

// TestICALJSRejects shows that check.mjs fails on the breakages it exists to catch.
func TestICALJSRejects(t *testing.T) {
	node := icaltest.Node(t)
	r := func(old, new string) string { return strings.Replace(lintBase, old, new, 1) }
	cases := []struct{ name, feed, msg string }{
		{"TZID without its VTIMEZONE", strings.ReplaceAll(lintBase, "TZID=Asia/Shanghai", "TZID=Europe/Berlin"), "does not define"},
		{"floating time", strings.ReplaceAll(lintBase, ";TZID=Asia/Shanghai:", ":"), "floating"},
		{"end before start", r("20250405T100000", "20250405T080000"), "not after start"},
		{"U+FFFD", r("NAME:测试", "NAME:测\uFFFD试"), "U+FFFD"},
		{"fold inside a rune", midRuneFold(lintBase), "U+FFFD"},
		{"unbalanced BEGIN/END", r("END:VEVENT\r\n", ""), "ICAL.parse"},
		{"duplicate UID", r("UID:b@linli.test", "UID:a@linli.test"), "two VEVENTs"},
		{"DAYLIGHT without STANDARD", r("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD",
			"BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:DAYLIGHT"), "no STANDARD"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.feed == lintBase {
				t.Fatal("the mutation changed nothing")
			}
			_, stderr, ok := icaltest.Run(t, node, []byte(c.feed))
			if ok || !strings.Contains(stderr, c.msg) {
				t.Errorf("check.mjs passed or failed for another reason (want %q): %s", c.msg, stderr)
			}
		})
	}
}
