package api

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
)

// refusedPath returns the dotted path (schedule.start_date, records[0].check_in) of the first
// value in body that its field's own type refuses to decode, walking v's type in field order, or
// "" when none does. It finds the field of a value the decoder cannot name by its text alone,
// such as an empty date: "" may stand in several places, but only one of them is a date.
func refusedPath(v any, body []byte) string {
	var doc any
	if json.Unmarshal(body, &doc) != nil {
		return ""
	}
	return refusedIn(reflect.TypeOf(v), doc, "")
}

func refusedIn(t reflect.Type, doc any, path string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if doc == nil {
		return ""
	}
	if reflect.PointerTo(t).Implements(reflect.TypeFor[json.Unmarshaler]()) {
		raw, err := json.Marshal(doc)
		if err != nil || json.Unmarshal(raw, reflect.New(t).Interface()) != nil {
			return path
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			return ""
		}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Anonymous && f.Tag.Get("json") == "" {
				if p := refusedIn(f.Type, doc, path); p != "" {
					return p
				}
				continue
			}
			if p := refusedIn(f.Type, obj[name], joinPath(path, name)); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		items, ok := doc.([]any)
		if !ok {
			return ""
		}
		for i, x := range items {
			if p := refusedIn(t.Elem(), x, path+"["+strconv.Itoa(i)+"]"); p != "" {
				return p
			}
		}
	}
	return ""
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
