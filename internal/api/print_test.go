package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// printPage checks that r is a printed page that the site's CSP lets run: HTML, the CSP header,
// the stylesheet and the print button's script from the server, no inline script or style.
func printPage(t *testing.T, r response) string {
	t.Helper()
	body := string(r.Body)
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, %s: %.300s", r.Status, r.Header.Get("Content-Type"), body)
	}
	if !strings.Contains(r.Header.Get("Content-Security-Policy"), "default-src 'self'") || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", r.Header)
	}
	for _, want := range []string{`<link rel="stylesheet" href="/print.css">`, `<script type="module" src="/print.js"></script>`, `<thead>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page has no %s", want)
		}
	}
	for what, re := range map[string]*regexp.Regexp{
		"an inline script":  regexp.MustCompile(`(?is)<script\b[^>]*>\s*[^<\s]`),
		"a style element":   regexp.MustCompile(`(?i)<style\b`),
		"a style attribute": regexp.MustCompile(`(?i)\sstyle\s*=`),
		"an event handler":  regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`),
	} {
		if re.MatchString(body) {
			t.Errorf("the page has %s", what)
		}
	}
	return body
}

// TestSignInSheet: the session's staff and its coordinators print the sign-in sheet: the
// session, then the booked children by name and nothing else of theirs (no age, notes, guardian
// or phone); each print is a roster read in the access log; everyone else gets the roster's
// refusal.
func TestSignInSheet(t *testing.T) {
	e := newAttendanceEnv(t)
	_, classes := e.holidayClass()
	_, care := e.afterSchool()
	holiday := classes["2026-09-19"].ID
	chen := e.family("陈静", "13900000001", "陈小雨", "2018-05-12")
	e.pickup(chen, "陈爷爷", "祖父", "13900000021")
	liu := e.family("刘洋", "13900000002", "刘<b>一</b>", "2019-03-02")
	e.book(chen, holiday)
	e.book(liu, holiday)
	e.family("孙丽", "13900000003", "孙未约", "2018-01-01")
	path := "/api/v1/sessions/" + holiday + "/sign-in-sheet"

	body := printPage(t, e.call("GET", path, e.Teacher2Cookie, nil))
	for _, want := range []string{"签到表", "周末书法班", "2026年9月19日 周六", "09:00–10:30", "赵芳", "陈小雨", "刘&lt;b&gt;一&lt;/b&gt;",
		"到达时间", "离开时间", "接走人姓名", "接走人签名"} {
		if !strings.Contains(body, want) {
			t.Errorf("the sheet has no %q", want)
		}
	}
	for _, never := range []string{"花生过敏", "陈静", "刘洋", "陈爷爷", "139000000", "2018-05-12", "岁", "孙未约", "<b>一"} {
		if strings.Contains(body, never) {
			t.Errorf("the sheet shows %q", never)
		}
	}
	if n := strings.Count(body, `<tr class="row">`); n != 2 {
		t.Errorf("%d rows, want the 2 children booked", n)
	}
	printPage(t, e.call("GET", path, e.Coord, nil))
	if empty := printPage(t, e.call("GET", "/api/v1/sessions/"+care["2026-09-07"].ID+"/sign-in-sheet", e.Teacher1Cookie, nil)); !strings.Contains(empty, "本场次暂无已确认的预约") ||
		strings.Contains(empty, `<tr class="row">`) || strings.Contains(empty, "本场次已取消") {
		t.Errorf("a session nobody booked prints rows or is marked cancelled")
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/sessions/"+care["2026-09-08"].ID, e.Coord, map[string]any{"status": "cancelled", "reason": "老师生病"}), nil)
	if cancelled := printPage(t, e.call("GET", "/api/v1/sessions/"+care["2026-09-08"].ID+"/sign-in-sheet", e.Coord, nil)); !strings.Contains(cancelled, `<p class="cancelled" id="sheet-cancelled">本场次已取消</p>`) {
		t.Errorf("a cancelled session's sheet does not say so")
	}

	var log struct{ Items []linli.RosterRead }
	e.must(http.StatusOK, e.call("GET", "/api/v1/access-log?community_id="+e.Community, e.Admin, nil), &log)
	if len(log.Items) < 3 || log.Items[0].UserName != "赵芳" || log.Items[1].UserName != "王丽" || log.Items[0].Children != 2 || log.Items[0].SessionID != holiday ||
		log.Items[2].UserName != "李明" || log.Items[2].Children != 0 || len(log.Items) != 4 {
		t.Errorf("access log %+v: want the four prints as roster reads", log.Items)
	}

	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, e.Teacher1Cookie, nil))
	e.mustFail(http.StatusForbidden, "forbidden", "", e.call("GET", path, chen.Cookie, nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", path, "", nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/sessions/0199e5a0-0000-7000-8000-000000000000/sign-in-sheet", e.Coord, nil))
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", "/api/v1/sessions/not-an-id/sign-in-sheet", e.Coord, nil))
	e.must(http.StatusOK, e.call("GET", "/api/v1/access-log?community_id="+e.Community, e.Admin, nil), &log)
	if len(log.Items) != 4 {
		t.Errorf("a refused print was logged: %+v", log.Items)
	}
}

// TestVolunteerCertificate: the volunteer and the coordinator print the service certificate of
// the approved service: name, a blank ID-number line, the period, the hours, each service's
// content without the household visited, the issuing community, the handler and phone (the
// coordinator's who prints it, blank lines for the volunteer), a number that stays the same when
// printed again, the date and the seal space.
func TestVolunteerCertificate(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	sat := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5, func(p map[string]any) { p["venue_id"] = e.Room })["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, sat.ID, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var recorded struct{ Records []struct{ ID string } }
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sat.ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
		{"user_id": e.Volunteer, "check_in": "2026-09-05T08:45:00+08:00", "check_out": "2026-09-05T11:15:00+08:00"}}}), &recorded)
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+recorded.Records[0].ID+"/approve", e.Coord, nil), nil)
	visit := byDate(e.visits(e.visitPlan(e.Household, []string{e.Volunteer}, "weekly", "2026-09-05", "2026-09-05", "14:00", "15:00")))["2026-09-05"]
	e.Clock.Set(ptAt(2026, 9, 5, 16, 0))
	var log struct {
		VisitLog linli.VisitLog `json:"visit_log"`
	}
	e.must(http.StatusCreated, e.logVisit(e.VolunteerCookie, visit.ID, map[string]any{"outcome": "done", "minutes": 45}), &log)
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+log.VisitLog.ServiceRecord.ID+"/approve", e.Coord, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 20, 10, 0))

	path := "/api/v1/reports/volunteer-record/certificate?from=2026-09-01&to=2026-09-30&user_id=" + e.Volunteer
	var rec linli.VolunteerRecord
	e.must(http.StatusOK, e.call("GET", "/api/v1/reports/volunteer-record?from=2026-09-01&to=2026-09-30&user_id="+e.Volunteer, e.Coord, nil), &rec)
	from, _ := linli.ParseDate("2026-09-01")
	to, _ := linli.ParseDate("2026-09-30")
	number := linli.CertificateNumber(e.Volunteer, from, to, rec.Rows)

	own := printPage(t, e.call("GET", path, e.VolunteerCookie, nil))
	byCoord := printPage(t, e.call("GET", path, e.Coord, nil))
	for _, body := range []string{own, byCoord} {
		for _, want := range []string{"志愿服务证明", "周强", `class="blank id-number"`, "2026年9月1日至2026年9月30日", "幸福里社区",
			">3.25<", "周六社区环境整治", ">2.50<", "入户走访（我是对门）", ">0.75<", "负责人", "经办人", "联系电话", "2026年9月20日", "盖章", number} {
			if !strings.Contains(body, want) {
				t.Errorf("the certificate has no %q", want)
			}
		}
		for _, never := range []string{"1 单元 101 室", "3 号楼", "张大爷", "13912345678"} {
			if strings.Contains(body, never) {
				t.Errorf("the certificate shows the household served: %q", never)
			}
		}
	}
	if !strings.Contains(byCoord, `<td id="cert-handler">王丽</td>`) || !strings.Contains(byCoord, `<td id="cert-phone">13800000001</td>`) {
		t.Errorf("printed by the coordinator, the handler and phone are not hers")
	}
	if !strings.Contains(own, `<td id="cert-handler"><span class="blank"></span></td>`) || strings.Contains(own, "王丽") {
		t.Errorf("printed by the volunteer, the handler is not a blank line")
	}
	if again := printPage(t, e.call("GET", path, e.Coord, nil)); !strings.Contains(again, number) {
		t.Errorf("printed again, the number changed")
	}

	open := printPage(t, e.call("GET", "/api/v1/reports/volunteer-record/certificate", e.VolunteerCookie, nil))
	if !strings.Contains(open, "2026年9月5日至2026年9月5日") || !strings.Contains(open, "LL20260905-") {
		t.Errorf("without dates, the period is not that of the records")
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", path, e.Volunteer2Cookie, nil))
	// A browser opening the page gets the refusal in words, with the same status.
	for _, c := range []struct {
		cookie string
		status int
		words  string
	}{{e.Volunteer2Cookie, http.StatusNotFound, "没有找到要打印的内容"}, {"", http.StatusUnauthorized, "请先登录邻里"}} {
		r := e.call("GET", path, c.cookie, nil, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		if body := string(r.Body); r.Status != c.status || r.Header.Get("Content-Type") != "text/html; charset=utf-8" || !strings.Contains(body, c.words) {
			t.Errorf("a browser refused gets %d %s: %.200s", r.Status, r.Header.Get("Content-Type"), body)
		}
	}
	e.mustFail(http.StatusNotFound, "not_found", "", e.call("GET", path, e.Parent, nil))
	e.mustFail(http.StatusUnauthorized, "unauthenticated", "", e.call("GET", path, "", nil))
	e.mustFail(http.StatusBadRequest, "invalid", "to", e.call("GET", "/api/v1/reports/volunteer-record/certificate?to=2026-02-30", e.VolunteerCookie, nil))
	e.mustFail(http.StatusBadRequest, "invalid", "to", e.call("GET", "/api/v1/reports/volunteer-record/certificate?from=2026-09-30&to=2026-09-01", e.VolunteerCookie, nil))
}
