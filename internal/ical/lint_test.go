package ical

import (
	"errors"
	"strings"
	"testing"
)

// lintBase is a hand-written feed that breaks no rule; each case below breaks one.
var lintBase = strings.Join([]string{
	"BEGIN:VCALENDAR",
	"VERSION:2.0",
	"PRODID:-//linli//linli//ZH",
	"NAME:测试",
	"X-WR-CALNAME:测试",
	"REFRESH-INTERVAL;VALUE=DURATION:PT12H",
	"BEGIN:VTIMEZONE",
	"TZID:Asia/Shanghai",
	"BEGIN:STANDARD",
	"DTSTART:19700101T000000",
	"TZOFFSETFROM:+0800",
	"TZOFFSETTO:+0800",
	"TZNAME:CST",
	"END:STANDARD",
	"END:VTIMEZONE",
	"BEGIN:VEVENT",
	"UID:a@linli.test",
	"DTSTAMP:20250301T000000Z",
	"DTSTART;TZID=Asia/Shanghai:20250405T090000",
	"DTEND;TZID=Asia/Shanghai:20250405T100000",
	`SUMMARY:太极拳\, 初级班\; 带水`,
	`DESCRIPTION:第一行\n第二行: 冒号不用转义 C:\\temp`,
	"CATEGORIES:课程,体育",
	"END:VEVENT",
	"BEGIN:VEVENT",
	"UID:b@linli.test",
	"DTSTAMP:20250301T000000Z",
	"DTSTART:20250406T010000Z",
	"DURATION:PT1H",
	"RRULE:FREQ=WEEKLY;UNTIL=20250601T000000Z",
	"END:VEVENT",
	"END:VCALENDAR",
	"",
}, "\r\n")

// midRuneFold folds the SUMMARY inside the three octets of 极.
func midRuneFold(s string) string {
	const line = "SUMMARY:太极拳"
	cut := len("SUMMARY:太") + 1
	return strings.Replace(s, `SUMMARY:太极拳\, 初级班\; 带水`, line[:cut]+"\r\n "+line[cut:], 1)
}

func TestLintBaseIsClean(t *testing.T) {
	if errs := Lint([]byte(lintBase)); len(errs) > 0 {
		t.Fatalf("the base feed must lint clean: %v", errs)
	}
	if warns := LintWarnings([]byte(lintBase)); len(warns) > 0 {
		t.Fatalf("the base feed must have no warnings: %v", warns)
	}
}

func TestLintCatchesEachRule(t *testing.T) {
	r := func(old, new string) func(string) string {
		return func(s string) string { return strings.Replace(s, old, new, 1) }
	}
	cases := []struct {
		name   string
		mutate func(string) string
		rule   string
	}{
		{"LF line endings", func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }, "R1"},
		{"bare CR in a value", r("第一行", "第一\r行"), "R1"},
		{"no final CRLF", func(s string) string { return strings.TrimSuffix(s, "\r\n") }, "R1"},
		{"line over 75 octets", r("NAME:测试", "NAME:"+strings.Repeat("x", 71)), "R2"},
		{"continuation first", func(s string) string { return " " + s }, "R2"},
		{"fold inside a rune", midRuneFold, "R3"},
		{"invalid UTF-8", r("NAME:测试", "NAME:\xff"), "R3"},
		{"U+FFFD", r("NAME:测试", "NAME:测\uFFFD试"), "R3"},
		{"unescaped comma in SUMMARY", r(`太极拳\, 初级班`, "太极拳, 初级班"), "R5"},
		{"unescaped semicolon in SUMMARY", r(`初级班\; 带水`, "初级班; 带水"), "R5"},
		{"lone backslash at the end", r(`第二行: 冒号不用转义 C:\\temp`, `第二行\`), "R5"},
		{"unknown escape", r(`第一行\n`, `第一行\t`), "R5"},
		{"control character", r("NAME:测试", "NAME:测\x01试"), "R5"},
		{"escaped comma in CATEGORIES", r("课程,体育", `课程\,体育`), "R6"},
		{"backslash-escaped parameter", r("UID:a@linli.test", "UID:a@linli.test\r\nATTENDEE;CN=Zhang\\, San:mailto:z@linli.test"), "R7"},
		{"unterminated quoted parameter", r("UID:a@linli.test", "UID:a@linli.test\r\nATTENDEE;CN=\"Zhang:mailto:z@linli.test"), "R7"},
		{"two VCALENDARs", func(s string) string { return s + s }, "R8"},
		{"unbalanced BEGIN/END", r("END:VEVENT\r\n", ""), "R8"},
		{"END of the wrong component", r("END:STANDARD", "END:DAYLIGHT"), "R8"},
		{"missing VERSION", r("VERSION:2.0\r\n", ""), "R8"},
		{"VERSION 1.0", r("VERSION:2.0", "VERSION:1.0"), "R8"},
		{"missing PRODID", r("PRODID:-//linli//linli//ZH\r\n", ""), "R8"},
		{"PRODID twice", r("PRODID:-//linli//linli//ZH", "PRODID:a\r\nPRODID:b"), "R8"},
		{"no component", func(string) string {
			return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
		}, "R8"},
		{"line without colon", r("NAME:测试", "NAME测试"), "R8"},
		{"empty line", r("NAME:测试\r\n", "NAME:测试\r\n\r\n"), "R8"},
		{"missing UID", r("UID:a@linli.test\r\n", ""), "R9"},
		{"DTSTAMP not UTC", r("DTSTAMP:20250301T000000Z\r\nDTSTART;", "DTSTAMP:20250301T000000\r\nDTSTART;"), "R9"},
		{"missing DTSTAMP", r("DTSTAMP:20250301T000000Z\r\nDTSTART;", "DTSTART;"), "R9"},
		{"LAST-MODIFIED not UTC", r("UID:b@linli.test", "UID:b@linli.test\r\nLAST-MODIFIED:20250301T000000"), "R9"},
		{"duplicate UID", r("UID:b@linli.test", "UID:a@linli.test"), "R10"},
		{"DTEND equal to DTSTART", r("20250405T100000", "20250405T090000"), "R11"},
		{"DTEND before DTSTART", r("20250405T100000", "20250405T080000"), "R11"},
		{"DTEND before DTSTART across zones", r("DTEND;TZID=Asia/Shanghai:20250405T100000", "DTEND:20250405T003000Z"), "R11"},
		{"both DTEND and DURATION", r("DTEND;TZID=Asia/Shanghai:20250405T100000", "DTEND;TZID=Asia/Shanghai:20250405T100000\r\nDURATION:PT1H"), "R11"},
		{"neither DTEND nor DURATION", r("DURATION:PT1H\r\n", ""), "R11"},
		{"zero DURATION", r("DURATION:PT1H", "DURATION:PT0S"), "R11"},
		{"missing DTSTART", r("DTSTART:20250406T010000Z\r\n", ""), "R11"},
		{"UNTIL not in UTC", r("UNTIL=20250601T000000Z", "UNTIL=20250601T000000"), "R16"},
		{"TZID with a Z value", r("DTSTART;TZID=Asia/Shanghai:20250405T090000", "DTSTART;TZID=Asia/Shanghai:20250405T090000Z"), "R17"},
		{"floating time", r("DTSTART;TZID=Asia/Shanghai:20250405T090000", "DTSTART:20250405T090000"), "R17"},
		{"garbled DATE-TIME", r("DTSTART:20250406T010000Z", "DTSTART:2025-04-06"), "R17"},
		{"TZID without VTIMEZONE", func(s string) string { return strings.ReplaceAll(s, "TZID=Asia/Shanghai", "TZID=Europe/Berlin") }, "R18"},
		{"VTIMEZONE without STANDARD or DAYLIGHT", r("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\n", ""), "R18"},
		{"DAYLIGHT without STANDARD", r("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD", "BEGIN:DAYLIGHT\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:DAYLIGHT"), "R18"},
		{"STANDARD without TZOFFSETTO", r("TZOFFSETTO:+0800\r\n", ""), "R18"},
		{"bad TZOFFSETFROM", r("TZOFFSETFROM:+0800", "TZOFFSETFROM:+8"), "R18"},
		{"two VTIMEZONEs for one TZID", r("END:VTIMEZONE", "END:VTIMEZONE\r\nBEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nEND:STANDARD\r\nEND:VTIMEZONE"), "R18"},
		{"DATE without VALUE=DATE", r("DTSTART:20250406T010000Z", "DTSTART:20250406"), "R20"},
		{"VALUE=DATE with TZID", r("DTSTART:20250406T010000Z", "DTSTART;VALUE=DATE;TZID=Asia/Shanghai:20250406"), "R20"},
		{"all-day DTEND not after DTSTART", r("DTSTART;TZID=Asia/Shanghai:20250405T090000\r\nDTEND;TZID=Asia/Shanghai:20250405T100000", "DTSTART;VALUE=DATE:20250405\r\nDTEND;VALUE=DATE:20250405"), "R11"},
		{"METHOD:PUBLISH without ORGANIZER", r("PRODID:-//linli//linli//ZH", "PRODID:-//linli//linli//ZH\r\nMETHOD:PUBLISH"), "R21"},
		{"METHOD:REQUEST", r("PRODID:-//linli//linli//ZH", "PRODID:-//linli//linli//ZH\r\nMETHOD:REQUEST"), "R21"},
		{"REFRESH-INTERVAL without VALUE=DURATION", r("REFRESH-INTERVAL;VALUE=DURATION:PT12H", "REFRESH-INTERVAL:PT12H"), "R23"},
		{"REFRESH-INTERVAL not a duration", r("VALUE=DURATION:PT12H", "VALUE=DURATION:12h"), "R23"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := c.mutate(lintBase)
			if bad == lintBase {
				t.Fatal("the mutation changed nothing")
			}
			errs := Lint([]byte(bad))
			if !hasRule(errs, c.rule) {
				t.Errorf("Lint did not report %s; it reported %v", c.rule, errs)
			}
		})
	}
}

func hasRule(errs []error, rule string) bool {
	for _, err := range errs {
		var le *LintError
		if errors.As(err, &le) && le.Rule == rule {
			return true
		}
	}
	return false
}

func TestLintWarnsOnSplitEscape(t *testing.T) {
	bad := strings.Replace(lintBase, `DESCRIPTION:第一行\n第二行`, "DESCRIPTION:第一行\\\r\n n第二行", 1)
	if bad == lintBase {
		t.Fatal("the mutation changed nothing")
	}
	if errs := Lint([]byte(bad)); len(errs) > 0 {
		t.Errorf("a split escape is legal RFC 5545, yet Lint reported %v", errs)
	}
	if !hasRule(LintWarnings([]byte(bad)), "R4") {
		t.Error("LintWarnings did not report R4")
	}
	// An escaped backslash ends its escape, so a fold after it splits nothing.
	fine := strings.Replace(lintBase, `C:\\temp`, "C:\\\\\r\n temp", 1)
	if warns := LintWarnings([]byte(fine)); len(warns) > 0 || fine == lintBase {
		t.Errorf("a fold after \\\\ splits no escape, yet LintWarnings reported %v", warns)
	}
}
