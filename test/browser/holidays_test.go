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
func TestHolidaysPage(t *testing.T) { holidaysJourney(t, inZH) }

func holidaysJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	s.speak(l, coord, s.Admin)
	spring := l.s("春节", "Spring Festival")
	p := s.open(t)
	p.signIn(coord)
	p.visit("/manage", "manage")
	p.click(`a[href="#/calendars"]`)
	p.do(p.waitPage("calendars"))
	p.waitText("#calendar-list", l.s("中国大陆法定节假日", "Public holidays of mainland China"))
	p.waitText("#calendar-list", l.s("2027年：官方", "2027: official"))
	p.click(`#calendar-list a[href="#/calendars/cn"]`)
	p.waitText("main h2", l.s("2026年", "2026")) // this year in China
	p.click(`a.year-chip[href="#/calendars/cn?year=2027"]`)
	p.waitText("main h2", l.s("2027年", "2027"))
	p.waitText("main .notice", l.s("国务院公布的官方安排", "the official arrangement announced by the State Council"))
	p.waitText("#holiday-list", spring+l.s(" · 2月5日 周五 至 2月13日 周六，共9天", " · Fri 5 Feb to Sat 13 Feb, 9 days"))
	p.waitText("#holiday-list", spring+l.s(" · 1月31日 周日 调休上班", " · Sun 31 Jan Make-up workday"))
	if n := eval[int](p, `document.querySelectorAll("#month-grid table").length`); n != 12 {
		t.Errorf("%d month grids, want 12", n)
	}
	if eval[bool](p, `Boolean(document.querySelector("#calendar-admin"))`) {
		t.Error("a coordinator is offered the administrators' forms")
	}
	p.click(`a.year-chip[href="#/calendars/cn?year=2028"]`)
	p.waitText("main h2", l.s("2028年", "2028"))
	p.waitText("main .notice", l.s("2028年的放假安排尚未公布", "The holidays of 2028 are not announced yet"))
	p.waitText("#holiday-list", spring+l.s(" · 1月24日 周一 至 2月2日 周三，共10天", " · Mon 24 Jan to Wed 2 Feb, 10 days"))
	if got := p.text(`a.year-chip[aria-current="page"] small`); got != l.s("暂定", "provisional") {
		t.Errorf("the 2028 chip says %q, want %s", got, l.s("暂定", "provisional"))
	}
	p.shot(l.shot("holidays-2028-provisional"))

	// The administrator.
	p.signIn(s.Admin)
	p.visit("/me", "me")
	p.click("#holidays-link")
	p.do(p.waitPage("calendars"))
	p.fill("#calendar-form-f-name", "沈阳市中小学校历")
	p.click("#calendar-form button[type=submit]")
	p.waitText("main h1", "沈阳市中小学校历")
	p.click(`a.year-chip[href$="?year=2027"]`)
	p.waitText("main h2", l.s("2027年", "2027"))
	p.set("#break-form-f-from", "2027-01-16")
	p.set("#break-form-f-to", "2027-02-28")
	p.click("#break-form button[type=submit]")
	p.waitText("#holiday-list", l.s("寒假 · 1月16日 周六 至 2月28日 周日，共44天", "Winter break · Sat 16 Jan to Sun 28 Feb, 44 days"))
	p.waitText("#holiday-list", l.s("在假期内，学校不上课", "inside a school break: no school"))
	p.set("#follows-form-f-date", "2027-09-26")
	p.set("#follows-form-f-follows_weekday", "4")
	p.click("#follows-form button[type=submit]")
	p.waitText("#holiday-list", l.s("学校按周四课表上课", "schools keep the Thu timetable"))
	p.shot(l.shot("holidays-city-2027"))

	file := filepath.Join(t.TempDir(), "2028.json")
	if err := os.WriteFile(file, []byte(holidayCN2028), 0o600); err != nil {
		t.Fatal(err)
	}
	p.click(`a.year-chip[href$="?year=2028"]`)
	p.waitText("main h2", l.s("2028年", "2028"))
	p.click("#import-form button[type=submit]")
	p.waitText("#import-form", l.s("请选择要导入的文件", "Choose the file to import"))
	empty := filepath.Join(t.TempDir(), "2029.json")
	if err := os.WriteFile(empty, []byte(`{"year": 2029, "papers": [], "days": []}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-form input[type=file]"), []string{empty}))
	p.click("#import-form button[type=submit]")
	p.waitText("#import-form .form-error", l.s("文件里没有可用的日期", "The file holds no usable days"))
	p.do(chromedp.SetUploadFiles(chromedp.CSS("#import-form input[type=file]"), []string{file}))
	p.click("#import-form button[type=submit]")
	p.waitText("main .notice-ok", l.s("已导入2028年的放假安排", "The holidays of 2028 are imported"))
	p.waitText("main .notice-info", l.s("来自导入的文件", "come from an imported file"))
	p.waitText("#holiday-list", spring+l.s(" · 1月26日 周三 至 2月3日 周四，共9天", " · Wed 26 Jan to Thu 3 Feb, 9 days"))
	if got := p.text(`a.year-chip[aria-current="page"] small`); got != l.s("导入", "imported") {
		t.Errorf("the 2028 chip says %q after the import, want %s", got, l.s("导入", "imported"))
	}
	if strings.Contains(p.text("#holiday-list"), l.s("暂定", "provisional")) {
		t.Error("an imported year still shows provisional holidays")
	}
	p.shot(l.shot("holidays-2028-imported"))
}
