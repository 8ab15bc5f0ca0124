// Package calendar is the day calendar of mainland China: which dates are workdays and which are
// school days, from public holidays, make-up workdays (调休) and school breaks. Holiday data is data,
// never guessed from a rule: the official arrangements come from github.com/6tail/lunar-go (see
// Builtin), imports replace a year, and a year nobody has announced yet is provisional, its
// holidays taken from the lunar calendar (see provisional.go).
package calendar

import (
	"maps"
	"slices"

	"github.com/linli/linli/internal/linli"
)

// Kind is what an entry marks a date as.
type Kind string

// The kinds of entry.
const (
	KindHoliday     Kind = "holiday"      // a public holiday: no work, no school
	KindWorkday     Kind = "workday"      // a make-up workday (调休): work and school even on a weekend
	KindSchoolBreak Kind = "school_break" // inside a school break (寒假, 暑假): no school, work as usual
)

// Valid reports whether k is one of the kinds above.
func (k Kind) Valid() bool {
	return k == KindHoliday || k == KindWorkday || k == KindSchoolBreak
}

// Where the holidays of a year come from.
const (
	SourceOfficial    = "official"    // shipped by lunar-go
	SourceImported    = "imported"    // a holiday-cn file imported into the calendar or a base
	SourceProvisional = "provisional" // not announced yet: holidays from the lunar calendar
)

// Entry marks one date of a calendar. Note carries the holiday's name or a remark ("春节", "寒假").
// FollowsWeekday, on a make-up workday only, is the weekday (1–5) whose timetable schools keep
// that day, as a city calendar sets it; 0 when nobody said.
type Entry struct {
	Date           linli.Date `json:"date"`
	Kind           Kind       `json:"kind"`
	FollowsWeekday int        `json:"follows_weekday,omitempty"`
	Note           string     `json:"note,omitempty"`
}

// The reasons a Day gives, as stable codes.
const (
	ReasonWeekday       = "weekday"        // Monday to Friday, nothing marked
	ReasonWeekend       = "weekend"        // Saturday or Sunday, nothing marked
	ReasonPublicHoliday = "public_holiday" // a holiday entry, official, imported or provisional
	ReasonMakeupWorkday = "makeup_workday" // a workday entry
	ReasonSchoolBreak   = "school_break"   // a workday inside a school break
)

// Day is what a calendar says about one date. Reason is one of the Reason* codes; Note is the
// note of the holiday or workday entry on the date, else that of the school break around it.
// IsMakeupWorkday is set on a make-up workday (inside a school break too), with the weekday it
// follows if one was set; Provisional when the date's year has not been announced.
type Day struct {
	Date            linli.Date `json:"date"`
	IsWorkday       bool       `json:"is_workday"`
	IsSchoolDay     bool       `json:"is_school_day"`
	IsMakeupWorkday bool       `json:"is_makeup_workday"`
	FollowsWeekday  int        `json:"follows_weekday,omitempty"`
	Provisional     bool       `json:"provisional"`
	Reason          string     `json:"reason"`
	Note            string     `json:"note,omitempty"`
}

// Calendar answers workday and school-day questions for any date. It is immutable once built and
// safe for concurrent use. A nil *Calendar is the plain calendar: Monday to Friday are workdays
// and school days, and it covers no year (every year is provisional).
type Calendar struct {
	days  map[dayKey]marks
	years map[int]string // the source of each covered year: SourceOfficial or SourceImported
}

// marks is what the layers of a calendar say about one date. A holiday or workday entry and a
// school break are independent: a break over the Spring Festival keeps its public holidays.
type marks struct {
	status     Kind // KindHoliday, KindWorkday or "" for none
	statusNote string
	follows    int
	inBreak    bool
	breakNote  string
}

// dayKey identifies a date independently of how its linli.Date was built.
type dayKey int

func keyOf(d linli.Date) dayKey {
	return dayKey(d.Year()*10000 + int(d.Month())*100 + d.Day())
}

// New returns a calendar of entries layered over base (nil for none), covering the holidays of
// the imported years as well as base's years. An imported year replaces base's holidays and
// workdays of that year (its school breaks stay). An entry replaces base's entry of the same sort
// on its date: a holiday or workday replaces base's holiday or workday, a school break replaces
// base's break note. Entries should pass ValidateEntries; of two on one date the later wins, and
// an entry of an unknown kind is ignored. Entries apply whether or not their year is covered.
func New(base *Calendar, entries []Entry, imported []int) *Calendar {
	c := &Calendar{days: make(map[dayKey]marks, len(entries)), years: map[int]string{}}
	if base != nil {
		maps.Copy(c.days, base.days)
		maps.Copy(c.years, base.years)
	}
	if len(imported) > 0 {
		for k, m := range c.days {
			if slices.Contains(imported, int(k)/10000) && m.status != "" {
				m.status, m.statusNote, m.follows = "", "", 0
				c.days[k] = m
			}
		}
	}
	for _, e := range entries {
		c.mark(e)
	}
	for _, y := range imported {
		c.years[y] = SourceImported
	}
	return c
}

// mark layers one entry on c.
func (c *Calendar) mark(e Entry) {
	k := keyOf(e.Date)
	m := c.days[k]
	switch e.Kind {
	case KindHoliday, KindWorkday:
		m.status, m.statusNote, m.follows = e.Kind, e.Note, 0
		if e.Kind == KindWorkday {
			m.follows = e.FollowsWeekday
		}
	case KindSchoolBreak:
		m.inBreak, m.breakNote = true, e.Note
	default:
		return
	}
	c.days[k] = m
}

// Day returns what c says about d.
func (c *Calendar) Day(d linli.Date) Day {
	var m marks
	if c != nil {
		m = c.days[keyOf(d)]
	}
	day := Day{Date: d, Provisional: c.Source(d.Year()) == SourceProvisional}
	if day.Provisional && m.status == "" {
		if name := provisionalHoliday(d); name != "" {
			m.status, m.statusNote = KindHoliday, name
		}
	}
	weekend := d.ISOWeekday() >= 6
	day.Note = m.statusNote
	if day.Note == "" {
		day.Note = m.breakNote
	}
	switch {
	case m.status == KindHoliday:
		day.Reason = ReasonPublicHoliday
	case weekend && m.status != KindWorkday:
		day.Reason = ReasonWeekend
	default:
		day.IsWorkday = true
		day.IsSchoolDay = !m.inBreak
		if m.status == KindWorkday {
			day.IsMakeupWorkday, day.FollowsWeekday = true, m.follows
		}
		switch {
		case m.inBreak:
			day.Reason = ReasonSchoolBreak
		case m.status == KindWorkday:
			day.Reason = ReasonMakeupWorkday
		default:
			day.Reason = ReasonWeekday
		}
	}
	return day
}

// IsWorkday reports whether d is a workday: Monday to Friday and not a public holiday, or a
// make-up workday.
func (c *Calendar) IsWorkday(d linli.Date) bool { return c.Day(d).IsWorkday }

// IsSchoolDay reports whether d is a school day: a workday outside any school break.
func (c *Calendar) IsSchoolDay(d linli.Date) bool { return c.Day(d).IsSchoolDay }

// HasBreak reports whether any date from first to last, both inclusive, lies inside a school break.
func (c *Calendar) HasBreak(first, last linli.Date) bool {
	if c == nil {
		return false
	}
	for k, m := range c.days {
		if m.inBreak && k >= keyOf(first) && k <= keyOf(last) {
			return true
		}
	}
	return false
}

// CoversYear reports whether the holidays of year y are known to c or to its base (official or
// imported). A year not covered is provisional.
func (c *Calendar) CoversYear(y int) bool { return c.Source(y) != SourceProvisional }

// Source tells where the holidays of year y come from: SourceOfficial, SourceImported or
// SourceProvisional.
func (c *Calendar) Source(y int) string {
	if c != nil {
		if s, ok := c.years[y]; ok {
			return s
		}
	}
	return SourceProvisional
}

// YearsCovered returns the years whose holidays c or its base cover, in order.
func (c *Calendar) YearsCovered() []int {
	if c == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(c.years))
}

// Year is one year of a calendar and where its holidays come from.
type Year struct {
	Year   int    `json:"year"`
	Source string `json:"source"`
}

// Years lists the covered years with their sources and, after them, the provisional years up to
// the last official year + 2 (or the last covered year + 2 when none is official), in order.
func (c *Calendar) Years() []Year {
	covered := c.YearsCovered()
	if len(covered) == 0 {
		return []Year{}
	}
	last := covered[len(covered)-1]
	for _, y := range slices.Backward(covered) {
		if c.years[y] == SourceOfficial {
			last = y
			break
		}
	}
	out := []Year{}
	for y := covered[0]; y <= max(last+2, covered[len(covered)-1]); y++ {
		out = append(out, Year{Year: y, Source: c.Source(y)})
	}
	return out
}
