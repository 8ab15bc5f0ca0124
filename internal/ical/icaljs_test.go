package ical

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/testtool"
)

// occurrence is one JSON line of test/icalcheck/check.mjs; null reads as "".
type occurrence struct {
	UID          string `json:"uid"`
	RecurrenceID string `json:"recurrenceId"`
	Status       string `json:"status"`
	AllDay       bool   `json:"allDay"`
	TZID         string `json:"tzid"`
	StartUTC     string `json:"startUTC"`
	EndUTC       string `json:"endUTC"`
}

// icalcheckDir is test/icalcheck, found from this file so the test runs from any directory.
func icalcheckDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "test", "icalcheck")
}

var npmCI struct {
	once sync.Once
	err  error
	out  []byte
}

// ensureICALJS returns the path of node after making sure the pinned ical.js is installed in
// test/icalcheck, running npm ci there once if it is not.
func ensureICALJS(t *testing.T) string {
	t.Helper()
	node := testtool.Path(t, "node")
	dir := icalcheckDir()
	var pkg struct{ Version string }
	if b, err := os.ReadFile(filepath.Join(dir, "node_modules", "ical.js", "package.json")); err == nil &&
		json.Unmarshal(b, &pkg) == nil && pkg.Version == "2.2.1" {
		return node
	}
	npm := testtool.Path(t, "npm")
	npmCI.once.Do(func() {
		cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
		cmd.Dir = dir
		npmCI.out, npmCI.err = cmd.CombinedOutput()
	})
	if npmCI.err != nil {
		if testtool.RequireAll() {
			t.Fatalf("npm ci in %s failed (LINLI_REQUIRE_ALL=1): %v\n%s", dir, npmCI.err, npmCI.out)
		}
		t.Skipf("skipping: npm ci in %s failed (no network?), so ical.js is missing: %v\n%s", dir, npmCI.err, npmCI.out)
	}
	return node
}

// runCheck runs check.mjs on feed with TZ=America/New_York and returns its occurrences, its
// stderr and whether it exited 0.
func runCheck(t *testing.T, node string, feed []byte) (occs []occurrence, stderr string, ok bool) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(path, feed, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "check.mjs", path)
	cmd.Dir = icalcheckDir()
	cmd.Env = append(os.Environ(), "TZ=America/New_York")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatalf("running node: %v", err)
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var o occurrence
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("check.mjs printed %q: %v", sc.Text(), err)
		}
		occs = append(occs, o)
	}
	return occs, errOut.String(), err == nil
}

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
	node := ensureICALJS(t)
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
			got, stderr, ok := runCheck(t, node, c.feed)
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
	node := ensureICALJS(t)
	r := func(old, new string) string { return strings.Replace(lintBase, old, new, 1) }
	cases := []struct{ name, feed, msg string }{
		{"TZID without its VTIMEZONE", strings.ReplaceAll(lintBase, "TZID=Asia/Shanghai", "TZID=Europe/Berlin"), "does not define"},
		{"floating time", strings.ReplaceAll(lintBase, ";TZID=Asia/Shanghai:", ":"), "floating"},
		{"end before start", r("20250405T100000", "20250405T080000"), "not after start"},
		{"U+FFFD", r("NAME:测试", "NAME:测\uFFFD试"), "U+FFFD"},
		{"fold inside a rune", midRuneFold(lintBase), "U+FFFD"},
		{"unbalanced BEGIN/END", r("END:VEVENT\r\n", ""), "ICAL.parse"},
		{"duplicate UID", r("UID:b@linli.test", "UID:a@linli.test"), "two VEVENTs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.feed == lintBase {
				t.Fatal("the mutation changed nothing")
			}
			_, stderr, ok := runCheck(t, node, []byte(c.feed))
			if ok || !strings.Contains(stderr, c.msg) {
				t.Errorf("check.mjs passed or failed for another reason (want %q): %s", c.msg, stderr)
			}
		})
	}
}
