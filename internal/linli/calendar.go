package linli

import "time"

// MaxCalendarSpanDays bounds the dates one GET /calendars/{id}/days answers: two years.
const MaxCalendarSpanDays = 731

// DayCalendar is a day calendar: the built-in "cn" (mainland China's public holidays and make-up
// workdays) or a city or school-district calendar layered on a base. YearsCovered are the years
// whose holidays it or its base know (official or imported); Years says where each year comes
// from, provisional years up to the last official year + 2 included.
type DayCalendar struct {
	ID           string         `json:"id"`
	Name         string         `json:"name"`
	BaseID       *string        `json:"base_id"`
	YearsCovered []int          `json:"years_covered"`
	Years        []CalendarYear `json:"years"`
	CreatedAt    time.Time      `json:"created_at"`
	UpdatedAt    time.Time      `json:"updated_at"`
}

// CalendarYear is one year of a day calendar: where its holidays come from ("official",
// "imported" or "provisional") and, for an imported year, when.
type CalendarYear struct {
	Year       int        `json:"year"`
	Source     string     `json:"source"`
	ImportedAt *time.Time `json:"imported_at,omitempty"`
}

// NewCalendar is the body of POST /calendars; an empty BaseID means "cn".
type NewCalendar struct {
	Name   string `json:"name"`
	BaseID string `json:"base_id"`
}

// DayMark marks one date of a calendar: Kind is "holiday", "workday" or "school_break";
// FollowsWeekday (1–5), on a make-up workday only, is the weekday whose timetable schools keep.
type DayMark struct {
	Date           Date   `json:"date"`
	Kind           string `json:"kind"`
	FollowsWeekday int    `json:"follows_weekday,omitempty"`
	Note           string `json:"note,omitempty"`
}

// DayRange marks every date from From to To inclusive with one kind.
type DayRange struct {
	From Date   `json:"from"`
	To   Date   `json:"to"`
	Kind string `json:"kind"`
	Note string `json:"note,omitempty"`
}

// DaysChange is the body of PUT /calendars/{id}/days: marks to add or replace. A holiday or
// workday replaces the holiday or workday of its date; a school break its date's break.
type DaysChange struct {
	Days   []DayMark  `json:"days"`
	Ranges []DayRange `json:"ranges"`
}

// CalendarDay is what a calendar says about one date. Reason is one of "weekday", "weekend",
// "public_holiday", "makeup_workday" or "school_break". A make-up workday (inside a school break
// too) sets IsMakeupWorkday, with the weekday it follows if one was set; Provisional says the
// date's year is not announced yet and its holidays come from the lunar calendar.
type CalendarDay struct {
	Date            Date   `json:"date"`
	IsWorkday       bool   `json:"is_workday"`
	IsSchoolDay     bool   `json:"is_school_day"`
	IsMakeupWorkday bool   `json:"is_makeup_workday"`
	FollowsWeekday  int    `json:"follows_weekday,omitempty"`
	Provisional     bool   `json:"provisional"`
	Reason          string `json:"reason"`
	Note            string `json:"note,omitempty"`
}

// CalendarChange answers a change of a calendar's days: the calendar and how the programs that
// follow it were re-planned.
type CalendarChange struct {
	Calendar  *DayCalendar  `json:"calendar"`
	Replanned ReplanSummary `json:"replanned"`
}

// ReplanSummary counts what a change of a day calendar did to future sessions. Clashes names the
// sessions not added because their venue or staff were taken; a coordinator resolves them.
type ReplanSummary struct {
	Programs          int      `json:"programs"`
	SessionsAdded     int      `json:"sessions_added"`
	SessionsCancelled int      `json:"sessions_cancelled"`
	SessionsRestored  int      `json:"sessions_restored"`
	Clashes           []string `json:"clashes"`
}
