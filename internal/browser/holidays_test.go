package browser_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// holidayCN2028 is a holiday-cn year file for 2028 made up for the test (not announced yet when
// it was written): New Year and a Spring Festival of nine days from 1/26, with make-up Sunday 1/23.
const holidayCN2028 = `{"year": 2028, "papers": [], "days": [
 {"name": "元旦", "date": "2028-01-01", "isOffDay": true},
 {"name": "春节", "date": "2028-01-23", "isOffDay": false},
 {"name": "春节", "date": "2028-01-26", "isOffDay": true}, {"name": "春节", "date": "2028-01-27", "isOffDay": true},
 {"name": "春节", "date": "2028-01-28", "isOffDay": true}, {"name": "春节", "date": "2028-01-29", "isOffDay": true},
 {"name": "春节", "date": "2028-01-30", "isOffDay": true}, {"name": "春节", "date": "2028-01-31", "isOffDay": true},
 {"name": "春节", "date": "2028-02-01", "isOffDay": true}, {"name": "春节", "date": "2028-02-02", "isOffDay": true},
 {"name": "春节", "date": "2028-02-03", "isOffDay": true}]}`

// TestHolidaysPage: a coordinator reads where each year of the national calendar comes from and
// sees 2027's official Spring Festival and 2028's provisional one; an administrator creates a city
// calendar, sets its winter break and a make-up day's timetable, and imports 2028.
func TestHolidaysPage(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	p := s.open(t)
	p.signIn(coord)
	p.visit("/manage", "manage")
	p.click(`a[href="#/calendars"]`)
	p.do(p.waitPage("calendars"))
	p.waitText("#calendar-list", "中国大陆法定节假日")
	p.waitText("#calendar-list", "2027年：官方")
	p.click(`#calendar-list a[href="#/calendars/cn"]`)
	p.waitText("main h2", "2026年") // this year in China
	p.click(`a.year-chip[href="#/calendars/cn?year=2027"]`)
	p.waitText("main h2", "2027年")
	p.waitText("main .notice", "国务院公布的官方安排")
	p.waitText("#holiday-list", "春节 · 2月5日 周五 至 2月13日 周六，共9天")
	p.waitText("#holiday-list", "春节 · 1月31日 周日 调休上班")
	if n := eval[int](p, `document.querySelectorAll("#month-grid table").length`); n != 12 {
		t.Errorf("%d month grids, want 12", n)
	}
	if eval[bool](p, `Boolean(document.querySelector("#calendar-admin"))`) {
		t.Error("a coordinator is offered the administrators' forms")
	}
	p.click(`a.year-chip[href="#/calendars/cn?year=2028"]`)
	p.waitText("main h2", "2028年")
	p.waitText("main .notice", "2028年的放假安排尚未公布")
	p.waitText("#holiday-list", "春节 · 1月24日 周一 至 2月2日 周三，共10天")
	if got := p.text(`a.year-chip[aria-current="page"] small`); got != "暂定" {
		t.Errorf("the 2028 chip says %q, want 暂定", got)
	}
	p.shot("holidays-2028-provisional")

	// The administrator.
	p.signIn(s.Admin)
	p.visit("/me", "me")
	p.click("#holidays-link")
	p.do(p.waitPage("calendars"))
	p.fill("#calendar-form-f-name", "沈阳市中小学校历")
	p.click("#calendar-form button[type=submit]")
	p.waitText("main h1", "沈阳市中小学校历")
	p.click(`a.year-chip[href$="?year=2027"]`)
	p.waitText("main h2", "2027年")
	p.set("#break-form-f-from", "2027-01-16")
	p.set("#break-form-f-to", "2027-02-28")
	p.click("#break-form button[type=submit]")
	p.waitText("#holiday-list", "寒假 · 1月16日 周六 至 2月28日 周日，共44天")
	p.waitText("#holiday-list", "在假期内，学校不上课")
	p.set("#follows-form-f-date", "2027-09-26")
	p.set("#follows-form-f-follows_weekday", "4")
	p.click("#follows-form button[type=submit]")
	p.waitText("#holiday-list", "学校按周四课表上课")
	p.shot("holidays-city-2027")

	file := filepath.Join(t.TempDir(), "2028.json")
	if err := os.WriteFile(file, []byte(holidayCN2028), 0o600); err != nil {
		t.Fatal(err)
	}
	p.click(`a.year-chip[href$="?year=2028"]`)
	p.waitText("main h2", "2028年")
	p.click("#import-form button[type=submit]")
	p.waitText("#import-form", "请选择要导入的文件")
	empty := filepath.Join(t.TempDir(), "2029.json")
	if err := os.WriteFile(empty, []byte(`{"year": 2029, "papers": [], "days": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-form input[type=file]"), []string{empty}))
	p.click("#import-form button[type=submit]")
	p.waitText("#import-form .form-error", "文件里没有可用的日期")
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-form input[type=file]"), []string{file}))
	p.click("#import-form button[type=submit]")
	p.waitText("main .notice-ok", "已导入2028年的放假安排")
	p.waitText("main .notice-info", "来自导入的文件")
	p.waitText("#holiday-list", "春节 · 1月26日 周三 至 2月3日 周四，共9天")
	if got := p.text(`a.year-chip[aria-current="page"] small`); got != "导入" {
		t.Errorf("the 2028 chip says %q after the import, want 导入", got)
	}
	if strings.Contains(p.text("#holiday-list"), "暂定") {
		t.Error("an imported year still shows provisional holidays")
	}
	p.shot("holidays-2028-imported")
}
