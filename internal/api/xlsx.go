package api

import (
	"bytes"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/linli/linli/internal/linli"
	"github.com/xuri/excelize/v2"
)

// xlsxContentType is the media type of an Office Open XML workbook.
const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// The number formats of the typed cells: dates and times spelt the Chinese way (2026-09-07),
// which Excel, WPS and LibreOffice show alike whatever the reader's locale.
var (
	xlsxDateFormat = "yyyy-mm-dd"
	xlsxTimeFormat = "yyyy-mm-dd hh:mm:ss"
	xlsxHoursFmt   = "0.00"
)

// Bounds of a column's width, in characters.
const (
	xlsxMinWidth = 6
	xlsxMaxWidth = 50
)

// writeXLSX answers 200 with t as a workbook of one sheet named t.sheet, written by excelize's
// stream writer (rows go to a temporary buffer, not a whole sheet in memory): a bold header row
// frozen above the rows, widths fitted to the text, and typed cells: text as text (numbers
// that are ids or phone numbers included), counts as integers, hours and figures as numbers,
// dates and times as Excel dates with a date format.
func writeXLSX(w http.ResponseWriter, t table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), t.sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return err
	}
	styles, head, err := xlsxStyles(f, t.cols)
	if err != nil {
		return err
	}
	for i, width := range xlsxWidths(t) {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	heads := make([]any, len(t.cols))
	for i, c := range t.cols {
		heads[i] = excelize.Cell{StyleID: head, Value: c.head}
	}
	if err := sw.SetRow("A1", heads, excelize.RowOpts{StyleID: head}); err != nil {
		return err
	}
	cells := make([]any, len(t.cols))
	for i, row := range t.rows {
		for j, v := range row {
			cells[j] = excelize.Cell{StyleID: styles[j], Value: xlsxValue(v)}
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxContentType)
	w.Header().Set("Content-Disposition", contentDisposition(t.file+".xlsx", t.name+".xlsx"))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// xlsxStyles makes the style of each column's cells and of the header row.
func xlsxStyles(f *excelize.File, cols []column) (styles []int, head int, err error) {
	if head, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEFF2"}}}); err != nil {
		return nil, 0, err
	}
	byKind := map[colKind]*excelize.Style{
		colText:    {NumFmt: 49}, // "@": a cell the reader edits stays text
		colInt:     {NumFmt: 1},  // "0"
		colDecimal: {},
		colHours:   {CustomNumFmt: &xlsxHoursFmt},
		colDate:    {CustomNumFmt: &xlsxDateFormat},
		colTime:    {CustomNumFmt: &xlsxTimeFormat},
	}
	ids := map[colKind]int{}
	styles = make([]int, len(cols))
	for i, c := range cols {
		id, ok := ids[c.kind]
		if !ok {
			if id, err = f.NewStyle(byKind[c.kind]); err != nil {
				return nil, 0, err
			}
			ids[c.kind] = id
		}
		styles[i] = id
	}
	return styles, head, nil
}

// xlsxValue turns a report cell into the value excelize writes: a date or a time as its wall
// clock (a spreadsheet has no time zones), anything else as it is.
func xlsxValue(v any) any {
	switch v := v.(type) {
	case linli.Date:
		return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	case time.Time:
		return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), 0, time.UTC)
	}
	return v
}

// xlsxWidths fits each column to its longest text (a Chinese character counts as two), between
// xlsxMinWidth and xlsxMaxWidth.
func xlsxWidths(t table) []float64 {
	out := make([]float64, len(t.cols))
	for i, c := range t.cols {
		out[i] = float64(displayWidth(c.head))
	}
	for _, row := range t.rows {
		for j, v := range row {
			width := float64(displayWidth(t.cols[j].kind.text(v)))
			if t.cols[j].kind == colTime {
				width = float64(len("2006-01-02 15:04:05"))
			}
			out[j] = max(out[j], width)
		}
	}
	for i := range out {
		out[i] = min(max(out[i]+2, xlsxMinWidth), xlsxMaxWidth)
	}
	return out
}

// displayWidth is how many columns s takes in a spreadsheet: two for a wide (CJK) character.
func displayWidth(s string) int {
	n := 0
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
