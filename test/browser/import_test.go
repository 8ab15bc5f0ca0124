package browser_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/linli/linli/internal/linli"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// ledgerFile writes rows into a workbook in dir, as Excel saves it (numbers as number cells).
func ledgerFile(t *testing.T, dir, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCoordinatorImportsHouseholdsAndMembers: from 网格住户 a coordinator opens 从 Excel 导入住户,
// chooses a ledger with two bad rows and reads the dry run as a table (the bad phone and the
// unknown need beside their rows, the new grid and building marked, no import offered); chooses
// the corrected ledger, imports it and finds the households; the same ledger again has nothing to
// import. From 成员 she imports a GB18030 CSV whose new number is marked 待注册.
func TestCoordinatorImportsHouseholdsAndMembers(t *testing.T) { importJourney(t, inZH) }

// importJourney is the journey in Chinese; the dry run's messages come from the server in the
// coordinator's language, which these checks read in Chinese.
func importJourney(t *testing.T, _ lang) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	var g struct{ Grid linli.Grid }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", coord, map[string]any{"name": "一网格"}, &g)
	s.must(http.StatusCreated, "POST", "/grids/"+g.Grid.ID+"/buildings", coord, map[string]any{"name": "1号楼"}, nil)
	dir := t.TempDir()
	header := []any{"网格", "楼栋", "门牌", "联系人", "联系电话", "需求", "走访周期(天)"}
	bad := ledgerFile(t, dir, "台账-有误.xlsx", [][]any{header,
		{"一网格", "1号楼", "101", "张大爷", 13800000011, "独居老人", 7},
		{"一网格", "1号楼", "102", "李奶奶", 1380000001, "老年人", 14},
		{"二网格", "5号楼", "301", "刘阿姨", "024-23456789", "孤寡老人", ""},
	})
	good := ledgerFile(t, dir, "台账.xlsx", [][]any{header,
		{"一网格", "1号楼", "101", "张大爷", 13800000011, "独居老人", 7},
		{"一网格", "1号楼", "102", "李奶奶", 13800000012, "老年人", 14},
		{"二网格", "5号楼", "301", "刘阿姨", "024-23456789", "独居老人、低收入", ""},
	})

	p := s.open(t)
	p.signIn(coord)
	p.visit("/households", "households")
	p.click("#import-link")
	p.do(p.waitPage("import"))
	p.waitText("main h1", "导入住户")

	p.click("#import-check")
	p.waitText("#import-result", "请先选择要导入的文件")
	// A file without the columns, and one too large, are explained without a table.
	noColumns := filepath.Join(dir, "名单.csv")
	if err := os.WriteFile(noColumns, []byte("姓名,电话\n张三,13800000011\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{noColumns}))
	p.click("#import-check")
	p.waitText("#import-result", "无法导入这个文件：缺少列：网格、楼栋、门牌")
	p.shot("import-no-columns")
	huge := filepath.Join(dir, "大文件.csv")
	if err := os.WriteFile(huge, bytes.Repeat([]byte("一网格,1号楼,101\n"), 9<<20/20), 0o644); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{huge}))
	p.click("#import-check")
	p.waitText("#import-result", "文件太大：最多 8 MB")

	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{bad}))
	p.waitText("#import-file-name", "台账-有误.xlsx")
	p.click("#import-check")
	p.waitText("#import-summary", "共 3 行：新增 1，更新 0，不变 0，有误 2。")
	p.waitText("main", "有 2 行有误，现在不能导入")
	p.waitText(`#import-table tr[data-row-errors="3"]`, "联系电话：不是有效的电话")
	p.waitText(`#import-table tr[data-row-errors="4"]`, "需求：未知的需求“孤寡老人”")
	p.waitText(`#import-table tr[data-row="4"]`, "二网格 新建")
	p.waitText("main", "将新建网格：二网格")
	if p.howMany("#import-confirm") != 0 {
		t.Error("a file with errors is offered for import")
	}
	p.shot("import-errors")

	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{good}))
	p.click("#import-check")
	p.waitText("#import-summary", "共 3 行：新增 3，更新 0，不变 0，有误 0。")
	p.shot("import-dry-run")
	if n := s.count("households"); n != 0 {
		t.Fatalf("the dry run wrote %d households", n)
	}
	p.click("#import-confirm")
	p.waitText("#import-done", "导入完成：新增 3，更新 0，不变 0。")
	p.shot("import-done")
	if n := s.count("households"); n != 3 {
		t.Fatalf("%d households after the import, want 3", n)
	}
	p.click("#import-done a")
	p.do(p.waitPage("households"))
	p.expand("二网格")
	p.waitText("main", "5号楼")
	p.expand("5号楼")
	p.waitText("main", "刘阿姨 · 024-23456789")

	// The same ledger again: nothing to import.
	p.visit("/import/households", "import")
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{good}))
	p.click("#import-check")
	p.waitText("#import-summary", "不变 3")
	p.waitText("main", "不需要导入")

	// Members from a CSV saved by WPS on Chinese Windows.
	csv, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("姓名,手机号,角色,教师类型\r\n赵老师,13900000041,老师,社区兼职教师\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	members := filepath.Join(dir, "成员.csv")
	if err := os.WriteFile(members, csv, 0o644); err != nil {
		t.Fatal(err)
	}
	p.visit("/members", "members")
	p.click("#import-link")
	p.do(p.waitPage("import"))
	p.waitText("main h1", "导入成员")
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-file"), []string{members}))
	p.click("#import-check")
	p.waitText(`#import-table tr[data-row="2"]`, "老师（社区兼职教师） 待注册")
	p.shot("import-members")
	p.click("#import-confirm")
	p.waitText("#import-done", "新增 1")
	p.click("#import-done a")
	p.do(p.waitPage("members"))
	p.waitText(`#members-teacher [data-member="13900000041/teacher"]`, "待注册")
}

// count is the number of rows in table.
func (s *site) count(table string) int {
	s.t.Helper()
	var n int
	if err := s.DB.ReadPool().QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}
