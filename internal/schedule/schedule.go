// Package schedule validates a program's schedule and expands it into dated session occurrences.
// It is pure: the day calendar comes in through Days and the community's time zone as a location.
package schedule

import (
	"errors"
	"iter"
	"slices"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Day filters of a schedule.
const (
	SchoolDays    = "school_days"     // school days, make-up weekend workdays included
	NonSchoolDays = "non_school_days" // weekends, public holidays and school breaks
	AllDays       = "all_days"        // every date; also what an empty DayFilter means
)

// MaxSpanDays is the most dates a schedule may cover, start_date and end_date included: two
// years with a leap day, so every two-year term fits (2027-09-01..2029-08-31 is 731 dates).
const MaxSpanDays = 731

// MaxSessions is the most occurrences a program may have. A schedule has at most one session a
// date, so MaxSpanDays already keeps every valid schedule within it.
const MaxSessions = 2000

// Fails to compile if the span bound ever stops implying the session bound, which Expand relies on.
const _ = uint(MaxSessions - MaxSpanDays)

// Days tells which dates are school days: workdays (make-up weekend workdays included) outside
// the community calendar's school breaks.
type Days interface {
	IsSchoolDay(d linli.Date) bool
}

// Spec is a program's schedule, the "schedule" object of the API's program body. Sessions run from
// StartTime to EndTime, local wall-clock time on the same day, on dates from StartDate to EndDate
// inclusive. The dates are those of Weekdays (ISO, 1 = Monday … 7 = Sunday), or those RRule
// produces, or every date when both are empty; DayFilter (SchoolDays, NonSchoolDays or AllDays,
// empty meaning AllDays) then keeps some of them, and ExceptDates are removed.
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
	var out []Occurrence
	for d := range dates {
		if except[d] || !s.keeps(days, d) {
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
	case !slices.Contains([]string{"", SchoolDays, NonSchoolDays, AllDays}, s.DayFilter):
		return nil, linli.Invalid("schedule.day_filter", "day_filter must be %s, %s or %s", SchoolDays, NonSchoolDays, AllDays)
	case slices.ContainsFunc(s.ExceptDates, linli.Date.IsZero):
		return nil, linli.Invalid("schedule.except_dates", "except_dates must hold dates (YYYY-MM-DD)")
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

// keeps reports whether d passes s's day filter.
func (s Spec) keeps(days Days, d linli.Date) bool {
	switch s.DayFilter {
	case SchoolDays:
		return days.IsSchoolDay(d)
	case NonSchoolDays:
		return !days.IsSchoolDay(d)
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
