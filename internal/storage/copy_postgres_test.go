package storage

import (
	"bytes"
	"testing"
)

// TestPgValueTakesWhatSQLiteAnswers: SQLite may answer any of its types for a column; the copy
// gives PostgreSQL the column's own type, or names the mismatch instead of writing a wrong value.
func TestPgValueTakesWhatSQLiteAnswers(t *testing.T) {
	for _, c := range []struct {
		in   any
		typ  string
		want any
	}{
		{"王丽", "text", "王丽"},
		{[]byte("1 单元 302 室"), "text", "1 单元 302 室"},
		{int64(42), "text", "42"},
		{int64(7), "integer", int64(7)},
		{true, "integer", int64(1)},
		{"12", "bigint", int64(12)},
		{[]byte{0, 1, 2}, "bytea", []byte{0, 1, 2}},
		{"ab", "bytea", []byte("ab")},
		{nil, "integer", nil},
	} {
		got, err := pgValue(c.in, c.typ)
		if err != nil {
			t.Errorf("%T %v as %s: %v", c.in, c.in, c.typ, err)
			continue
		}
		if b, ok := c.want.([]byte); ok {
			if !bytes.Equal(got.([]byte), b) {
				t.Errorf("%v as %s = %v", c.in, c.typ, got)
			}
		} else if got != c.want {
			t.Errorf("%T %v as %s = %T %v, want %v", c.in, c.in, c.typ, got, got, c.want)
		}
	}
	for _, c := range []struct {
		in  any
		typ string
	}{{"twelve", "integer"}, {int64(1), "bytea"}, {1.5, "integer"}, {"x", "jsonb"}} {
		if got, err := pgValue(c.in, c.typ); err == nil {
			t.Errorf("%T %v as %s was taken as %v", c.in, c.in, c.typ, got)
		}
	}
}
