package browser_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestPrintedSignInSheet: a coordinator opens the roll call of a class of sixty, follows 打印签到表
// and prints the sheet on A4 in Chromium: three pages, the header row on each, every child once
// by name in order with its number on the same page, no row cut across a page, the print button
// not printed, and nothing of the children but their names.
func TestPrintedSignInSheet(t *testing.T) {
	s := newSite(t)
	teacher, _ := s.member("李明", "13800000002", "teacher", "school_teacher")
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	var prog struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "after_school", "title": "四点半课堂", "capacity": 60, "staff_ids": []string{teacher}, "max_children_per_staff": 60,
		"schedule": map[string]any{"start_date": chinaToday(1), "end_date": chinaToday(1), "start_time": "16:30", "end_time": "18:00", "day_filter": "all_days"},
	}, &prog)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+prog.Program.ID+"&from="+chinaToday(0), "", nil, &sessions)
	session := sessions.Items[0].ID
	var names []string
	for f := range 6 {
		_, parent := s.member(fmt.Sprintf("家长%d", f), fmt.Sprintf("1390000000%d", f), "", "")
		var family []string
		for k := range 10 {
			name := fmt.Sprintf("孩子%02d", f*10+k+1)
			family, names = append(family, s.child(parent, name, "2018-05-01")), append(names, name)
		}
		s.must(http.StatusCreated, "POST", "/bookings", parent, map[string]any{"child_ids": family, "session_id": session}, nil)
	}

	p := s.open(t)
	p.signIn(coord)
	p.visit("/roster/"+session, "roster")
	link := p.text("#roster-sign-in-sheet")
	href := eval[string](p, `document.querySelector("#roster-sign-in-sheet").getAttribute("href")`)
	if link != "打印签到表" || href != "/api/v1/sessions/"+session+"/sign-in-sheet" {
		t.Fatalf("the roll call links %q to %q", link, href)
	}
	p.do(chromedp.Navigate(s.URL+href), chromedp.WaitVisible(chromedp.CSS("#sign-in-rows")))
	if n := eval[int](p, `document.querySelectorAll("#sign-in-rows tbody tr.row").length`); n != 60 {
		t.Errorf("%d rows on screen, want 60", n)
	}
	if got := p.text("#print-button"); got != "打印" {
		t.Errorf("the print button reads %q", got)
	}
	p.shot("print-sign-in-sheet-phone")
	p.printShot("sign-in-sheet")

	pages := p.printPDF()
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3 for sixty children", len(pages))
	}
	var seen []string
	for i, pg := range pages {
		text := pg.text()
		for _, head := range []string{"序号", "儿童姓名", "到达时间", "离开时间", "接走人姓名", "接走人签名"} {
			if !slices.Contains(pg.lines, head) {
				t.Errorf("page %d has no header %q: the header row is not repeated", i+1, head)
			}
		}
		if strings.Contains(text, "打印\n") || slices.Contains(pg.lines, "打印") {
			t.Errorf("page %d prints the print button", i+1)
		}
		for j, line := range pg.lines {
			if !strings.HasPrefix(line, "孩子") {
				continue
			}
			seen = append(seen, line)
			if j == 0 || pg.lines[j-1] != strconv.Itoa(len(seen)) {
				t.Errorf("page %d: %s is not beside its number %d", i+1, line, len(seen))
			}
		}
		// Skia draws each cell's left and right borders as thin rectangles as tall as the part of
		// the row on the page: a row cut by a page break leaves a piece shorter than any row.
		for _, h := range pg.borders {
			if h < 30 {
				t.Errorf("page %d has a border %.0f px tall: a row is cut across pages", i+1, h)
				break
			}
		}
	}
	if !slices.Equal(seen, names) {
		t.Errorf("the PDF lists %q, want the sixty children in order once each", seen)
	}
	if first := pages[0].text(); !strings.Contains(first, "签到表") || !strings.Contains(first, "四点半课堂") || !strings.Contains(first, "16:30–18:00") ||
		!strings.Contains(first, "李明") || strings.Contains(first, "家长") || strings.Contains(first, "1390000") || strings.Contains(first, "岁") {
		t.Errorf("the first page reads:\n%s", first)
	}
}

// TestPrintedCertificate: a volunteer opens their service hours, follows 打印志愿服务证明 and
// prints the certificate on one A4 page: their name, the blank ID-number line, the period, the
// hours, each service, the community, the lines for the person responsible and the handler, the
// number, the date and the seal, and never the household visited.
func TestPrintedCertificate(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	volunteer, zhou := s.member("周强", "13800000005", "volunteer", "")
	start := s.now().In(china).Add(-3 * time.Hour)
	var prog struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", coord, map[string]any{
		"kind": "volunteer_shift", "title": "社区图书角整理", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(0), "end_date": chinaToday(0), "start_time": start.Format("15:04"),
			"end_time": start.Add(2 * time.Hour).Format("15:04"), "day_filter": "all_days"},
	}, &prog)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+prog.Program.ID+"&from="+chinaToday(0), coord, nil, &sessions)
	shift := sessions.Items[0].ID
	var recorded struct{ Records []struct{ ID string } }
	s.must(http.StatusOK, "PUT", "/sessions/"+shift+"/service", coord, map[string]any{"records": []map[string]any{{"user_id": volunteer,
		"check_in": start.Format(time.RFC3339), "check_out": start.Add(90 * time.Minute).Format(time.RFC3339)}}}, &recorded)
	s.must(http.StatusOK, "POST", "/service/"+recorded.Records[0].ID+"/approve", coord, nil, nil)

	p := s.open(t)
	p.signIn(zhou)
	p.visit("/service", "service")
	href := eval[string](p, `document.querySelector("#service-certificate").getAttribute("href")`)
	if got := p.text("#service-certificate"); got != "打印志愿服务证明" || !strings.HasPrefix(href, "/api/v1/reports/volunteer-record/certificate?") {
		t.Fatalf("the service page links %q to %q", got, href)
	}
	if xlsx := eval[string](p, `document.querySelector("#service-xlsx").getAttribute("href")`); !strings.Contains(xlsx, "format=xlsx") {
		t.Errorf("the XLSX download is %q", xlsx)
	}
	p.do(chromedp.Navigate(s.URL+href), chromedp.WaitVisible(chromedp.CSS("#cert-rows")))
	p.shot("print-certificate-phone")
	p.printShot("certificate")
	pages := p.printPDF()
	if len(pages) != 1 {
		t.Fatalf("%d pages, want one", len(pages))
	}
	text := pages[0].text()
	for _, want := range []string{"志愿服务证明", "周强", "身份证号码", "幸福里社区", "社区图书角整理", "1.50", "负责人", "经办人", "联系电话", "出具日期", "（盖章）", "LL" + strings.ReplaceAll(chinaToday(0), "-", "") + "-"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate has no %q:\n%s", want, text)
		}
	}
	if slices.Contains(pages[0].lines, "打印") {
		t.Errorf("the certificate prints the print button")
	}

	// The coordinator prints it from the volunteer's card on the members page, as its handler.
	p.signIn(coord)
	p.visit("/members", "members")
	sel := `li[data-member="` + volunteer + `/volunteer"] a[data-action=certificate]`
	p.do(chromedp.WaitVisible(chromedp.CSS(sel)))
	href = eval[string](p, `document.querySelector(`+jsString(sel)+`).getAttribute("href")`)
	p.do(chromedp.Navigate(s.URL+href), chromedp.WaitVisible(chromedp.CSS("#cert-rows")))
	if handler, phone := p.text("#cert-handler"), p.text("#cert-phone"); handler != "王丽" || phone != "13800000001" {
		t.Errorf("printed by the coordinator, the handler is %q and the phone %q", handler, phone)
	}
}

// printPDF prints the page in Chromium on A4 (the page's own @page size) and reads the PDF.
func (p *page) printPDF() []pdfPage {
	p.t.Helper()
	data, err := chromedp.Run(p.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		p.fail(err)
	}
	if err := os.WriteFile(filepath.Join(p.t.TempDir(), "print.pdf"), data, 0o644); err != nil {
		p.t.Fatal(err)
	}
	pages, err := readPDF(data)
	if err != nil {
		p.t.Fatalf("reading the PDF: %v", err)
	}
	return pages
}

// printShot saves what the first A4 page looks like (the print stylesheet at A4 width, 96 dpi)
// as print-name.png, beside the other screenshots; then the phone's screen again.
func (p *page) printShot(name string) {
	p.t.Helper()
	p.do(chromedp.EmulateViewport(794, 1123), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	// The page's margins, which paper gives and a screenshot does not.
	eval[bool](p, `(document.body.style.padding = "14mm 12mm", true)`)
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.fail(err)
	}
	dirs := []string{p.t.TempDir()}
	if d := os.Getenv("LINLI_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if err := os.WriteFile(filepath.Join(d, "print-"+name+".png"), png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	eval[bool](p, `(document.body.style.padding = "", true)`)
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}), chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait))
}

// TestPrintedLongCertificate: forty services print on several A4 pages, the table's header on
// each, the total once after the last row, and the sign-off (responsible person, handler, seal)
// whole on the last page.
func TestPrintedLongCertificate(t *testing.T) {
	s := newSite(t)
	_, coord := s.member("王丽", "13800000001", "coordinator", "")
	volunteer, _ := s.member("周强", "13800000005", "volunteer", "")
	var prog struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", coord, map[string]any{
		"kind": "volunteer_shift", "title": "社区图书角整理", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(-40), "end_date": chinaToday(-1), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &prog)
	var sessions struct {
		Items []struct {
			ID       string
			StartsAt string `json:"starts_at"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions?limit=100&program_id="+prog.Program.ID+"&from="+chinaToday(-40), coord, nil, &sessions)
	if len(sessions.Items) != 40 {
		t.Fatalf("%d sessions, want 40", len(sessions.Items))
	}
	for _, sess := range sessions.Items {
		day := sess.StartsAt[:10]
		var recorded struct{ Records []struct{ ID string } }
		s.must(http.StatusOK, "PUT", "/sessions/"+sess.ID+"/service", coord, map[string]any{"records": []map[string]any{{"user_id": volunteer,
			"check_in": day + "T09:00:00+08:00", "check_out": day + "T10:30:00+08:00"}}}, &recorded)
		s.must(http.StatusOK, "POST", "/service/"+recorded.Records[0].ID+"/approve", coord, nil, nil)
	}

	p := s.open(t)
	p.signIn(coord)
	p.do(chromedp.Navigate(s.URL+"/api/v1/reports/volunteer-record/certificate?user_id="+volunteer+"&from="+chinaToday(-40)+"&to="+chinaToday(0)),
		chromedp.WaitVisible(chromedp.CSS("#cert-rows")))
	pages := p.printPDF()
	if len(pages) < 2 {
		t.Fatalf("%d page, want forty services on several", len(pages))
	}
	rows, totals := 0, 0
	for i, pg := range pages {
		if !slices.Contains(pg.lines, "服务日期") || !slices.Contains(pg.lines, "服务内容") {
			t.Errorf("page %d has no table header", i+1)
		}
		for _, line := range pg.lines {
			if line == "社区图书角整理" {
				rows++
			}
			if line == "合计" {
				totals++
				if i != len(pages)-1 {
					t.Errorf("the total is on page %d of %d", i+1, len(pages))
				}
			}
		}
		for _, h := range pg.borders {
			if h < 30 {
				t.Errorf("page %d has a border %.0f px tall: a row is cut across pages", i+1, h)
				break
			}
		}
	}
	last := pages[len(pages)-1].text()
	if rows != 40 || totals != 1 || !strings.Contains(last, "60.00") || !strings.Contains(last, "负责人") || !strings.Contains(last, "经办人") ||
		!strings.Contains(last, "王丽") || !strings.Contains(last, "（盖章）") {
		t.Errorf("%d rows, %d totals; the last page reads:\n%s", rows, totals, last)
	}
}
