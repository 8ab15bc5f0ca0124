package browser_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// download clicks the link found by CSS selector and returns the file the browser saved.
func (p *page) download(sel string) (string, []byte) {
	p.t.Helper()
	dir := p.t.TempDir()
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir})
		return err
	}), chromedp.Click(chromedp.CSS(sel)))
	for range 150 {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".crdownload") {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					p.t.Fatal(err)
				}
				return e.Name(), b
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("clicking %s downloaded nothing", sel)
	return "", nil
}

// TestCoordinatorHoursReport: a coordinator sees the class hours delivered as bars by teacher
// type and by month, and downloads the CSV.
func TestCoordinatorHoursReport(t *testing.T) { hoursReportJourney(t, inZH) }

func hoursReportJourney(t *testing.T, l lang) {
	s := newSite(t)
	s.speak(l, s.Admin)
	school, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	community, _ := s.member("赵芳", "13800000003", "teacher", "community_teacher")
	deliver := func(title string, staff string, days int) {
		var res struct{ Program struct{ ID string } }
		s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
			"kind": "holiday_class", "title": title, "capacity": 20, "staff_ids": []string{staff},
			"schedule": map[string]any{"start_date": chinaToday(-days), "end_date": chinaToday(-1), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"},
		}, &res)
		var sessions struct{ Items []struct{ ID string } }
		s.must(http.StatusOK, "GET", "/sessions?program_id="+res.Program.ID+"&from="+chinaToday(-days), "", nil, &sessions)
		for _, x := range sessions.Items {
			s.must(http.StatusOK, "POST", "/sessions/"+x.ID+"/deliver", s.Admin, nil, nil)
		}
	}
	deliver("寒假书法班", school, 4)    // 4 × 1.5 h
	deliver("寒假美术班", community, 2) // 2 × 1.5 h

	p := s.open(t)
	p.signIn(s.Admin)
	p.visit("/", "home")
	p.click(`#nav a[href="#/manage"]`)
	p.do(p.waitPage("manage"))
	p.visit("/reports?from="+chinaToday(-30)+"&to="+chinaToday(0), "reports")
	p.waitText("#report-totals", l.s("共开课 6 次，9 小时", "6 sessions held, 9 hours"))
	p.waitText("#chart-teacher-type", l.s("学校教师", "school teacher"))
	p.waitText("#chart-teacher-type", l.s("6 小时", "6 h"))
	p.waitText("#chart-teacher-type", l.s("社区兼职教师", "community teacher"))
	if n := eval[int](p, `document.querySelectorAll("#chart-teacher-type rect").length`); n != 2 {
		t.Errorf("the teacher-type chart has %d bars, want 2", n)
	}
	if n := eval[int](p, `document.querySelectorAll("#chart-month rect").length`); n < 1 {
		t.Error("the month chart has no bars")
	}
	p.shot(l.shot("report"))

	name, csv := p.download("#csv-teacher-type")
	if !strings.HasSuffix(name, ".csv") || !bytes.HasPrefix(csv, []byte("\xef\xbb\xbf")) {
		t.Errorf("downloaded %s, starting %q: want a CSV with a byte-order mark", name, csv[:min(len(csv), 20)])
	}
	if !strings.Contains(string(csv), "school_teacher") || !strings.Contains(string(csv), "6") {
		t.Errorf("the CSV lacks the school teachers' 6 hours:\n%s", csv)
	}
}
