package linli

import (
	"encoding/json"
	"time"
)

// Date is a calendar date without a time zone (YYYY-MM-DD), as the community's people say it.
// The zero Date is invalid and marshals as null-like empty string.
type Date struct {
	t time.Time // always midnight UTC
}

// NewDate returns the date y-m-d; out-of-range parts normalise as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate parses YYYY-MM-DD strictly.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != 10 {
		return Date{}, Errorf(EInvalid, "%q is not a date (YYYY-MM-DD)", s)
	}
	return Date{t}, nil
}

// DateOf returns the date of instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return NewDate(y, m, d)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Year, Month and Day return the parts of d.
func (d Date) Year() int { return d.t.Year() }

// Month returns the month of d.
func (d Date) Month() time.Month { return d.t.Month() }

// Day returns the day of the month of d.
func (d Date) Day() int { return d.t.Day() }

// ISOWeekday returns 1 for Monday … 7 for Sunday.
func (d Date) ISOWeekday() int {
	w := int(d.t.Weekday())
	if w == 0 {
		return 7
	}
	return w
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.t.Sub(d.t).Hours() / 24) }

// At returns the instant of local clock time c on d in loc.
func (d Date) At(c Clock, loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour, c.Minute, 0, 0, loc)
}

// MarshalJSON encodes d as "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON decodes "YYYY-MM-DD"; anything else is an invalid error.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return InvalidValue(string(b), "a date must be a string YYYY-MM-DD")
	}
	v, err := ParseDate(s)
	if err != nil {
		return InvalidValue(s, "%q is not a date (YYYY-MM-DD)", s)
	}
	*d = v
	return nil
}

// Clock is a local wall-clock time of day (HH:MM).
type Clock struct {
	Hour, Minute int
}

// ParseClock parses HH:MM (24-hour).
func ParseClock(s string) (Clock, error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return Clock{}, Errorf(EInvalid, "%q is not a time of day (HH:MM)", s)
	}
	return Clock{t.Hour(), t.Minute()}, nil
}

// Minutes returns minutes since midnight.
func (c Clock) Minutes() int { return c.Hour*60 + c.Minute }

// String formats c as HH:MM.
func (c Clock) String() string {
	return time.Date(2000, 1, 1, c.Hour, c.Minute, 0, 0, time.UTC).Format("15:04")
}

// MarshalJSON encodes c as "HH:MM".
func (c Clock) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON decodes "HH:MM".
func (c *Clock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return InvalidValue(string(b), "a time of day must be a string HH:MM")
	}
	v, err := ParseClock(s)
	if err != nil {
		return InvalidValue(s, "%q is not a time of day (HH:MM)", s)
	}
	*c = v
	return nil
}

// Bounds of the years an instant may have, in UTC and in the community's time zone: storage keeps
// instants as four-digit-year text and RFC 3339 has no other years.
const (
	MinYear = 1
	MaxYear = 9999
)

// CheckInstant refuses, with 400 on field, an instant whose year in UTC or in loc is outside
// MinYear–MaxYear (9999-12-31T20:00:00-08:00 is already year 10000 in UTC).
func CheckInstant(field string, t time.Time, loc *time.Location) error {
	for _, y := range []int{t.UTC().Year(), t.In(loc).Year()} {
		if y < MinYear || y > MaxYear {
			return Invalid(field, "%s must fall between the years %d and %d, in UTC and in the community's time zone", field, MinYear, MaxYear)
		}
	}
	return nil
}

// CheckDates answers invalid on to when both from and to are given (not zero) and to is before
// from.
func CheckDates(from, to Date) error {
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return Invalid("to", "to must not be before from")
	}
	return nil
}
