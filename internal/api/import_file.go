package api

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/linli/linli/internal/linli"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// The first bytes of the files an import tells apart: an .xlsx is a zip archive; an old .xls a
// compound document, which excelize does not read.
var (
	zipMagic = []byte("PK\x03\x04")
	xlsMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	bomUTF8  = []byte{0xEF, 0xBB, 0xBF}
)

// xlsxLimits bound what an .xlsx may unpack to, so a small hostile archive cannot fill memory.
var xlsxLimits = excelize.Options{UnzipSizeLimit: 128 << 20, UnzipXMLSizeLimit: 64 << 20}

// readImportTable reads an import file: an .xlsx (its first sheet) known by its zip signature,
// whatever the Content-Type, or else a CSV, as UTF-8 (a BOM is dropped) when it decodes as
// UTF-8 and as GB18030, the way Excel and WPS save CSV on Chinese Windows, when it does not.
// Rows whose cells are all blank are left out; every row keeps its number in the file.
func readImportTable(body []byte, locale string) (linli.ImportTable, error) {
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		return linli.ImportTable{}, linli.Invalid("file", "%s", linli.ImportText(locale, "bad_file"))
	case bytes.HasPrefix(body, xlsMagic):
		return linli.ImportTable{}, linli.Invalid("file", "%s", linli.ImportText(locale, "xls_file"))
	case bytes.HasPrefix(body, zipMagic):
		return readXLSX(body, locale)
	}
	return readCSV(body, locale)
}

// tableOf collects the rows of a file, leaving out blank ones; too many rows is 413.
type tableOf struct {
	t      linli.ImportTable
	locale string
}

func (c *tableOf) add(line int, cells []string) error {
	blank := true
	for _, s := range cells {
		if strings.TrimSpace(s) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if len(c.t.Rows) > linli.MaxImportRows {
		return linli.Errorf(linli.ETooLarge, "%s", linli.ImportText(c.locale, "too_many_rows", linli.MaxImportRows))
	}
	c.t.Rows = append(c.t.Rows, cells)
	c.t.Line = append(c.t.Line, line)
	return nil
}

// readXLSX reads the first sheet of a workbook, with the cells' raw values: a number keeps all
// its digits whatever format it is shown in.
func readXLSX(body []byte, locale string) (linli.ImportTable, error) {
	bad := linli.Invalid("file", "%s", linli.ImportText(locale, "bad_file"))
	f, err := excelize.OpenReader(bytes.NewReader(body), xlsxLimits)
	if err != nil {
		return linli.ImportTable{}, bad
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return linli.ImportTable{}, bad
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return linli.ImportTable{}, bad
	}
	defer rows.Close()
	c := tableOf{locale: locale}
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return linli.ImportTable{}, bad
		}
		if err := c.add(line, cells); err != nil {
			return c.t, err
		}
	}
	if rows.Error() != nil {
		return linli.ImportTable{}, bad
	}
	return c.t, nil
}

// readCSV reads a CSV file in UTF-8 (with or without a BOM) or GB18030.
func readCSV(body []byte, locale string) (linli.ImportTable, error) {
	if utf8.Valid(body) {
		body = bytes.TrimPrefix(body, bomUTF8)
	} else {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(body)
		if err != nil {
			return linli.ImportTable{}, linli.Invalid("file", "%s", linli.ImportText(locale, "bad_file"))
		}
		body = decoded
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	c := tableOf{locale: locale}
	for {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			return c.t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return linli.ImportTable{}, linli.Invalid("file", "%s", linli.ImportText(locale, "bad_csv", pe.StartLine, pe.Err.Error()))
		}
		if err != nil {
			return linli.ImportTable{}, linli.Invalid("file", "%s", linli.ImportText(locale, "bad_file"))
		}
		line, _ := r.FieldPos(0) // the record's first line: blank lines in between are skipped
		if err := c.add(line, cells); err != nil {
			return c.t, err
		}
	}
}
