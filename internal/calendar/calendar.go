// Package calendar is the day calendar of mainland China: which dates are workdays and which are
// school days, from public holidays, make-up workdays (调休) and school breaks. Holiday data is data,
// never computed; the official arrangements shipped with the server are embedded (see Builtin).
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

// Entry marks one date of a calendar. Note carries the holiday's name or a remark ("春节", "寒假").
type Entry struct {
	Date linli.Date `json:"date"`
	Kind Kind       `json:"kind"`
	Note string     `json:"note,omitempty"`
}

// The reasons a Day gives, as stable codes.
const (
	ReasonWeekday       = "weekday"        // Monday to Friday, nothing marked
	ReasonWeekend       = "weekend"        // Saturday or Sunday, nothing marked
	ReasonPublicHoliday = "public_holiday" // a holiday entry
	ReasonMakeupWorkday = "makeup_workday" // a workday entry
	ReasonSchoolBreak   = "school_break"   // a workday inside a school break
)

// Day is what a calendar says about one date. Reason is one of the Reason* codes; Note is the
// note of the holiday or workday entry on the date, else that of the school break around it.
type Day struct {
	Date        linli.Date `json:"date"`
	IsWorkday   bool       `json:"is_workday"`
	IsSchoolDay bool       `json:"is_school_day"`
	Reason      string     `json:"reason"`
	Note        string     `json:"note,omitempty"`
}

// Calendar answers workday and school-day questions for any date. It is immutable once built and
// safe for concurrent use. A nil *Calendar is the plain calendar: Monday to Friday are workdays
// and school days, and it covers no year.
type Calendar struct {
	days  map[dayKey]marks
	years []int // sorted, without repeats
}

// marks is what the layers of a calendar say about one date. A holiday or workday entry and a
// school break are independent: a break over the Spring Festival keeps its public holidays.
type marks struct {
	status     Kind // KindHoliday, KindWorkday or "" for none
	statusNote string
	inBreak    bool
	breakNote  string
}

// dayKey identifies a date independently of how its linli.Date was built.
type dayKey int

func keyOf(d linli.Date) dayKey {
	return dayKey(d.Year()*10000 + int(d.Month())*100 + d.Day())
}

// New returns a calendar of entries layered over base (nil for none), covering the holidays of
// years as well as base's years. An entry replaces base's entry of the same sort on its date: a
// holiday or workday replaces base's holiday or workday, a school break replaces base's break
// note. Entries should pass ValidateEntries; of two on one date the later wins, and an entry of
// an unknown kind is ignored. Entries apply whether or not their year is covered.
func New(base *Calendar, entries []Entry, years []int) *Calendar {
	c := &Calendar{days: make(map[dayKey]marks, len(entries))}
	if base != nil {
		maps.Copy(c.days, base.days)
		c.years = append(c.years, base.years...)
	}
	for _, e := range entries {
		k := keyOf(e.Date)
		m := c.days[k]
		switch e.Kind {
		case KindHoliday, KindWorkday:
			m.status, m.statusNote = e.Kind, e.Note
		case KindSchoolBreak:
			m.inBreak, m.breakNote = true, e.Note
		default:
			continue
		}
		c.days[k] = m
	}
	c.years = append(c.years, years...)
	slices.Sort(c.years)
	c.years = slices.Compact(c.years)
	return c
}

// Day returns what c says about d.
func (c *Calendar) Day(d linli.Date) Day {
	var m marks
	if c != nil {
		m = c.days[keyOf(d)]
	}
	weekend := d.ISOWeekday() >= 6
	day := Day{Date: d, Note: m.statusNote}
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

// CoversYear reports whether the holidays of year y are known to c or to its base. Dates of a
// year not covered follow plain weekdays, apart from any entries c has for them.
func (c *Calendar) CoversYear(y int) bool {
	if c == nil {
		return false
	}
	_, found := slices.BinarySearch(c.years, y)
	return found
}

// YearsCovered returns the years whose holidays c or its base cover, in order.
func (c *Calendar) YearsCovered() []int {
	if c == nil {
		return nil
	}
	return slices.Clone(c.years)
}
