package calendar

import (
	"embed"
	"slices"
	"sync"
)

// BuiltinID is the id of the built-in calendar of mainland China.
const BuiltinID = "cn"

// dataFS holds mainland China's official holiday arrangements, one holiday-cn year file each,
// taken from the State Council's notices (the files' "papers") as holiday-cn publishes them.
//
//go:embed data/*.json
var dataFS embed.FS

var builtinData = sync.OnceValues(func() ([]Entry, []int) {
	files, err := dataFS.ReadDir("data")
	if err != nil {
		panic("calendar: embedded holiday data: " + err.Error())
	}
	var (
		entries []Entry
		years   []int
	)
	for _, f := range files {
		b, err := dataFS.ReadFile("data/" + f.Name())
		if err != nil {
			panic("calendar: embedded holiday data: " + err.Error())
		}
		year, es, err := ParseHolidayCN(b)
		if err != nil {
			panic("calendar: embedded holiday data " + f.Name() + ": " + err.Error())
		}
		entries = append(entries, es...)
		years = append(years, year)
	}
	return entries, years
})

var builtin = sync.OnceValue(func() *Calendar {
	entries, years := builtinData()
	return New(nil, entries, years)
})

// Builtin returns the calendar "cn": mainland China's public holidays and make-up workdays for
// each year shipped with the server (2025 and 2026). It is shared and immutable.
func Builtin() *Calendar { return builtin() }

// BuiltinEntries returns the data of Builtin as entries in date order and the years they cover,
// so that storage can seed the calendar "cn" with it. The slices are the caller's own.
func BuiltinEntries() ([]Entry, []int) {
	entries, years := builtinData()
	return slices.Clone(entries), slices.Clone(years)
}
