package ical

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// oneEvent is a valid single-event feed in Shanghai for tests to vary.
func oneEvent(t testing.TB) Feed {
	sh := loadZone(t, "Asia/Shanghai")
	start := time.Date(2025, 4, 5, 9, 0, 0, 0, sh)
	return Feed{Name: "测试", Location: sh, Events: []Event{{
		UID: "a@" + host, Start: start, End: start.Add(time.Hour), Summary: "太极拳",
		Status: StatusConfirmed, Stamp: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
	}}}
}

func TestEncodeWritesShanghaiTimes(t *testing.T) {
	f := oneEvent(t)
	f.Events[0].Stamp = time.Date(2025, 3, 1, 8, 0, 0, 0, f.Location) // not UTC on input
	got := string(encode(t, f))
	for _, want := range []string{
		"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n" +
			"TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n",
		"\r\nDTSTART;TZID=Asia/Shanghai:20250405T090000\r\n",
		"\r\nDTEND;TZID=Asia/Shanghai:20250405T100000\r\n",
		"\r\nDTSTAMP:20250301T000000Z\r\n",
		"\r\nLAST-MODIFIED:20250301T000000Z\r\n",
		"\r\nSEQUENCE:0\r\n",
		"\r\nPRODID:" + ProductID + "\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("feed lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"METHOD", "Z\r\nDTEND;TZID", "TZID=Asia/Shanghai:20250405T090000Z"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("feed contains %q", unwanted)
		}
	}
}

// TestEncodeFallBackHour checks that instants in either pass of the repeated hour are written in
// UTC, since clients disagree on which pass a local time names, and that the VTIMEZONE covers DST.
func TestEncodeFallBackHour(t *testing.T) {
	ny := loadZone(t, "America/New_York")
	first := time.Date(2025, 11, 2, 5, 30, 0, 0, time.UTC) // 01:30 EDT
	second := first.Add(time.Hour)                         // 01:30 EST
	f := Feed{Name: "NY", Location: ny, Events: []Event{
		{UID: "x@" + host, Start: first, End: second, Stamp: first},
		{UID: "y@" + host, Start: first.Add(-time.Hour), End: second.Add(time.Hour), Stamp: first},
	}}
	got := string(encode(t, f))
	for _, want := range []string{
		"\r\nDTSTART:20251102T053000Z\r\n",
		"\r\nDTEND:20251102T063000Z\r\n",
		"\r\nDTSTART;TZID=America/New_York:20251102T003000\r\n",
		"\r\nDTEND;TZID=America/New_York:20251102T023000\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n",
		"BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("feed lacks %q:\n%s", want, got)
		}
	}
	if errs := Lint([]byte(got)); len(errs) > 0 {
		t.Errorf("lint: %v", errs)
	}
}

// TestEncodeBothObservances: in a zone with DST, a feed whose events all fall in one season still
// gets a STANDARD and a DAYLIGHT block (Outlook and ical4j misread a VTIMEZONE with one of them),
// and ical.js's offsets stay exact; a zone without DST keeps its single STANDARD block.
func TestEncodeBothObservances(t *testing.T) {
	ny := loadZone(t, "America/New_York")
	for _, c := range []struct {
		name  string
		start time.Time
		want  []string
	}{
		{"summer only", time.Date(2026, 7, 6, 16, 30, 0, 0, ny), []string{
			"BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n",
			"BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n",
		}},
		{"winter only", time.Date(2026, 1, 12, 16, 30, 0, 0, ny), []string{
			"BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n",
			"BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := Feed{Name: "NY", Location: ny, Events: []Event{
				{UID: "x@" + host, Start: c.start, End: c.start.Add(90 * time.Minute), Stamp: c.start},
				{UID: "y@" + host, Start: c.start.AddDate(0, 0, 14), End: c.start.AddDate(0, 0, 14).Add(time.Hour), Stamp: c.start},
			}}
			got := string(encode(t, f))
			for _, want := range c.want {
				if !strings.Contains(got, want) {
					t.Errorf("feed lacks %q:\n%s", want, got)
				}
			}
			if n := strings.Count(got, "BEGIN:STANDARD") + strings.Count(got, "BEGIN:DAYLIGHT"); n != 2 {
				t.Errorf("%d observances, want 2:\n%s", n, got)
			}
			if errs := Lint([]byte(got)); len(errs) > 0 {
				t.Errorf("lint: %v", errs)
			}
		})
	}
	if got := string(encode(t, oneEvent(t))); strings.Contains(got, "DAYLIGHT") || strings.Count(got, "BEGIN:STANDARD") != 1 {
		t.Errorf("Shanghai's VTIMEZONE:\n%s", got)
	}
}

func TestEncodeRejectsInvalidInput(t *testing.T) {
	cases := map[string]func(f *Feed){
		"nil location":          func(f *Feed) { f.Location = nil },
		"location with a colon": func(f *Feed) { f.Location = time.FixedZone("UTC+08:00", 8*3600) },
		"unnamed location":      func(f *Feed) { f.Location = time.FixedZone("", 8*3600) },
		"no name":               func(f *Feed) { f.Name = "\r\n" },
		"sub-second refresh":    func(f *Feed) { f.RefreshInterval = time.Millisecond },
		"negative refresh":      func(f *Feed) { f.RefreshInterval = -time.Hour },
		"empty UID":             func(f *Feed) { f.Events[0].UID = "\x00" },
		"duplicate UID":         func(f *Feed) { f.Events = append(f.Events, f.Events[0]) },
		"end equals start":      func(f *Feed) { f.Events[0].End = f.Events[0].Start.Add(time.Millisecond) },
		"end before start":      func(f *Feed) { f.Events[0].End = f.Events[0].Start.Add(-time.Hour) },
		"zero stamp":            func(f *Feed) { f.Events[0].Stamp = time.Time{} },
		"zero start":            func(f *Feed) { f.Events[0].Start = time.Time{} },
		"year 10000":            func(f *Feed) { f.Events[0].End = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"unknown status":        func(f *Feed) { f.Events[0].Status = "DONE" },
		"negative sequence":     func(f *Feed) { f.Events[0].Sequence = -1 },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			f := oneEvent(t)
			mutate(&f)
			var buf bytes.Buffer
			err := Encode(&buf, f)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Encode = %v, want an error wrapping ErrInvalid", err)
			}
			if buf.Len() > 0 {
				t.Errorf("Encode wrote %d bytes for an invalid feed", buf.Len())
			}
		})
	}
}

func TestEncodeOptionalFields(t *testing.T) {
	f := oneEvent(t)
	f.RefreshInterval = 90*time.Minute + 5*time.Second
	f.Events[0].Summary = ""
	f.Events[0].Status = ""
	f.Events[0].Categories = []string{"课程, 体育", " ", "a;b"}
	f.Events[0].URL = "https://" + host + "/s/1\r\n"
	got := string(encode(t, f))
	for _, want := range []string{
		"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H30M5S\r\nX-PUBLISHED-TTL:PT1H30M5S\r\n",
		"\r\nCATEGORIES:课程\r\nCATEGORIES:体育\r\nCATEGORIES:a\\;b\r\n",
		"\r\nURL:https://" + host + "/s/1\r\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("feed lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"SUMMARY", "STATUS", "DESCRIPTION", "CATEGORIES: "} {
		if strings.Contains(got, unwanted) {
			t.Errorf("feed contains %q:\n%s", unwanted, got)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second:                    "PT1S",
		12 * time.Hour:                 "PT12H",
		24 * time.Hour:                 "P1D",
		7 * 24 * time.Hour:             "P7D",
		26*time.Hour + 3*time.Second:   "P1DT2H0M3S",
		time.Hour + 5*time.Second:      "PT1H0M5S",
		90*time.Minute + time.Second/2: "PT1H30M",
	} {
		if got := formatDuration(d); got != want || !durationRe.MatchString(got) {
			t.Errorf("formatDuration(%v) = %q, want %q (and a valid DURATION)", d, got, want)
		}
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain 中文 😀":          "plain 中文 😀",
		"a\r\nb\rc\nd":        "a\nb\nc\nd",
		"a\r\r\nb":            "a\n\nb",
		"tab\there":           "tab here",
		"nul\x00 del\x7f":     "nul del",
		"c1\u0085 esc\x1b[0m": "c1 esc[0m",
		"bad\xff\xfe utf8":    "bad utf8",
		"cut 汉\xe5\xad":       "cut 汉",
		"replacement \uFFFD!": "replacement !",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanLine("a\r\nb\rc"); got != "abc" {
		t.Errorf("cleanLine dropped no line breaks: %q", got)
	}
}

// TestFoldNeverSplitsEscapes moves escape sequences and 4-byte runes across every fold position,
// and shows that golang-ical's own folding would have split an escape there (defect 2, R4).
func TestFoldNeverSplitsEscapes(t *testing.T) {
	libSplits := false
	for pad := 0; pad < 160; pad++ {
		f := oneEvent(t)
		f.Events[0].Summary = strings.Repeat("a", pad) + `\,;` + "\n😀" + strings.Repeat("汉,", 30)
		got := encode(t, f)
		if errs := append(Lint(got), LintWarnings(got)...); len(errs) > 0 {
			t.Fatalf("pad %d: %v", pad, errs)
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(got))
		if err != nil {
			t.Fatalf("pad %d: ParseCalendar: %v", pad, err)
		}
		if s := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; s != f.Events[0].Summary {
			t.Fatalf("pad %d: SUMMARY round-trips as %q", pad, s)
		}
		lib, err := calendar(f, false)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := lib.SerializeTo(&buf, ics.WithNewLineWindows); err != nil {
			t.Fatal(err)
		}
		libSplits = libSplits || len(LintWarnings(buf.Bytes())) > 0
	}
	if !libSplits {
		t.Error("golang-ical's folding never split an escape: the linter's R4 check or this test is broken")
	}
}

// TestEncodeEvent: a single-event download names no calendar (R22: Outlook desktop would open it
// as a new calendar) and is otherwise the event as a feed writes it.
func TestEncodeEvent(t *testing.T) {
	f := oneEvent(t)
	f.RefreshInterval, f.Description = time.Hour, "说明"
	var buf bytes.Buffer
	if err := EncodeEvent(&buf, f.Location, f.Events[0]); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, unwanted := range []string{"\r\nNAME", "X-WR-CALNAME", "X-WR-CALDESC", "REFRESH-INTERVAL", "X-PUBLISHED-TTL", "METHOD"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("the download carries %s:\n%s", unwanted, got)
		}
	}
	feed := string(encode(t, f))
	if i, j := strings.Index(got, "BEGIN:VTIMEZONE"), strings.Index(feed, "BEGIN:VTIMEZONE"); i < 0 || got[i:] != feed[j:] {
		t.Errorf("the download's zone and event differ from the feed's:\n%s\nfeed:\n%s", got, feed)
	}
	if errs := Lint(buf.Bytes()); len(errs) > 0 {
		t.Errorf("lint: %v", errs)
	}
	if err := EncodeEvent(&buf, f.Location, Event{UID: "x"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("an event without times: %v", err)
	}
}
