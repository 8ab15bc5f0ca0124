package calendar

import (
	"sync"
	"time"

	lunar "github.com/6tail/lunar-go/calendar"
	"github.com/linli/linli/internal/linli"
)

// Provisional holidays are computed for these years only; the lunar calendar is well defined far
// beyond, but no schedule reaches there and an unbounded cache would be a memory leak.
const (
	provisionalFirst = 1901
	provisionalLast  = 2999
)

// provisionalYears caches the provisional holidays of each year asked for: date → name.
var provisionalYears sync.Map // int → map[dayKey]string

// provisionalHoliday returns the name of the provisional holiday on d, or "" when d is none.
func provisionalHoliday(d linli.Date) string {
	y := d.Year()
	if y < provisionalFirst || y > provisionalLast {
		return ""
	}
	days, ok := provisionalYears.Load(y)
	if !ok {
		days, _ = provisionalYears.LoadOrStore(y, provisionalMarks(y))
	}
	return days.(map[dayKey]string)[keyOf(d)]
}

// ProvisionalHolidays returns the holidays a year nobody has announced is given, from the lunar
// calendar (DOMAIN.md): New Year's Day; the Spring Festival from the day before 除夕 through 正月初八;
// the Qingming solar term; 5/1–5/5; the Dragon Boat festival (五月初五); Mid-Autumn (八月十五); and
// 10/1–10/7. They have no make-up days. Entries come in date order.
func ProvisionalHolidays(y int) []Entry {
	var out []Entry
	for d := linli.NewDate(y, 1, 1); d.Year() == y; d = d.AddDays(1) {
		if name := provisionalHoliday(d); name != "" {
			out = append(out, Entry{Date: d, Kind: KindHoliday, Note: name})
		}
	}
	return out
}

func provisionalMarks(y int) map[dayKey]string {
	m := map[dayKey]string{}
	span := func(first linli.Date, days int, name string) {
		for i := range days {
			if d := first.AddDays(i); d.Year() == y {
				m[keyOf(d)] = name
			}
		}
	}
	solar := func(s *lunar.Solar) linli.Date {
		return linli.NewDate(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
	}
	span(linli.NewDate(y, 1, 1), 1, "元旦")
	newYear := solar(lunar.NewLunarFromYmd(y, 1, 1).GetSolar())
	span(newYear.AddDays(-2), 10, "春节") // the day before 除夕 … 正月初八
	if q, ok := lunar.NewSolarFromYmd(y, 4, 1).GetLunar().GetJieQiTable()["清明"]; ok && q != nil {
		span(solar(q), 1, "清明节")
	}
	span(linli.NewDate(y, 5, 1), 5, "劳动节")
	span(solar(lunar.NewLunarFromYmd(y, 5, 5).GetSolar()), 1, "端午节")
	span(solar(lunar.NewLunarFromYmd(y, 8, 15).GetSolar()), 1, "中秋节")
	span(linli.NewDate(y, 10, 1), 7, "国庆节")
	return m
}
