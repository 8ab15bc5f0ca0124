package schedule

import (
	"iter"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/teambition/rrule-go"
)

const (
	// maxRuleLen bounds a rule's text: rrule-go scans every BY… list for each candidate day, so a
	// megabyte of BYMONTHDAY=1,1,1,… would keep one expansion busy for minutes.
	maxRuleLen = 256

	// maxInterval bounds INTERVAL: a larger step repeats nothing within MaxSpanDays, and rrule-go's
	// day arithmetic overflows on huge ones.
	maxInterval = MaxSpanDays

	// cycleYears is the period of the Gregorian calendar: weekdays, leap years and ISO weeks
	// repeat every 400 years.
	cycleYears = 400
)

// ruleDates checks rule and returns the dates it produces from first to last.
func ruleDates(rule string, first, last linli.Date) (iter.Seq[linli.Date], error) {
	invalid := func(format string, args ...any) error {
		return linli.Invalid("schedule.rrule", format, args...)
	}
	if len(rule) > maxRuleLen {
		return nil, invalid("rrule is longer than %d characters", maxRuleLen)
	}
	if strings.ContainsAny(rule, "\r\n") || strings.HasPrefix(strings.TrimSpace(rule), "RRULE:") {
		return nil, invalid("give the rule alone, as in FREQ=WEEKLY;BYDAY=SA, without RRULE: or DTSTART")
	}
	opt, err := rrule.StrToROption(rule)
	if err != nil {
		return nil, invalid("rrule is not an RFC 5545 recurrence rule: %v", err)
	}
	for part := range strings.SplitSeq(strings.TrimSpace(rule), ";") {
		switch name, _, _ := strings.Cut(part, "="); name {
		case "DTSTART", "UNTIL", "COUNT":
			return nil, invalid("rrule must not set %s: it runs from start_date to end_date", name)
		case "BYHOUR", "BYMINUTE", "BYSECOND":
			return nil, invalid("rrule must not set %s: start_time and end_time give the time of day", name)
		case "BYEASTER":
			return nil, invalid("BYEASTER is not part of RFC 5545")
		}
	}
	if opt.Freq > rrule.DAILY {
		return nil, invalid("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
	}
	if opt.Interval > maxInterval {
		return nil, invalid("INTERVAL must be at most %d", maxInterval)
	}

	// rrule-go stops only at an occurrence past UNTIL or at year 9999, so a rule that rarely or
	// never matches (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) would search thousands of years. The
	// calendar repeats every 400 years: read the range moved up close to 9999, then move it back.
	shift := rrule.MAXYEAR - last.Year()
	shift -= (shift%cycleYears + cycleYears) % cycleYears
	opt.Dtstart = time.Date(first.Year()+shift, first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)
	opt.Until = time.Date(last.Year()+shift, last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return nil, invalid("rrule is out of range: %v", err)
	}
	return func(yield func(linli.Date) bool) {
		next := r.Iterator()
		for t, ok := next(); ok; t, ok = next() {
			if !yield(linli.NewDate(t.Year()-shift, t.Month(), t.Day())) {
				return
			}
		}
	}, nil
}

// weeklyByDay returns the weekdays of a FREQ=WEEKLY rule with BYDAY and without BYSETPOS, or an
// empty set for any other rule (DOMAIN.md: it gets no make-up days). rule has passed ruleDates.
func weeklyByDay(rule string) weekdaySet {
	set := weekdaySet{}
	var weekly bool
	var byday []string
	for part := range strings.SplitSeq(strings.TrimSpace(rule), ";") {
		name, value, _ := strings.Cut(part, "=")
		switch name {
		case "FREQ":
			weekly = value == "WEEKLY"
		case "BYDAY":
			byday = strings.Split(value, ",")
		case "BYSETPOS":
			return weekdaySet{}
		}
	}
	if !weekly {
		return set
	}
	names := map[string]int{"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7}
	for _, d := range byday {
		if w, ok := names[d]; ok {
			set[w] = true
		}
	}
	return set
}
