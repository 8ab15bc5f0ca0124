// Package schedule validates a program's schedule and expands it into dated session occurrences.
// It is pure: the day calendar comes in through Days and the community's time zone as a location.
package schedule

import (
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/linli/linli/internal/calendar"
	"github.com/linli/linli/internal/linli"
)

// Day filters of a schedule.
const (
	SchoolDays    = "school_days"     // school days, make-up weekend workdays included
	NonSchoolDays = "non_school_days" // weekends, public holidays and school breaks
	BreakWorkdays = "break_workdays"  // workdays inside a school break: children free, adults at work
	AllDays       = "all_days"        // every date; also what an empty DayFilter means
)

// DayFilters lists the day filters in the order the API documents them.
var DayFilters = []string{SchoolDays, NonSchoolDays, BreakWorkdays, AllDays}

// MaxSpanDays is the most dates a schedule may cover, start_date and end_date included: two
// years with a leap day, so every two-year term fits (2027-09-01..2029-08-31 is 731 dates).
const MaxSpanDays = 731

// MaxSessions is the most occurrences a program may have. A schedule has at most one session a
// date, so MaxSpanDays already keeps every valid schedule within it.
const MaxSessions = 2000

// Fails to compile if the span bound ever stops implying the session bound, which Expand relies on.
const _ = uint(MaxSessions - MaxSpanDays)

// Days is the community's day calendar: what it says about each date (workday, school day,
// make-up workday and the weekday it follows). *calendar.Calendar is one.
type Days interface {
	Day(d linli.Date) calendar.Day
}

// Spec is a program's schedule, the "schedule" object of the API's program body. Sessions run from
// StartTime to EndTime, local wall-clock time on the same day, on dates from StartDate to EndDate
// inclusive. The dates are those of Weekdays (ISO, 1 = Monday … 7 = Sunday), or those RRule
// produces, or every date when both are empty; DayFilter (SchoolDays, NonSchoolDays,
// BreakWorkdays or AllDays, empty meaning AllDays) then keeps some of them, and ExceptDates are
// removed. ExtraDates, within the range, are added whatever the rule and the filter say.
//
// Make-up workdays keep school weeks whole (DOMAIN.md): under SchoolDays and BreakWorkdays a
// schedule with Weekdays W (or a FREQ=WEEKLY rule with BYDAY W and no BYSETPOS) runs on a make-up
// workday the filter passes when W holds every weekday 1–5, or the day follows a weekday in W, or
// W holds the day's own weekday; any
// other rule gets no make-up day; without weekdays or rule every make-up day the filter passes
// counts. Under the other filters weekdays are plain calendar weekdays.
//
// RRule is an RFC 5545 recurrence rule without the "RRULE:" prefix and without DTSTART, UNTIL or
// COUNT, such as "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE". It starts at StartDate, so a week or month
// INTERVAL counts from StartDate's week or month, and it is read on local dates: BYDAY=SA is the
// community's Saturday. Its names are upper case, as rrule-go reads them.
type Spec struct {
	StartDate   linli.Date   `json:"start_date"`
	EndDate     linli.Date   `json:"end_date"`
	StartTime   linli.Clock  `json:"start_time"`
	EndTime     linli.Clock  `json:"end_time"`
	Weekdays    []int        `json:"weekdays,omitempty"`
	RRule       string       `json:"rrule,omitempty"`
	DayFilter   string       `json:"day_filter"`
	ExceptDates []linli.Date `json:"except_dates,omitempty"`
	ExtraDates  []linli.Date `json:"extra_dates,omitempty"`
}

// Occurrence is one session of a schedule: its local date and its start and end instants.
type Occurrence struct {
	Date       linli.Date
	Start, End time.Time
}

// Validate returns nil if s is a schedule Expand can expand, else a *linli.Error with code
// invalid whose Field names the input at fault: "schedule.start_date", "schedule.end_date" (also
// for a span over MaxSpanDays), "schedule.start_time", "schedule.end_time", "schedule.weekdays",
// "schedule.rrule" (also for weekdays and rrule together), "schedule.day_filter" or
// "schedule.except_dates". An unset Clock reads as 00:00, so a start_time of 00:00 is rejected as
// missing; sessions never cross midnight, so none could sensibly start then.
func (s Spec) Validate() error {
	_, err := s.check()
	return err
}

// Expand validates s as Validate does and returns its sessions in order of start, at most
// MaxSessions of them and possibly none. Start and End are s's clock times on each date in loc,
// the community's time zone. days and loc must not be nil.
func Expand(s Spec, days Days, loc *time.Location) ([]Occurrence, error) {
	if days == nil || loc == nil {
		return nil, errors.New("schedule: Expand needs a day calendar and a location")
	}
	dates, err := s.check()
	if err != nil {
		return nil, err
	}
	except := make(map[linli.Date]bool, len(s.ExceptDates))
	for _, d := range s.ExceptDates {
		except[d] = true
	}
	// keep[i] says whether StartDate + i days has a session.
	keep := make([]bool, s.StartDate.DaysUntil(s.EndDate)+1)
	for d := range dates {
		if !except[d] && s.keeps(days.Day(d)) {
			keep[s.StartDate.DaysUntil(d)] = true
		}
	}
	if makeup, ok := s.makeupWeekdays(); ok {
		for i, d := 0, s.StartDate; i < len(keep); i, d = i+1, d.AddDays(1) {
			day := days.Day(d)
			if day.IsMakeupWorkday && !except[d] {
				keep[i] = s.keeps(day) && (makeup == nil || makeup.full() || makeup[day.FollowsWeekday] || makeup[d.ISOWeekday()])
			}
		}
	}
	for _, d := range s.ExtraDates {
		keep[s.StartDate.DaysUntil(d)] = true
	}
	var out []Occurrence
	for i, d := 0, s.StartDate; i < len(keep); i, d = i+1, d.AddDays(1) {
		if !keep[i] {
			continue
		}
		o := Occurrence{Date: d, Start: d.At(s.StartTime, loc), End: d.At(s.EndTime, loc)}
		if linli.CheckInstant("", o.Start, loc) != nil || linli.CheckInstant("", o.End, loc) != nil {
			field := "schedule.end_date" // too late: the range ends too close to the year 10000
			if d.Year() < linli.MinYear+1 {
				field = "schedule.start_date"
			}
			return nil, linli.Invalid(field, "a session on %s would fall outside the years %d to %d in UTC", d, linli.MinYear, linli.MaxYear)
		}
		out = append(out, o)
	}
	return out, nil
}

// weekdaySet is a set of ISO weekdays.
type weekdaySet map[int]bool

// full reports whether the set holds every weekday from Monday to Friday.
func (w weekdaySet) full() bool { return w[1] && w[2] && w[3] && w[4] && w[5] }

// makeupWeekdays tells how s treats make-up workdays. ok is false when the filter reads plain
// weekdays (NonSchoolDays, AllDays): the rule's dates stand as they are. Otherwise make-up days
// are decided apart from the rule: with a nil set every make-up day the filter passes counts (no
// weekdays, no rule); with a set, a day counts when the set is full or holds the weekday the day
// follows (or the day's own weekday: a Saturday class on school days runs on a make-up
// Saturday); a rule that is not weekly by day gets an empty set, so no make-up day.
func (s Spec) makeupWeekdays() (weekdaySet, bool) {
	if s.DayFilter != SchoolDays && s.DayFilter != BreakWorkdays {
		return nil, false
	}
	switch {
	case len(s.Weekdays) > 0:
		set := weekdaySet{}
		for _, w := range s.Weekdays {
			set[w] = true
		}
		return set, true
	case s.RRule != "":
		return weeklyByDay(s.RRule), true
	}
	return nil, true
}

// check validates s and returns, in order, the dates its weekdays or rule give before the day
// filter and the exceptions.
func (s Spec) check() (iter.Seq[linli.Date], error) {
	switch {
	case s.StartDate.IsZero():
		return nil, linli.Invalid("schedule.start_date", "start_date is required")
	case s.EndDate.IsZero():
		return nil, linli.Invalid("schedule.end_date", "end_date is required")
	case s.EndDate.Before(s.StartDate):
		return nil, linli.Invalid("schedule.end_date", "end_date must not be before start_date")
	case s.StartDate.DaysUntil(s.EndDate) >= MaxSpanDays:
		return nil, linli.Invalid("schedule.end_date",
			"a schedule covers at most %d days (two years); this one covers %d",
			MaxSpanDays, s.StartDate.DaysUntil(s.EndDate)+1)
	case s.StartTime == linli.Clock{} || !validClock(s.StartTime):
		return nil, linli.Invalid("schedule.start_time", "start_time is required and must be a time of day after 00:00")
	case !validClock(s.EndTime) || s.EndTime.Minutes() <= s.StartTime.Minutes():
		return nil, linli.Invalid("schedule.end_time", "end_time must be after start_time on the same day")
	case !validWeekdays(s.Weekdays):
		return nil, linli.Invalid("schedule.weekdays", "weekdays must be distinct numbers from 1 (Monday) to 7 (Sunday)")
	case s.DayFilter != "" && !slices.Contains(DayFilters, s.DayFilter):
		return nil, linli.Invalid("schedule.day_filter", "day_filter must be %s, %s, %s or %s", SchoolDays, NonSchoolDays, BreakWorkdays, AllDays)
	case slices.ContainsFunc(s.ExceptDates, linli.Date.IsZero):
		return nil, linli.Invalid("schedule.except_dates", "except_dates must hold dates (YYYY-MM-DD)")
	case len(s.ExtraDates) > MaxSpanDays:
		return nil, linli.Invalid("schedule.extra_dates", "extra_dates holds at most %d dates", MaxSpanDays)
	case slices.ContainsFunc(s.ExtraDates, func(d linli.Date) bool { return d.IsZero() || d.Before(s.StartDate) || d.After(s.EndDate) }):
		return nil, linli.Invalid("schedule.extra_dates", "extra_dates must hold dates from start_date to end_date")
	case slices.ContainsFunc(s.ExtraDates, func(d linli.Date) bool { return slices.Contains(s.ExceptDates, d) }):
		return nil, linli.Invalid("schedule.extra_dates", "a date cannot be both an extra date and an except date")
	case s.RRule == "":
		return s.weekdayDates(), nil
	case len(s.Weekdays) > 0:
		return nil, linli.Invalid("schedule.rrule", "give weekdays or rrule, not both")
	}
	return ruleDates(s.RRule, s.StartDate, s.EndDate)
}

// weekdayDates yields the dates of the range on s.Weekdays, or all of them without weekdays.
func (s Spec) weekdayDates() iter.Seq[linli.Date] {
	return func(yield func(linli.Date) bool) {
		for d := s.StartDate; !d.After(s.EndDate); d = d.AddDays(1) {
			if len(s.Weekdays) > 0 && !slices.Contains(s.Weekdays, d.ISOWeekday()) {
				continue
			}
			if !yield(d) {
				return
			}
		}
	}
}

// keeps reports whether a date of the rule passes s's day filter. Under SchoolDays and
// BreakWorkdays a make-up workday is decided by Expand's make-up rule, not here.
func (s Spec) keeps(day calendar.Day) bool {
	switch s.DayFilter {
	case SchoolDays:
		return day.IsSchoolDay
	case BreakWorkdays:
		return day.IsWorkday && !day.IsSchoolDay
	case NonSchoolDays:
		return !day.IsSchoolDay
	}
	return true
}

func validClock(c linli.Clock) bool {
	return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60
}

func validWeekdays(ws []int) bool {
	for i, w := range ws {
		if w < 1 || w > 7 || slices.Contains(ws[:i], w) {
			return false
		}
	}
	return true
}
