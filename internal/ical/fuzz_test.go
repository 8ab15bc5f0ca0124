package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// wantText is what a TEXT value should read as after a round trip, written independently of
// cleanText: CRLF and CR become LF, HTAB a space, and control characters, invalid UTF-8 and
// U+FFFD are gone.
func wantText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteRune(' ')
		case r == utf8.RuneError || unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzEncodeText feeds arbitrary SUMMARY, DESCRIPTION and LOCATION text through Encode: the feed
// must lint clean, without warnings, and golang-ical must read the cleaned text back.
func FuzzEncodeText(f *testing.F) {
	f.Add("太极拳, 初级班; 带水", "第一行\r\n第二行\r第三行\n\\n 不是换行", "幸福里 3号门")
	f.Add(strings.Repeat("😀", 40), longText(300), "a\\")
	f.Add("\x00\x1b[31mred\x7f\u0085", "bad \xff\xfe utf8 \uFFFD", "\t")
	f.Add(strings.Repeat("a", 73)+`\,`, strings.Repeat(",", 200), strings.Repeat(`\`, 100))
	base := oneEvent(f)
	f.Fuzz(func(t *testing.T, summary, description, location string) {
		feed := base
		ev := base.Events[0]
		ev.Summary, ev.Description, ev.Location = summary, description, location
		feed.Events = []Event{ev}
		var buf bytes.Buffer
		if err := Encode(&buf, feed); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		out := buf.Bytes()
		if errs := append(Lint(out), LintWarnings(out)...); len(errs) > 0 {
			t.Fatalf("lint: %v\n%q", errs, out)
		}
		cal, err := ics.ParseCalendar(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("ParseCalendar: %v\n%q", err, out)
		}
		events := cal.Events()
		if len(events) != 1 {
			t.Fatalf("parsed %d events, want 1", len(events))
		}
		for _, c := range []struct {
			prop ics.ComponentProperty
			in   string
		}{
			{ics.ComponentPropertySummary, summary},
			{ics.ComponentPropertyDescription, description},
			{ics.ComponentPropertyLocation, location},
		} {
			got := ""
			if p := events[0].GetProperty(c.prop); p != nil {
				got = p.Value
			}
			if want := wantText(c.in); got != want {
				t.Errorf("%s of %q reads back as %q, want %q", c.prop, c.in, got, want)
			}
		}
	})
}
