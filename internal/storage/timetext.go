package storage

import (
	"fmt"
	"time"
)

// readTime parses a stored instant. Text that is not one (a row written before instants past
// the year 9999 were refused holds "10000-…") is an error for the caller, never a silent year 1.
func readTime(s string) (time.Time, error) {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: stored instant %q is unreadable: %w", s, err)
	}
	return t, nil
}

// instant scans a stored instant; a value that is not one fails the row's Scan.
type instant struct{ time.Time }

// Scan implements sql.Scanner.
func (i *instant) Scan(v any) error {
	var err error
	switch s := v.(type) {
	case string:
		i.Time, err = readTime(s)
	case []byte:
		i.Time, err = readTime(string(s))
	case time.Time:
		i.Time = s
	default:
		err = fmt.Errorf("sqlite: stored instant of type %T", v)
	}
	return err
}

// nullInstant scans a stored instant that may be NULL.
type nullInstant struct {
	Time  time.Time
	Valid bool
}

// Scan implements sql.Scanner.
func (n *nullInstant) Scan(v any) error {
	if v == nil {
		n.Time, n.Valid = time.Time{}, false
		return nil
	}
	var i instant
	if err := i.Scan(v); err != nil {
		return err
	}
	n.Time, n.Valid = i.Time, true
	return nil
}
