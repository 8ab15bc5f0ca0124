package api

import (
	"bytes"
	"encoding/csv"
	"mime"
	"net/http"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// utf8BOM starts every CSV answer, so that Excel and WPS read the file as UTF-8 and show Chinese.
const utf8BOM = "\ufeff"

// reportRange reads what every report takes: the optional ?from= and ?to= dates and whether the
// answer is to be a file (CSV or XLSX: writeTable picks which).
func reportRange(r *http.Request) (from, to linli.Date, asCSV bool, err error) {
	if from, to, err = dateRange(r); err != nil {
		return from, to, false, err
	}
	asCSV, err = wantsCSV(r)
	return from, to, asCSV, err
}

// wantsCSV reports whether a report request asks for a file: ?format=csv or ?format=xlsx, or
// Accept: text/csv without ?format. Any other format than json, csv or xlsx is 400 on format.
func wantsCSV(r *http.Request) (bool, error) {
	switch r.URL.Query().Get("format") {
	case "csv", "xlsx":
		return true, nil
	case "json":
		return false, nil
	case "":
	default:
		return false, linli.Invalid("format", "format must be json, csv or xlsx")
	}
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "text/csv" {
			return true, nil
		}
	}
	return false, nil
}

// writeCSV answers 200 with a CSV attachment named filename (ASCII): UTF-8 with a byte order
// mark, CRLF line ends (as RFC 4180 and Excel expect), the header row, then the rows. A cell
// starting with = + - @ or a tab is prefixed with ' so that a spreadsheet shows it as text
// instead of running it as a formula.
func writeCSV(w http.ResponseWriter, filename string, header []string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = csvCell(cell)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}

// csvCell defuses a cell that a spreadsheet would read as a formula.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
