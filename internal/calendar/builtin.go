package calendar

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/6tail/lunar-go/HolidayUtil"
	"github.com/linli/linli/internal/linli"
)

// BuiltinID is the id of the built-in calendar of mainland China.
const BuiltinID = "cn"

// officialFirst is the first year whose arrangement the library ships whole (its data starts
// with the make-up days of 2001-12-29 for New Year 2002).
const officialFirst = 2002

// officialScanTo bounds the search for the library's last year: far beyond any release.
const officialScanTo = 2200

// official holds mainland China's official holiday arrangements as github.com/6tail/lunar-go
// (HolidayUtil) ships them: entries in date order, the years they cover (a make-up day counts in
// the year of the holiday it bridges, as 2001-12-29 for New Year 2002) and one fingerprint a year.
type official struct {
	entries      []Entry
	years        []int
	fingerprints map[int]string
}

var officialData = sync.OnceValue(func() official {
	var o official
	byYear := map[int][]Entry{}
	for y := officialFirst - 1; y <= officialScanTo; y++ {
		for e := HolidayUtil.GetHolidaysByYear(y).Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err := linli.ParseDate(h.GetDay())
			target, terr := linli.ParseDate(h.GetTarget())
			if err != nil || terr != nil {
				panic(fmt.Sprintf("calendar: lunar-go holiday %q: %v %v", h.String(), err, terr))
			}
			kind := KindHoliday
			if h.IsWork() {
				kind = KindWorkday
			}
			entry := Entry{Date: d, Kind: kind, Note: holidayName(h.GetName())}
			o.entries = append(o.entries, entry)
			byYear[target.Year()] = append(byYear[target.Year()], entry)
		}
	}
	slices.SortStableFunc(o.entries, func(a, b Entry) int { return cmp.Compare(keyOf(a.Date), keyOf(b.Date)) })
	o.fingerprints = map[int]string{}
	for y, es := range byYear {
		if y < officialFirst {
			continue
		}
		o.years = append(o.years, y)
		o.fingerprints[y] = fingerprint(es)
	}
	slices.Sort(o.years)
	return o
})

// fingerprint identifies a year's arrangement: the hash of its dates and kinds in date order.
func fingerprint(es []Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "%s %s\n", e.Date, e.Kind)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

var builtin = sync.OnceValue(func() *Calendar { return BuiltinWithout(nil) })

// Builtin returns the calendar "cn": mainland China's public holidays and make-up workdays for
// every year lunar-go ships (2002–2027 as of v1.4.7), with the years after them provisional. It
// is shared and immutable.
func Builtin() *Calendar { return builtin() }

// BuiltinWithout returns the calendar "cn" less the official data of the given years (imported
// years, which an import replaces whole). The calendar is the caller's own.
func BuiltinWithout(years []int) *Calendar {
	o := officialData()
	c := &Calendar{days: make(map[dayKey]marks, len(o.entries)), years: map[int]string{}}
	for _, y := range o.years {
		if !slices.Contains(years, y) {
			c.years[y] = SourceOfficial
		}
	}
	for _, e := range o.entries {
		if slices.Contains(years, e.Date.Year()) {
			continue
		}
		c.mark(e)
	}
	return c
}

// BuiltinEntries returns the official data of Builtin as entries in date order and the years
// they cover. The slices are the caller's own.
func BuiltinEntries() ([]Entry, []int) {
	o := officialData()
	return slices.Clone(o.entries), slices.Clone(o.years)
}

// OfficialFingerprints returns, for each official year, a fingerprint of its arrangement: a
// newer library that changes a year (or adds one) changes its fingerprint. The map is the
// caller's own.
func OfficialFingerprints() map[int]string {
	o := officialData()
	out := make(map[int]string, len(o.fingerprints))
	for y, f := range o.fingerprints {
		out[y] = f
	}
	return out
}

// holidayName gives a holiday the name holiday-cn's files give it, so that an import of the same
// arrangement reads the same.
func holidayName(name string) string {
	switch name {
	case "元旦节":
		return "元旦"
	case "国庆中秋":
		return "国庆节、中秋节"
	}
	return name
}
