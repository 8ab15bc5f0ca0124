package api_test

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestEveryExportAsXLSX reads every report and export twice, as CSV and with ?format=xlsx, and
// reads the workbook back with excelize: one sheet with a Chinese name, a frozen header row, the
// same rows as the CSV, and typed cells (t text, i integer, n number, h hours shown as 0.00,
// d a date shown as 2026-09-07, T a date and time); ids and phone-like text stay text.
func TestEveryExportAsXLSX(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	// A title that a spreadsheet would run as a formula: the CSV defuses it with ', the XLSX holds it as text.
	sat := e.shift("=1+2 周六社区环境整治", "2026-09-05", "2026-09-05", 5, func(p map[string]any) { p["venue_id"] = e.Room })["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, sat.ID, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var recorded struct{ Records []struct{ ID string } }
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sat.ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
		{"user_id": e.Volunteer, "check_in": "2026-09-05T08:45:00+08:00", "check_out": "2026-09-05T11:15:00+08:00"},
		{"user_id": e.Volunteer2, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T10:30:00+08:00"},
	}}), &recorded)
	for _, r := range recorded.Records {
		e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+r.ID+"/approve", e.Coord, nil), nil)
	}
	care := byDate(e.sessions(e.Coord, "from=2026-01-01&program_id="+e.createProgram(ptProgram("after_school", "四点半课堂",
		ptSchedule("2026-09-07", "2026-09-07", "16:30", "18:00", "school_days"), func(p map[string]any) {
			p["staff_ids"], p["venue_id"] = []string{e.Teacher1}, e.Room
		})).Program.ID))["2026-09-07"]
	e.Clock.Set(ptAt(2026, 9, 7, 18, 30))
	e.must(http.StatusOK, e.call("POST", "/api/v1/sessions/"+care.ID+"/deliver", e.Coord, nil), nil)
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions/"+care.ID+"/roster", e.Coord, nil), nil)

	c := "community_id=" + e.Community
	for _, x := range []struct {
		path, cookie, kinds, sheet string
	}{
		{"/api/v1/reports/class-hours?group_by=teacher&from=2026-09-01&to=2026-09-30&" + c, e.Coord, "ttinnn", "课时统计"},
		{"/api/v1/reports/class-hours?" + c, e.Coord, "ttinnnni", "课时统计"},
		{"/api/v1/reports/volunteer-hours?" + c, e.Coord, "ttih", "志愿服务时长"},
		{"/api/v1/reports/volunteer-hours?group_by=month&" + c, e.Coord, "ttih", "志愿服务时长"},
		{"/api/v1/reports/volunteer-record?from=2026-09-01&to=2026-09-30&user_id=" + e.Volunteer, e.Coord, "tdtttht", "志愿服务记录"},
		{"/api/v1/access-log?from=2026-09-01&to=2026-09-30&" + c, e.Admin, "TtttTtti", "名单查看记录"},
	} {
		t.Run(x.path, func(t *testing.T) {
			want := atCSV(t, e.call("GET", x.path+"&format=csv", x.cookie, nil))
			if len(want) < 2 {
				t.Fatalf("the CSV has no rows to compare: %q", want)
			}
			if x.sheet == "志愿服务记录" && want[1][3] != "'=1+2 周六社区环境整治" {
				t.Errorf("the CSV does not defuse the title: %q", want[1])
			}
			r := e.call("GET", x.path+"&format=xlsx", x.cookie, nil)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
				t.Fatalf("status %d, %s: %.200s", r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, `.xlsx"; filename*=UTF-8''%E`) {
				t.Errorf("Content-Disposition %q: want an ASCII name and a Chinese one (RFC 5987)", cd)
			}
			checkXLSX(t, r.Body, x.sheet, x.kinds, want)
		})
	}
}

// checkXLSX compares a workbook with the CSV rows of the same report, cell by cell.
func checkXLSX(t *testing.T, body []byte, sheet, kinds string, want [][]string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if list := f.GetSheetList(); len(list) != 1 || list[0] != sheet {
		t.Fatalf("sheets %q, want only %q", list, sheet)
	}
	if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 {
		t.Errorf("panes %+v (%v): want the header row frozen", panes, err)
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != len(want) {
		t.Fatalf("%d rows, the CSV %d: %q", len(raw), len(want), raw)
	}
	for i, row := range want {
		for j, w := range row {
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			got := ""
			if j < len(raw[i]) {
				got = raw[i][j]
			}
			typ, _ := f.GetCellType(sheet, ref)
			shown, _ := f.GetCellValue(sheet, ref)
			if i == 0 || kinds[j] == 't' {
				if len(w) > 1 && w[0] == '\'' && strings.ContainsRune("=+-@", rune(w[1])) {
					w = w[1:]
				}
				formula, _ := f.GetCellFormula(sheet, ref)
				if got != w || formula != "" || (w != "" && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
					t.Errorf("%s: %q (type %d, formula %q), the CSV %q as text", ref, got, typ, formula, w)
				}
				continue
			}
			if w == "" {
				if got != "" {
					t.Errorf("%s: %q, the CSV is empty", ref, got)
				}
				continue
			}
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s: type %d, want a number", ref, typ)
			}
			x, err := strconv.ParseFloat(got, 64)
			if err != nil {
				t.Errorf("%s: %q is not a number", ref, got)
				continue
			}
			switch kinds[j] {
			case 'i':
				if got != w {
					t.Errorf("%s: %q, the CSV %q", ref, got, w)
				}
			case 'n', 'h':
				if y, _ := strconv.ParseFloat(w, 64); x != y || (kinds[j] == 'h' && shown != w) {
					t.Errorf("%s: %v shown %q, the CSV %q", ref, x, shown, w)
				}
			case 'd':
				d, _ := excelize.ExcelDateToTime(x, false)
				if d.Format(time.DateOnly) != w || shown != w {
					t.Errorf("%s: %v shown %q, the CSV %q", ref, d, shown, w)
				}
			case 'T':
				d, _ := excelize.ExcelDateToTime(x, false)
				at, err := time.Parse(time.RFC3339, w)
				if err != nil || d.Round(time.Second).Format(time.DateTime) != at.Format(time.DateTime) || shown != at.Format(time.DateTime) {
					t.Errorf("%s: %v shown %q, the CSV %q", ref, d, shown, w)
				}
			}
		}
	}
}
