package api

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// TestWriteCSV checks what Excel and WPS need: the byte order mark, the attachment name, CRLF
// rows, Chinese intact when parsed back, and formulas shown as text.
func TestWriteCSV(t *testing.T) {
	rec := httptest.NewRecorder()
	rows := [][]string{{"周强", "2026-09-05", "=HYPERLINK(\"x\")", "含,逗号和\"引号\"", "1.50"}}
	if err := writeCSV(rec, "report.csv", []string{"姓名", "日期", "地点", "服务内容", "时长(小时)"}, rows); err != nil {
		t.Fatal(err)
	}
	body := rec.Body.String()
	if !strings.HasPrefix(body, "\ufeff姓名,日期,") || !strings.Contains(body, "\r\n") {
		t.Errorf("body %q: want a BOM, then the header, CRLF lines", body)
	}
	if ct, cd := rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"); ct != "text/csv; charset=utf-8" || cd != "attachment; filename=report.csv" {
		t.Errorf("headers %q, %q", ct, cd)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"周强", "2026-09-05", "'=HYPERLINK(\"x\")", "含,逗号和\"引号\"", "1.50"}
	if len(got) != 2 || !slices.Equal(got[1], want) {
		t.Errorf("parsed back %q, want row %q", got, want)
	}
}

// TestWantsCSV reads the format from ?format= first, then from Accept.
func TestWantsCSV(t *testing.T) {
	for _, c := range []struct {
		query, accept string
		csv, bad      bool
	}{
		{"", "", false, false},
		{"?format=csv", "", true, false},
		{"?format=json", "text/csv", false, false},
		{"", "application/json, text/csv;q=0.9", true, false},
		{"?format=xlsx", "", true, false},
		{"?format=pdf", "", false, true},
	} {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/reports/volunteer-hours"+c.query, nil)
		r.Header.Set("Accept", c.accept)
		got, err := wantsCSV(r)
		if got != c.csv || (err != nil) != c.bad {
			t.Errorf("%q Accept %q: csv=%v err=%v", c.query, c.accept, got, err)
		}
	}
}
