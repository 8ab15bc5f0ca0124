package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

// colKind says what a report column holds, so that the CSV writes it as text and the XLSX as a
// typed cell: both take the same rows (table), so they cannot drift apart.
type colKind uint8

// The kinds of a report column. A cell of any kind may be nil: an empty cell.
const (
	colText    colKind = iota // a string; ids, phone numbers and codes stay text in a spreadsheet
	colInt                    // an int: counts
	colDecimal                // a float64, written as short as it goes (1.5, 3)
	colHours                  // a float64 of hours, written with two decimals (1.50)
	colDate                   // a linli.Date
	colTime                   // a time.Time in the zone the report is read in (its wall clock)
)

// column is one column of a report: its heading and its kind.
type column struct {
	head string
	kind colKind
}

// table is a report or an export as a CSV or an XLSX file holds it: one header row, then rows
// of typed cells in the order of the columns (see colKind for the Go type of each).
type table struct {
	file  string // the file name without extension, ASCII: class-hours-2026-09-by-teacher
	name  string // the same in Chinese, for the XLSX: 课时统计_2026-09_按教师
	sheet string // the XLSX sheet's name, in Chinese, at most 31 characters: 课时统计
	cols  []column
	rows  [][]any
}

// heads returns the header row.
func (t *table) heads() []string {
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.head
	}
	return out
}

// text writes a cell as the CSV holds it: dates as 2026-09-07, times in RFC 3339, hours with
// two decimals, other figures as short as they go; nil is empty.
func (k colKind) text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		if k == colHours {
			return hoursText(v)
		}
		return decimal(v)
	case linli.Date:
		return v.String()
	case time.Time:
		return v.Format(time.RFC3339)
	}
	return fmt.Sprint(v) // not a kind of cell the tables hold; the export test would see it
}

// writeTable answers a report as a file: XLSX when the request asks ?format=xlsx, else CSV.
// Every report and export goes through it, so each has both formats.
func writeTable(w http.ResponseWriter, r *http.Request, t table) error {
	if wantsXLSX(r) {
		return writeXLSX(w, t)
	}
	rows := make([][]string, len(t.rows))
	for i, row := range t.rows {
		cells := make([]string, len(row))
		for j, v := range row {
			cells[j] = t.cols[j].kind.text(v)
		}
		rows[i] = cells
	}
	return writeCSV(w, t.file+".csv", t.heads(), rows)
}

// wantsXLSX reports whether a report request asks for ?format=xlsx.
func wantsXLSX(r *http.Request) bool { return r.URL.Query().Get("format") == "xlsx" }

// contentDisposition is an attachment named name in UTF-8 (RFC 6266 and 5987: filename*) with
// the ASCII name as the fallback for old clients.
func contentDisposition(ascii, name string) string {
	var b strings.Builder
	b.WriteString(`attachment; filename="`)
	b.WriteString(ascii)
	b.WriteString(`"; filename*=UTF-8''`)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
