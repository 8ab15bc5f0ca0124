package ical

import (
	"regexp"
	"strings"
	"time"
)

var (
	dateRe     = regexp.MustCompile(`^\d{8}$`)
	utcRe      = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	localRe    = regexp.MustCompile(`^\d{8}T\d{6}$`)
	durTime    = `T(\d+H(\d+M(\d+S)?)?|\d+M(\d+S)?|\d+S)`
	durationRe = regexp.MustCompile(`^[+-]?P(\d+W|\d+D(` + durTime + `)?|` + durTime + `)$`)
	offsetRe   = regexp.MustCompile(`^[+-]\d{4}(\d{2})?$`)
)

// textProps are the TEXT properties whose escaping R5 checks; true marks a comma-separated list (R6).
var textProps = map[string]bool{
	"SUMMARY": false, "DESCRIPTION": false, "LOCATION": false, "COMMENT": false, "CONTACT": false,
	"NAME": false, "X-WR-CALNAME": false, "X-WR-CALDESC": false, "TZNAME": false, "UID": false,
	"CATEGORIES": true, "RESOURCES": true,
}

// checkCalendar applies the rules above the line level to the parsed VCALENDAR.
func checkCalendar(l *linter, cal *component) {
	if v := cal.one(l, "R8", "VERSION"); v != nil && v.value != "2.0" {
		l.fail(v.line, "R8", "VERSION is %q, want 2.0", v.value)
	}
	cal.one(l, "R8", "PRODID")
	if len(cal.subs) == 0 {
		l.fail(cal.line, "R8", "VCALENDAR has no component")
	}
	for _, p := range cal.all("REFRESH-INTERVAL") {
		if !strings.EqualFold(p.param("VALUE"), "DURATION") {
			l.fail(p.line, "R23", "REFRESH-INTERVAL without VALUE=DURATION")
		}
		if !durationRe.MatchString(p.value) {
			l.fail(p.line, "R23", "REFRESH-INTERVAL %q is not a DURATION", p.value)
		}
	}
	methods := cal.all("METHOD")
	for _, m := range methods {
		if m.value != "PUBLISH" {
			l.fail(m.line, "R21", "METHOD:%s in a feed; omit METHOD or use PUBLISH", m.value)
		}
	}
	zones := checkTimezones(l, cal)
	ids := map[string]bool{}
	var walk func(c *component)
	walk = func(c *component) {
		for _, p := range c.props {
			checkText(l, p)
			if tzid, ok := p.params["TZID"]; ok && (len(tzid) != 1 || !zones[tzid[0]]) {
				l.fail(p.line, "R18", "%s uses TZID %q, which has no VTIMEZONE", p.name, strings.Join(tzid, ","))
			}
		}
		if c.name == "VEVENT" {
			checkEvent(l, c, ids)
			if len(methods) > 0 && (len(c.all("ORGANIZER")) == 0 || len(c.all("ATTENDEE")) > 0) {
				l.fail(c.line, "R21", "with METHOD:%s a VEVENT needs ORGANIZER and no ATTENDEE", methods[0].value)
			}
		}
		for _, s := range c.subs {
			walk(s)
		}
	}
	walk(cal)
}

// checkText checks the escaping of a TEXT value (R5) and the separators of a list (R6).
func checkText(l *linter, p *contentLine) {
	list, ok := textProps[p.name]
	if !ok && !strings.EqualFold(p.param("VALUE"), "TEXT") {
		return
	}
	v := p.value
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if i+1 == len(v) {
				l.fail(p.line, "R5", "%s ends in a lone backslash", p.name)
				return
			}
			i++
			switch v[i] {
			case '\\', ';', 'n', 'N':
			case ',':
				if list {
					l.fail(p.line, "R6", "%s has an escaped comma; separate items with a bare comma or use one property per item", p.name)
				}
			default:
				l.fail(p.line, "R5", "%s has an unknown escape \\%c", p.name, v[i])
			}
		case ';':
			l.fail(p.line, "R5", "%s has an unescaped ';'", p.name)
		case ',':
			if !list {
				l.fail(p.line, "R5", "%s has an unescaped ','", p.name)
			}
		}
	}
}

// checkTimezones checks every VTIMEZONE (R18) and returns the set of TZIDs they define.
func checkTimezones(l *linter, cal *component) map[string]bool {
	zones := map[string]bool{}
	for _, tz := range cal.subs {
		if tz.name != "VTIMEZONE" {
			continue
		}
		id := tz.one(l, "R18", "TZID")
		if id != nil {
			if zones[id.value] {
				l.fail(tz.line, "R18", "second VTIMEZONE for TZID %q", id.value)
			}
			zones[id.value] = true
		}
		n, daylight, standard := 0, false, false
		for _, o := range tz.subs {
			if o.name != "STANDARD" && o.name != "DAYLIGHT" {
				continue
			}
			n++
			daylight, standard = daylight || o.name == "DAYLIGHT", standard || o.name == "STANDARD"
			if s := o.one(l, "R18", "DTSTART"); s != nil && !localRe.MatchString(s.value) {
				l.fail(s.line, "R18", "DTSTART %q of %s is not a local date-time", s.value, o.name)
			}
			for _, name := range []string{"TZOFFSETFROM", "TZOFFSETTO"} {
				if p := o.one(l, "R18", name); p != nil && !offsetRe.MatchString(p.value) {
					l.fail(p.line, "R18", "%s %q is not a UTC offset", name, p.value)
				}
			}
		}
		if n == 0 {
			l.fail(tz.line, "R18", "VTIMEZONE has no STANDARD or DAYLIGHT block")
		}
		if daylight && !standard {
			// Outlook and ical4j (ICSx5) misread the offsets of a zone with DAYLIGHT alone.
			l.fail(tz.line, "R18", "VTIMEZONE has a DAYLIGHT block but no STANDARD block")
		}
	}
	return zones
}

// checkEvent checks a VEVENT's identity (R9, R10), its times (R11, R17, R20) and RRULE UNTIL (R16).
func checkEvent(l *linter, ev *component, ids map[string]bool) {
	uid := ev.one(l, "R9", "UID")
	if stamp := ev.one(l, "R9", "DTSTAMP"); stamp != nil && !utcRe.MatchString(stamp.value) {
		l.fail(stamp.line, "R9", "DTSTAMP %q is not in UTC", stamp.value)
	}
	for _, name := range []string{"LAST-MODIFIED", "CREATED"} {
		for _, p := range ev.all(name) {
			if !utcRe.MatchString(p.value) {
				l.fail(p.line, "R9", "%s %q is not in UTC", name, p.value)
			}
		}
	}
	recurrence := ""
	for _, name := range []string{"DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"} {
		for _, p := range ev.all(name) {
			checkTimeForm(l, p)
			if name == "RECURRENCE-ID" {
				recurrence = p.value
			}
		}
	}
	if uid != nil {
		key := uid.value + "\x00" + recurrence
		if ids[key] {
			l.fail(ev.line, "R10", "UID %q appears twice (RECURRENCE-ID %q)", uid.value, recurrence)
		}
		ids[key] = true
	}
	start := ev.one(l, "R11", "DTSTART")
	ends, durations := ev.all("DTEND"), ev.all("DURATION")
	switch {
	case len(ends)+len(durations) != 1:
		l.fail(ev.line, "R11", "VEVENT has %d DTEND and %d DURATION, want exactly one of them", len(ends), len(durations))
	case len(durations) == 1:
		d := durations[0].value
		if !durationRe.MatchString(d) || strings.HasPrefix(d, "-") || strings.Trim(d, "+PTWDHMS0") == "" {
			l.fail(durations[0].line, "R11", "DURATION %q is not a positive duration", d)
		}
	case start != nil:
		checkOrder(l, start, ends[0])
	}
	if start != nil {
		for _, rule := range ev.all("RRULE") {
			checkUntil(l, start, rule)
		}
	}
}

// checkTimeForm checks one DATE or DATE-TIME property (R17, R20).
func checkTimeForm(l *linter, p *contentLine) {
	tzid := p.param("TZID")
	isDate := strings.EqualFold(p.param("VALUE"), "DATE")
	for _, v := range strings.Split(p.value, ",") {
		switch {
		case isDate && (!dateRe.MatchString(v) || tzid != ""):
			l.fail(p.line, "R20", "%s;VALUE=DATE must be YYYYMMDD without TZID, got %q", p.name, v)
		case isDate:
		case dateRe.MatchString(v):
			l.fail(p.line, "R20", "%s %q is a DATE without VALUE=DATE", p.name, v)
		case utcRe.MatchString(v) && tzid != "":
			l.fail(p.line, "R17", "%s has TZID=%s and a UTC value %q", p.name, tzid, v)
		case localRe.MatchString(v) && tzid == "":
			l.fail(p.line, "R17", "%s %q is a floating time (no TZID, no Z)", p.name, v)
		case !utcRe.MatchString(v) && !localRe.MatchString(v):
			l.fail(p.line, "R17", "%s %q is not a DATE-TIME", p.name, v)
		}
	}
}

// checkOrder reports a DTEND that is not after DTSTART (R11, R20). Values of the same form compare
// as strings; a local time and a UTC time are compared only when the TZID is an IANA zone name.
func checkOrder(l *linter, start, end *contentLine) {
	sDate := strings.EqualFold(start.param("VALUE"), "DATE")
	eDate := strings.EqualFold(end.param("VALUE"), "DATE")
	if sDate != eDate {
		l.fail(end.line, "R20", "DTSTART and DTEND differ in value type")
		return
	}
	sZone, eZone := zoneOf(start), zoneOf(end)
	if sZone == eZone {
		if end.value <= start.value {
			l.fail(end.line, "R11", "DTEND %s is not after DTSTART %s", end.value, start.value)
		}
		return
	}
	s, okS := instant(start, sZone)
	e, okE := instant(end, eZone)
	if okS && okE && !e.After(s) {
		l.fail(end.line, "R11", "DTEND %s is not after DTSTART %s", end.value, start.value)
	}
}

// zoneOf names the zone a time property's value is in: "Z" for UTC, the TZID, or "" when floating
// or when both a TZID and a Z make it unknowable (R17 reports that).
func zoneOf(p *contentLine) string {
	tzid := p.param("TZID")
	switch {
	case !strings.HasSuffix(p.value, "Z"):
		return tzid
	case tzid == "":
		return "Z"
	}
	return ""
}

// instant resolves a DATE-TIME in UTC or in an IANA zone; ok is false when it cannot.
func instant(p *contentLine, zone string) (t time.Time, ok bool) {
	loc := time.UTC
	if zone != "Z" {
		var err error
		if loc, err = time.LoadLocation(zone); zone == "" || err != nil {
			return time.Time{}, false
		}
	}
	t, err := time.ParseInLocation(localFormat, strings.TrimSuffix(p.value, "Z"), loc)
	return t, err == nil
}

// checkUntil checks that an RRULE's UNTIL has the form its DTSTART demands (R16).
func checkUntil(l *linter, start, rule *contentLine) {
	for _, part := range strings.Split(rule.value, ";") {
		until, ok := strings.CutPrefix(strings.ToUpper(part), "UNTIL=")
		if !ok {
			continue
		}
		want, re := "UTC", utcRe
		if strings.EqualFold(start.param("VALUE"), "DATE") {
			want, re = "a DATE", dateRe
		}
		if !re.MatchString(until) {
			l.fail(rule.line, "R16", "RRULE UNTIL=%s should be %s for this DTSTART", until, want)
		}
	}
}
