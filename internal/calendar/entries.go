package calendar

import (
	"fmt"
	"unicode/utf8"

	"github.com/linli/linli/internal/linli"
)

// MaxEntries bounds the dates one change of a calendar may mark, about ten years of them, so that
// a hostile list of ranges cannot exhaust memory.
const MaxEntries = 4000

const (
	maxNoteRunes = 100 // holiday names are a few characters; a remark a short line
	maxRangeDays = 366 // a school break never lasts more than a year
)

// Range marks every date from From to To, both inclusive, with one kind, as the ranges of
// PUT /calendars/{id}/days give them.
type Range struct {
	From linli.Date `json:"from"`
	To   linli.Date `json:"to"`
	Kind Kind       `json:"kind"`
	Note string     `json:"note,omitempty"`
}

// ValidateEntries checks the days of a PUT /calendars/{id}/days body: each has a date, a known
// kind, a note of at most 100 characters and, on a make-up workday only, a follows_weekday of 1–5, no date appears twice, and there are at most
// MaxEntries. A fault is an invalid error whose field names the entry, as "days[3].kind".
func ValidateEntries(entries []Entry) error {
	_, err := markDays(entries)
	return err
}

// Expand checks the days and ranges of a PUT /calendars/{id}/days body and returns their entries:
// the days as given, then the dates of each range in order. Beyond what ValidateEntries checks, a
// range must not end before it starts nor span more than 366 days, and a date may be marked only
// once across days and ranges. A fault is an invalid error naming the input, as "ranges[0].to".
func Expand(days []Entry, ranges []Range) ([]Entry, error) {
	seen, err := markDays(days)
	if err != nil {
		return nil, err
	}
	out := append([]Entry(nil), days...)
	for i, r := range ranges {
		field := fmt.Sprintf("ranges[%d]", i)
		switch {
		case r.From.IsZero():
			return nil, linli.Invalid(field+".from", "a first date is required")
		case r.To.IsZero():
			return nil, linli.Invalid(field+".to", "a last date is required")
		case r.To.Before(r.From):
			return nil, linli.Invalid(field+".to", "the range ends before it starts")
		case r.From.DaysUntil(r.To) >= maxRangeDays:
			return nil, linli.Invalid(field+".to", "a range spans at most %d days", maxRangeDays)
		}
		if err := checkKindNote(field, r.Kind, r.Note); err != nil {
			return nil, err
		}
		if len(out)+r.From.DaysUntil(r.To)+1 > MaxEntries {
			return nil, linli.Invalid("ranges", "at most %d dates may be marked at once", MaxEntries)
		}
		for d := r.From; !d.After(r.To); d = d.AddDays(1) {
			if seen[keyOf(d)] {
				return nil, linli.Invalid(field, "%s is marked more than once", d)
			}
			seen[keyOf(d)] = true
			out = append(out, Entry{Date: d, Kind: r.Kind, Note: r.Note})
		}
	}
	return out, nil
}

// markDays validates entries as ValidateEntries does and returns the set of their dates.
func markDays(entries []Entry) (map[dayKey]bool, error) {
	if len(entries) > MaxEntries {
		return nil, linli.Invalid("days", "at most %d dates may be marked at once", MaxEntries)
	}
	seen := make(map[dayKey]bool, len(entries))
	for i, e := range entries {
		field := fmt.Sprintf("days[%d]", i)
		if e.Date.IsZero() {
			return nil, linli.Invalid(field+".date", "a date is required")
		}
		if err := checkKindNote(field, e.Kind, e.Note); err != nil {
			return nil, err
		}
		switch {
		case e.FollowsWeekday != 0 && e.Kind != KindWorkday:
			return nil, linli.Invalid(field+".follows_weekday", "follows_weekday is given only on a make-up workday")
		case e.FollowsWeekday < 0 || e.FollowsWeekday > 5:
			return nil, linli.Invalid(field+".follows_weekday", "follows_weekday must be a weekday from 1 (Monday) to 5 (Friday)")
		}
		if seen[keyOf(e.Date)] {
			return nil, linli.Invalid(field+".date", "%s is marked more than once", e.Date)
		}
		seen[keyOf(e.Date)] = true
	}
	return seen, nil
}

func checkKindNote(field string, k Kind, note string) error {
	if !k.Valid() {
		return linli.Invalid(field+".kind", "kind must be %q, %q or %q", KindHoliday, KindWorkday, KindSchoolBreak)
	}
	return checkNote(field+".note", note)
}

func checkNote(field, note string) error {
	if utf8.RuneCountInString(note) > maxNoteRunes {
		return linli.Invalid(field, "a note has at most %d characters", maxNoteRunes)
	}
	if !linli.OneLine(note) {
		return linli.Invalid(field, "a note is one line of printable text: no control characters or line breaks")
	}
	return nil
}
