package ical

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

const (
	localFormat = "20060102T150405"
	utcFormat   = "20060102T150405Z"
)

// tzidOf returns the TZID for loc: its name, which must be usable as a parameter value as it is,
// because golang-ical would backslash-escape it (defect 5) and RFC 5545 would need it quoted (R7).
func tzidOf(loc *time.Location) (string, error) {
	if loc == nil {
		return "", fmt.Errorf("%w: feed has no Location", ErrInvalid)
	}
	name := loc.String()
	if name == "" || strings.ContainsAny(name, `,;:"'\`) || !isClean(name, false) {
		return "", fmt.Errorf("%w: location name %q cannot be a TZID; load the zone with time.LoadLocation", ErrInvalid, name)
	}
	return name, nil
}

// setTime sets a DATE-TIME property to t as a local time of loc with TZID=tzid (defect 6
// workaround: golang-ical's SetStartAt writes UTC). A local time in the hour repeated when DST ends
// names two instants, and clients disagree on which one (RFC 5545 §3.3.5 says the first, ical.js
// takes the second), so such an instant is written in UTC instead, which R17 allows.
func setTime(e *ics.VEvent, p ics.ComponentProperty, t time.Time, loc *time.Location, tzid string) {
	if ambiguous(t, loc) {
		e.SetProperty(p, t.UTC().Format(utcFormat))
		return
	}
	e.SetProperty(p, t.In(loc).Format(localFormat), ics.WithTZID(tzid))
}

// ambiguous reports whether the wall-clock time of t in loc also names an instant of the zone
// period just before or just after t's.
func ambiguous(t time.Time, loc *time.Location) bool {
	t = t.In(loc).Truncate(time.Second)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	start, end := t.ZoneBounds()
	var neighbours []time.Time
	if !start.IsZero() {
		neighbours = append(neighbours, start.Add(-time.Second))
	}
	if !end.IsZero() {
		neighbours = append(neighbours, end)
	}
	for _, n := range neighbours {
		_, offset := n.Zone()
		other := wall.Add(-time.Duration(offset) * time.Second)
		if !other.Equal(t) && other.In(loc).Format(localFormat) == t.Format(localFormat) {
			return true
		}
	}
	return false
}

// observance is one STANDARD or DAYLIGHT block of a VTIMEZONE.
type observance struct {
	daylight bool
	start    string // local wall time of the onset, in the offset before it
	from, to int    // UTC offsets in seconds
	name     string
}

// observances describes loc for every instant in [from, to] with both a STANDARD and a DAYLIGHT
// block whenever the zone observes DST around them: Outlook and ical4j (ICSx5) misread a
// VTIMEZONE with only one of the two, as a program that meets only in summer would get. When
// [from, to] lies within one zone period of a zone that changed within the year before from, the
// blocks start at the period before. A zone without DST (Asia/Shanghai since 1991) yields the
// single block DTSTART:19700101T000000 with equal TZOFFSETFROM and TZOFFSETTO.
func observances(loc *time.Location, from, to time.Time) []observance {
	obs := observancesIn(loc, from, to)
	if !hasBoth(obs) {
		if start, _ := from.In(loc).ZoneBounds(); !start.IsZero() && !start.Before(from.AddDate(-1, 0, 0)) {
			if wider := observancesIn(loc, start.Add(-time.Second), to); hasBoth(wider) {
				return wider
			}
		}
	}
	return obs
}

// hasBoth reports whether obs has a DAYLIGHT block and a STANDARD one.
func hasBoth(obs []observance) bool {
	var daylight, standard bool
	for _, o := range obs {
		daylight, standard = daylight || o.daylight, standard || !o.daylight
	}
	return daylight && standard
}

// observancesIn describes loc for every instant in [from, to]: one block for the offset in effect
// at from, then one per transition up to to. The blocks carry no RRULE, so they are exact for the
// feed's own events whatever the zone's rules, and need no "now".
func observancesIn(loc *time.Location, from, to time.Time) []observance {
	from = from.In(loc)
	name, offset := from.Zone()
	onset := "19700101T000000"
	if from.Year() < 1970 {
		onset = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC).Format(localFormat)
	}
	obs := []observance{{daylight: from.IsDST(), start: onset, from: offset, to: offset, name: name}}
	for t := from; ; {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			return obs
		}
		prev := obs[len(obs)-1]
		name, offset := end.Zone()
		if offset != prev.to || name != prev.name || end.IsDST() != prev.daylight {
			before := end.In(time.FixedZone("", prev.to))
			obs = append(obs, observance{daylight: end.IsDST(), start: before.Format(localFormat), from: prev.to, to: offset, name: name})
		}
		t = end
	}
}

// vtimezone builds the VTIMEZONE for tzid from its observances (defect 7: golang-ical's
// AddTimezone emits only the TZID).
func vtimezone(tzid string, obs []observance) *ics.VTimezone {
	tz := ics.NewTimezone(tzid)
	for _, o := range obs {
		var c ics.ComponentBase
		c.SetProperty(ics.ComponentPropertyDtStart, o.start)
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(o.from))
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(o.to))
		if name := cleanLine(o.name); name != "" {
			c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		}
		if o.daylight {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: c})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: c})
		}
	}
	return tz
}

// formatOffset writes a UTC-OFFSET value (RFC 5545 §3.3.14): ±HHMM, with seconds only when needed.
func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}
