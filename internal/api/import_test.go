package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// importAnswer is the answer of an import, dry or real, and of a refused one (422).
type importAnswer struct {
	linli.ImportResult
	Error struct{ Code, Message string }
}

// importFile posts a file to the import route of the community as cookie.
func (e *testEnv) importFile(cookie, kind string, dryRun bool, file []byte) response {
	e.t.Helper()
	path := "/api/v1/communities/" + e.Community + "/imports/" + kind
	if dryRun {
		path += "?dry_run=true"
	}
	return e.call("POST", path, cookie, file, "Content-Type", "application/octet-stream")
}

// xlsxFile writes rows into the first sheet of a new workbook, as Excel would save it: numbers as
// number cells.
func xlsxFile(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gb18030 encodes text the way Excel and WPS save a CSV on Chinese Windows.
func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rowErrors gives each row's errors as "column: message" lines, by row number.
func rowErrors(res linli.ImportResult) map[int][]string {
	out := map[int][]string{}
	for _, r := range res.Rows {
		for _, e := range r.Errors {
			out[r.Row] = append(out[r.Row], e.Column+": "+e.Message)
		}
	}
	return out
}

func TestImportHouseholdsFromXLSX(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	var g struct{ Grid linli.Grid }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/grids", coord, map[string]any{"name": "一网格"}), &g)
	e.must(http.StatusCreated, e.call("POST", "/api/v1/grids/"+g.Grid.ID+"/buildings", coord, map[string]any{"name": "1号楼"}), nil)
	// The columns in another order than the template's, with a column of the office's own.
	file := xlsxFile(t, [][]any{
		{"门牌", "备注", "网格", "楼栋", "联系人", "联系电话", "需求", "走访周期（天）"},
		{"1单元101", "腿脚不便", "一网格", "1号楼", "张大爷", 13800000011, "独居老人、残疾人", 7},
		{"1单元102", "", "一网格", "2号楼", "李奶奶", "024-23456789", "elderly", 14},
		{},
		{"3单元301", "", "二网格", "5号楼", "", "", "", ""},
	})
	audit := e.count("audit_log")
	var dry importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", true, file), &dry)
	want := []linli.ImportRow{
		{Row: 2, Action: "create", Grid: "一网格", Building: "1号楼", Label: "1单元101"},
		{Row: 3, Action: "create", Grid: "一网格", Building: "2号楼", Label: "1单元102", NewBuilding: true},
		{Row: 5, Action: "create", Grid: "二网格", Building: "5号楼", Label: "3单元301", NewGrid: true, NewBuilding: true},
	}
	if len(dry.Rows) != len(want) {
		t.Fatalf("dry run rows: %+v", dry.Rows)
	}
	for i, w := range want {
		w.Errors = []linli.ImportIssue{}
		if got := dry.Rows[i]; got.Row != w.Row || got.Action != w.Action || got.Label != w.Label || got.NewGrid != w.NewGrid || got.NewBuilding != w.NewBuilding || len(got.Errors) != 0 {
			t.Errorf("dry run row %d: %+v, want %+v", i, got, w)
		}
	}
	s := dry.Summary
	if s.Create != 3 || s.Invalid != 0 || !s.DryRun || s.Written || len(s.NewGrids) != 1 || s.NewGrids[0] != "二网格" ||
		strings.Join(s.NewBuildings, ",") != "一网格 / 2号楼,二网格 / 5号楼" {
		t.Errorf("dry run summary: %+v", s)
	}
	if e.count("households") != 0 || e.count("grids") != 1 || e.count("buildings") != 1 || e.count("audit_log") != audit {
		t.Fatal("the dry run wrote something")
	}

	var done importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", false, file), &done)
	if done.Summary.Create != 3 || !done.Summary.Written || done.Summary.DryRun {
		t.Errorf("import summary: %+v", done.Summary)
	}
	if e.count("households") != 3 || e.count("grids") != 2 || e.count("buildings") != 3 || e.count("audit_log") != audit+1 {
		t.Fatalf("after the import: %d households, %d grids, %d buildings, %d audit entries",
			e.count("households"), e.count("grids"), e.count("buildings"), e.count("audit_log")-audit)
	}
	var hs struct{ Items []linli.Household }
	var bs struct{ Items []linli.Building }
	e.must(http.StatusOK, e.call("GET", "/api/v1/grids/"+g.Grid.ID+"/buildings", coord, nil), &bs)
	for _, b := range bs.Items {
		if b.Name == "1号楼" {
			e.must(http.StatusOK, e.call("GET", "/api/v1/buildings/"+b.ID+"/households", coord, nil), &hs)
		}
	}
	if len(hs.Items) != 1 || hs.Items[0].ContactPhone != "13800000011" || strings.Join(hs.Items[0].Needs, ",") != "elderly_alone,disabled" ||
		hs.Items[0].VisitEveryDays == nil || *hs.Items[0].VisitEveryDays != 7 {
		t.Errorf("the household as imported: %+v", hs.Items)
	}

	// The same file again changes nothing and leaves no audit entry.
	var again importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", false, file), &again)
	if again.Summary.Unchanged != 3 || again.Summary.Written || len(again.Summary.NewGrids)+len(again.Summary.NewBuildings) != 0 {
		t.Errorf("second import: %+v", again.Summary)
	}
	if e.count("households") != 3 || e.count("grids") != 2 || e.count("audit_log") != audit+1 {
		t.Error("the second import of the same file wrote something")
	}

	// One changed cell updates that household alone.
	changed := xlsxFile(t, [][]any{
		{"网格", "楼栋", "门牌", "联系电话"},
		{"一网格", "1号楼", "1单元101", "13800000012"},
		{"一网格", "2号楼", "1单元102", "024-23456789"},
	})
	e.must(http.StatusOK, e.importFile(coord, "households", false, changed), &again)
	if again.Rows[0].Action != "update" || again.Rows[1].Action != "unchanged" || again.Summary.Update != 1 {
		t.Errorf("a changed phone: %+v", again.Rows)
	}
	if e.count("households") != 3 {
		t.Error("an update created a household")
	}
	if strings.Contains(e.Logs.String(), "13800000011") || strings.Contains(e.Logs.String(), "23456789") {
		t.Error("the server logged a row of the file")
	}
}

// The same ledger saved as CSV in GB18030 (Excel, WPS on Chinese Windows) and in UTF-8 with a BOM.
const ledgerCSV = "网格,楼栋,门牌,联系人,联系电话,需求,走访周期(天)\r\n" +
	"幸福网格,3号楼,2单元201,刘阿姨,(024)23456789,\"独居老人,低收入\",30\r\n" +
	"幸福网格,3号楼,2单元202,陈叔叔,139 0000 0022,退役军人,\r\n"

func TestImportHouseholdsFromCSVInGB18030AndUTF8(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	gb := gb18030(t, ledgerCSV)
	var res importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", false, gb), &res)
	if res.Summary.Create != 2 || res.Summary.Invalid != 0 || res.Rows[0].Grid != "幸福网格" || res.Rows[1].Label != "2单元202" {
		t.Fatalf("GB18030 CSV: %+v", res)
	}
	var hs struct{ Items []linli.Household }
	e.must(http.StatusOK, e.call("GET", "/api/v1/buildings/"+e.buildingOf("幸福网格", "3号楼", coord)+"/households", coord, nil), &hs)
	byLabel := map[string]linli.Household{}
	for _, h := range hs.Items {
		byLabel[h.Label] = h
	}
	if h := byLabel["2单元201"]; h.ContactName != "刘阿姨" || h.ContactPhone != "024-23456789" || strings.Join(h.Needs, ",") != "elderly_alone,low_income" {
		t.Errorf("2单元201 read from GB18030: %+v", h)
	}
	if h := byLabel["2单元202"]; h.ContactPhone != "13900000022" || h.VisitEveryDays != nil {
		t.Errorf("2单元202 read from GB18030: %+v", h)
	}
	// The same ledger in UTF-8 with a BOM matches the same households: nothing to do.
	audit := e.count("audit_log")
	bom := append([]byte{0xEF, 0xBB, 0xBF}, ledgerCSV...)
	e.must(http.StatusOK, e.importFile(coord, "households", false, bom), &res)
	if res.Summary.Unchanged != 2 || res.Summary.Written || e.count("audit_log") != audit || e.count("households") != 2 {
		t.Errorf("UTF-8 with BOM after GB18030: %+v", res.Summary)
	}
}

// buildingOf finds the id of a building by its grid's and its own name.
func (e *testEnv) buildingOf(grid, building, cookie string) string {
	e.t.Helper()
	var gs struct{ Items []linli.Grid }
	e.must(http.StatusOK, e.call("GET", "/api/v1/communities/"+e.Community+"/grids", cookie, nil), &gs)
	for _, g := range gs.Items {
		if g.Name != grid {
			continue
		}
		var bs struct{ Items []linli.Building }
		e.must(http.StatusOK, e.call("GET", "/api/v1/grids/"+g.ID+"/buildings", cookie, nil), &bs)
		for _, b := range bs.Items {
			if b.Name == building {
				return b.ID
			}
		}
	}
	e.t.Fatalf("no building %s / %s", grid, building)
	return ""
}

func TestImportWithErrorsWritesNothing(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	file := []byte("网格,楼栋,门牌,联系电话,需求,走访周期(天)\n" +
		"一网格,1号楼,101,13800000011,独居老人,7\n" + // good
		"一网格,1号楼,102,1380000001,,\n" + // a bad phone
		"一网格,1号楼,103,,孤寡老人,\n" + // an unknown need
		"一网格,1号楼,101,13800000011,独居老人,7\n" + // row 2 again
		",1号楼,104,,,一周\n") // no grid, days not a number
	audit := e.count("audit_log")
	var dry importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", true, file), &dry)
	errs := rowErrors(dry.ImportResult)
	want := map[int][]string{
		3: {"联系电话: 不是有效的电话：手机号（11 位）或固定电话（区号加 7–8 位号码，如 010-12345678）"},
		4: {"需求: 未知的需求“孤寡老人”（可填：独居老人、老年人、残疾人、低收入、留守儿童、退役军人、其他）"},
		5: {"门牌: 与第 2 行重复"},
		6: {"网格: 必填", "走访周期(天): 应为 1 到 366 的整数"},
	}
	for row, w := range want {
		if strings.Join(errs[row], "|") != strings.Join(w, "|") {
			t.Errorf("row %d errors %q, want %q", row, errs[row], w)
		}
	}
	if len(errs[2]) != 0 || dry.Summary.Invalid != 4 || dry.Summary.Create != 1 {
		t.Errorf("summary %+v, errors %v", dry.Summary, errs)
	}
	// The real run refuses the whole file with the same rows: not even the good row is written.
	var refused importAnswer
	r := e.importFile(coord, "households", false, file)
	e.must(http.StatusUnprocessableEntity, r, &refused)
	if refused.Error.Code != "import_invalid" || refused.Error.Message != "有 4 行有误，未导入任何数据" || len(refused.Rows) != 5 ||
		strings.Join(rowErrors(refused.ImportResult)[6], "|") != strings.Join(want[6], "|") {
		t.Errorf("refused import: %s", r.Body)
	}
	if e.count("households")+e.count("grids")+e.count("buildings") != 0 || e.count("audit_log") != audit {
		t.Error("a refused import wrote something")
	}
	// A missing column is named; in English for a caller who reads English.
	e.mustFail(http.StatusBadRequest, "invalid", "门牌", e.importFile(coord, "households", true, []byte("网格,楼栋,联系人\n一网格,1号楼,张三\n")))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", coord, map[string]any{"locale": "en"}), nil)
	var ae apiError
	e.must(http.StatusBadRequest, e.importFile(coord, "households", true, []byte("网格,楼栋,联系人\n一网格,1号楼,张三\n")), &ae)
	if ae.Error.Message != "missing column: 门牌" {
		t.Errorf("missing column in English: %+v", ae)
	}
	e.must(http.StatusOK, e.importFile(coord, "households", true, file), &dry)
	if m := rowErrors(dry.ImportResult)[5]; len(m) != 1 || m[0] != "门牌: the same as row 2" {
		t.Errorf("duplicate row in English: %v", m)
	}
}

func TestImportFileChecks(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	e.mustFail(http.StatusBadRequest, "invalid", "file", e.importFile(coord, "households", true, []byte{}))
	e.mustFail(http.StatusBadRequest, "invalid", "file", e.importFile(coord, "households", true, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}))
	e.mustFail(http.StatusBadRequest, "invalid", "file", e.importFile(coord, "households", true, []byte("PK\x03\x04 not really a workbook")))
	e.mustFail(http.StatusBadRequest, "invalid", "file", e.importFile(coord, "households", true, []byte("网格,楼栋,门牌\n")))
	e.mustFail(http.StatusNotFound, "not_found", "kind", e.importFile(coord, "children", true, []byte("网格,楼栋,门牌\n")))
	e.mustFail(http.StatusBadRequest, "invalid", "dry_run", e.call("POST", "/api/v1/communities/"+e.Community+"/imports/households?dry_run=maybe", coord, "x"))
	// A ledger over the 1 MiB of JSON bodies is taken; one over 8 MiB is not.
	var big bytes.Buffer
	big.WriteString("网格,楼栋,门牌,备注\n")
	for i := 0; big.Len() < 2<<20; i++ {
		big.WriteString("一网格,1号楼," + strings.Repeat("9", 1+i%5) + "-" + string(rune('A'+i%26)) + "," + strings.Repeat("备", 60) + "\n")
	}
	var res importAnswer
	e.must(http.StatusOK, e.importFile(coord, "households", true, big.Bytes()), &res)
	if res.Summary.Rows < 5000 {
		t.Errorf("a 2 MiB file gave %d rows", res.Summary.Rows)
	}
	huge := bytes.Repeat([]byte("一网格,1号楼,101,"+strings.Repeat("x", 100)+"\n"), 90000)
	e.mustFail(http.StatusRequestEntityTooLarge, "too_large", "", e.importFile(coord, "households", true, huge))
}

func TestImportTemplate(t *testing.T) {
	e := newEnv(t)
	_, coord := e.member("王丽", "13800000001", "coordinator", "")
	for kind, want := range map[string]string{"households": "网格,楼栋,门牌,联系人,联系电话,需求,走访周期(天)", "members": "姓名,手机号,角色,教师类型"} {
		r := e.call("GET", "/api/v1/communities/"+e.Community+"/imports/"+kind+"/template", coord, nil)
		e.must(http.StatusOK, r, nil)
		if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("%s template Content-Type %q", kind, ct)
		}
		name := map[string]string{"households": "%E4%BD%8F%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx", "members": "%E6%88%90%E5%91%98%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"}[kind]
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; ") || !strings.Contains(cd, "filename*=UTF-8''"+name) {
			t.Errorf("%s template Content-Disposition %q", kind, cd)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		sheets := f.GetSheetList()
		rows, _ := f.GetRows(sheets[0])
		if len(rows) != 1 || strings.Join(rows[0], ",") != want || len(sheets) != 2 {
			t.Errorf("%s template: sheets %v, rows %v", kind, sheets, rows)
		}
		notes, _ := f.GetRows(sheets[1])
		if len(notes) != len(rows[0])+1 {
			t.Errorf("%s template notes: %v", kind, notes)
		}
		// The template, filled in, imports.
		row := map[string][]any{"households": {"一网格", "1号楼", "101", "张三", 13800000011, "独居老人", 7}, "members": {"张三", 13900000011, "志愿者"}}[kind]
		if err := f.SetSheetRow(sheets[0], "A2", &row); err != nil {
			t.Fatal(err)
		}
		filled, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		var res importAnswer
		e.must(http.StatusOK, e.importFile(coord, kind, true, filled.Bytes()), &res)
		if res.Summary.Create != 1 || res.Summary.Invalid != 0 {
			t.Errorf("the %s template filled in: %+v", kind, res)
		}
	}
}
