package calendar

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// ParseHolidayCN parses one year file of holiday-cn (github.com/NateScarlet/holiday-cn, MIT
// licence) as it is published:
//
//	{"$schema": "…", "$id": "…", "year": 2026, "papers": ["https://www.gov.cn/…"],
//	 "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}, …]}
//
// It returns the year and its entries in date order: a holiday for each off day and a workday for
// each make-up workday (isOffDay false), noted with the holiday's name. Anything else is an
// invalid error whose field names the fault, as "days[3].date": malformed JSON, an unknown key, a
// value of the wrong type, a year with no days, a day without a name, date or isOffDay, or a date
// that is malformed, outside the year or given twice.
func ParseHolidayCN(data []byte) (int, []Entry, error) {
	var file map[string]json.RawMessage
	if json.Unmarshal(data, &file) != nil || file == nil {
		return 0, nil, linli.Invalid("", "a holiday-cn year file must be a JSON object")
	}
	var (
		year int
		days []json.RawMessage
	)
	// $schema, $id and papers only tell where the file comes from; they are checked, not kept.
	err := decodeObject("", file, map[string]any{
		"$schema": new(string), "$id": new(string), "papers": new([]string), "year": &year, "days": &days,
	})
	if err != nil {
		return 0, nil, err
	}
	if year < 1000 || year > 9999 {
		return 0, nil, linli.Invalid("year", "year must be a four-digit year")
	}
	if len(days) == 0 {
		return 0, nil, linli.Invalid("days", "the file has no days: the holidays of %d are not announced yet", year)
	}
	entries := make([]Entry, 0, len(days))
	seen := make(map[dayKey]bool, len(days))
	for i, raw := range days {
		field := fmt.Sprintf("days[%d]", i)
		e, err := parseHolidayCNDay(field, raw, year)
		if err != nil {
			return 0, nil, err
		}
		if seen[keyOf(e.Date)] {
			return 0, nil, linli.Invalid(field+".date", "%s is given more than once", e.Date)
		}
		seen[keyOf(e.Date)] = true
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b Entry) int { return cmp.Compare(keyOf(a.Date), keyOf(b.Date)) })
	return year, entries, nil
}

func parseHolidayCNDay(field string, raw json.RawMessage, year int) (Entry, error) {
	var (
		day        map[string]json.RawMessage
		name, date string
		off        *bool
	)
	if json.Unmarshal(raw, &day) != nil || day == nil {
		return Entry{}, linli.Invalid(field, "a day must be a JSON object")
	}
	err := decodeObject(field+".", day, map[string]any{"name": &name, "date": &date, "isOffDay": &off})
	if err != nil {
		return Entry{}, err
	}
	if strings.TrimSpace(name) == "" {
		return Entry{}, linli.Invalid(field+".name", "a name is required")
	}
	if err := checkNote(field+".name", name); err != nil {
		return Entry{}, err
	}
	d, err := linli.ParseDate(date)
	if err != nil {
		return Entry{}, linli.Invalid(field+".date", "%q is not a date (YYYY-MM-DD)", date)
	}
	if d.Year() != year {
		return Entry{}, linli.Invalid(field+".date", "%s is not in %d", d, year)
	}
	if off == nil {
		return Entry{}, linli.Invalid(field+".isOffDay", "isOffDay is required")
	}
	kind := KindWorkday
	if *off {
		kind = KindHoliday
	}
	return Entry{Date: d, Kind: kind, Note: name}, nil
}

// decodeObject decodes each key of obj into the target into names for it, in key order; a key
// with no target is unknown. Faults are invalid errors whose field is prefix + key.
func decodeObject(prefix string, obj map[string]json.RawMessage, into map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		target, ok := into[k]
		if !ok {
			return linli.Invalid(prefix+k, "unknown field %q", k)
		}
		if json.Unmarshal(obj[k], target) != nil {
			return linli.Invalid(prefix+k, "%s has the wrong type", k)
		}
	}
	return nil
}
