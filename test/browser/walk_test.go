package browser_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestCancelledSessionsSayWhyInTheirWords: a class, a visit and a shift cancelled by a change of
// plan say why in Chinese, in the words of their kind (课程, 走访计划, 志愿服务), never the server's
// English; a cancelled visit says so at the top of its page and offers no log form; a visit's
// session page shows no seats and leads back to the volunteer's visits.
func TestCancelledSessionsSayWhyInTheirWords(t *testing.T) {
	s := newSite(t)
	chen := s.chen(inZH)
	program, class := s.classOn("holiday_class", "寒假书法班", 10, 2, 4)
	s.bookChildren(chen.Cookie, class[1], chen.Yu)
	s.must(http.StatusOK, "PATCH", "/programs/"+program, s.Admin, map[string]any{"schedule": map[string]any{
		"start_date": chinaToday(2), "end_date": chinaToday(4), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days",
		"except_dates": []string{chinaToday(3)}}}, nil)

	vid, volunteer := s.member("周强", "13800000005", "volunteer", "")
	var grid, building, household struct{ Grid, Building, Household struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/grids", s.Admin, map[string]string{"name": "第一网格"}, &grid)
	s.must(http.StatusCreated, "POST", "/grids/"+grid.Grid.ID+"/buildings", s.Admin, map[string]string{"name": "3 号楼"}, &building)
	s.must(http.StatusCreated, "POST", "/buildings/"+building.Building.ID+"/households", s.Admin, map[string]any{
		"label": "2 单元 301 室", "contact_name": "李秀英", "needs": []string{"elderly_alone"}}, &household)
	var plan struct {
		VisitPlan struct {
			ID        string
			ProgramID string `json:"program_id"`
		} `json:"visit_plan"`
	}
	s.must(http.StatusCreated, "POST", "/households/"+household.Household.ID+"/visit-plans", s.Admin, map[string]any{
		"volunteer_ids": []string{vid}, "cadence": "weekly", "start_date": chinaToday(1), "end_date": chinaToday(21), "start_time": "15:00", "end_time": "16:00",
	}, &plan)
	var visits struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?kind=neighbor_visit&program_id="+plan.VisitPlan.ProgramID, s.Admin, nil, &visits)
	last := visits.Items[len(visits.Items)-1].ID
	s.must(http.StatusOK, "PATCH", "/visit-plans/"+plan.VisitPlan.ID, s.Admin, map[string]any{"end_date": chinaToday(10)}, nil)

	_, shifts := s.planProgram(map[string]any{"kind": "volunteer_shift", "title": "社区图书角整理", "capacity": 4,
		"schedule": map[string]any{"start_date": chinaToday(1), "end_date": chinaToday(2), "start_time": "14:00", "end_time": "16:00", "day_filter": "all_days"}})
	s.must(http.StatusCreated, "POST", "/sessions/"+shifts[1]+"/signup", volunteer, nil, nil)
	s.must(http.StatusOK, "PATCH", "/programs/"+s.programOf(shifts[1]), s.Admin, map[string]any{"schedule": map[string]any{
		"start_date": chinaToday(1), "end_date": chinaToday(1), "start_time": "14:00", "end_time": "16:00", "day_filter": "all_days"}}, nil)

	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+class[1], "session")
	p.waitText("main .notice-error", "本次已取消：该日期已不在课程安排中")
	if text := p.text("main"); strings.Contains(text, "schedule") {
		t.Errorf("the parent's session page shows the server's English: %q", text)
	}
	p.shot("session-cancelled")

	p.signIn(volunteer)
	p.visit("/visits/"+last, "visit")
	p.waitText("main .notice", "这次走访已取消：该日期已不在走访计划中。不需要填写记录。")
	if p.howMany("main form") != 0 {
		t.Error("a cancelled visit offers the log form")
	}
	if first := eval[string](p, `document.querySelector("main .notice").compareDocumentPosition(document.querySelector("main h2")) & Node.DOCUMENT_POSITION_FOLLOWING ? "notice" : "h2"`); first != "notice" {
		t.Error("the cancelled visit's notice comes after the household's details")
	}
	p.visit("/sessions/"+last, "session")
	p.waitText("main .notice-error", "本次已取消：该日期已不在走访计划中")
	if text := p.text("main dl.facts"); strings.Contains(text, "名额") || strings.Contains(text, "位") {
		t.Errorf("a visit's page counts seats: %q", text)
	}
	p.waitText("#session-back", "返回我的走访")
	p.waitText(`#nav a[aria-current="page"]`, "志愿") // a visit is volunteering, not 找课程
	p.click("#session-back")
	p.do(p.waitPage("visits"))

	p.visit("/shifts", "shifts")
	p.waitText("#my-shifts", "本次已取消：该日期已不在志愿服务安排中")
}

// programOf returns the program of a session.
func (s *site) programOf(session string) string {
	s.t.Helper()
	var res struct {
		Session struct {
			ProgramID string `json:"program_id"`
		}
	}
	s.must(http.StatusOK, "GET", "/sessions/"+session, s.Admin, nil, &res)
	return res.Session.ProgramID
}

// TestPagesThatFailOfferAWayOut: a page that does not exist, one only coordinators see and one
// the server could not answer each offer the home page; the last also a retry that works once
// the network is back.
func TestPagesThatFailOfferAWayOut(t *testing.T) {
	s := newSite(t)
	_, volunteer := s.member("周强", "13800000005", "volunteer", "")
	_, class := s.classOn("holiday_class", "寒假书法班", 10, 2, 2)
	p := s.open(t)
	p.signIn(volunteer)
	p.visit("/nowhere", "notfound")
	p.waitText("#back-home", "返回首页")
	p.visit("/sessions/no-such-session", "error")
	p.waitText("#back-home", "返回首页")
	if p.howMany("#retry") != 0 {
		t.Error("a page that does not exist offers to try again")
	}
	p.visit("/manage", "forbidden")
	p.waitText("#back-home", "返回首页")
	p.click("#back-home")
	p.do(p.waitPage("home"))

	p.blockAPI("/sessions/*")
	eval[string](p, `location.hash = "#/sessions/`+class[0]+`"`)
	p.do(p.waitPage("error"))
	p.waitText("main .notice-error", "网络连接不上，请检查网络后重试。")
	p.shot("page-failed")
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{}})
		return err
	}))
	p.click("#retry")
	p.do(p.waitPage("session"))
	p.waitText("main h1", "寒假书法班")
}

// TestShiftsForSomeoneWhoIsNoVolunteer: a resident with no role who opens the shifts sees them
// with a word on how to become a volunteer, and no 报名 that the server would refuse.
func TestShiftsForSomeoneWhoIsNoVolunteer(t *testing.T) {
	s := newSite(t)
	_, resident := s.member("新居民", "13800000009", "", "")
	s.planProgram(map[string]any{"kind": "volunteer_shift", "title": "社区图书角整理", "capacity": 4,
		"schedule": map[string]any{"start_date": chinaToday(1), "end_date": chinaToday(1), "start_time": "14:00", "end_time": "16:00", "day_filter": "all_days"}})
	p := s.open(t)
	p.signIn(resident)
	p.visit("/shifts", "shifts")
	p.waitText("#shift-list", "社区图书角整理")
	p.waitText("#shifts-not-volunteer", "请联系社区协调员把您加为志愿者")
	if n := p.howMany("#shift-list button, #my-shifts-none"); n != 0 {
		t.Errorf("a resident who is no volunteer is offered %d sign-up buttons or an empty 我的班次", n)
	}
}

// TestNarrowPhoneKeepsEverythingInside: at 390 px in English, a parent who volunteers sees every
// link of the navigation inside the screen (they wrap, none hides past the edge), and the class
// hours chart keeps its longest label and its widest value inside the chart.
func TestNarrowPhoneKeepsEverythingInside(t *testing.T) {
	s := newSite(t)
	_, cookie := s.member("周强", "13800000005", "volunteer", "")
	s.must(http.StatusOK, "PATCH", "/me", cookie, map[string]string{"locale": "en"}, nil)
	s.child(cookie, "周小宝", "2019-03-08")
	p := s.open(t)
	p.signIn(cookie)
	p.visit("/", "home")
	p.waitText("#nav", "Me")
	outside := eval[[]string](p, `[...document.querySelectorAll("#nav a")].filter((a) => { const r = a.getBoundingClientRect();
		return r.right > innerWidth || r.left < 0; }).map((a) => a.textContent)`)
	if len(outside) > 0 {
		t.Errorf("navigation links past the screen's edge at 390 px: %v", outside)
	}
	if n := p.howMany("#nav a"); n < 7 {
		t.Fatalf("%d navigation links; want home, classes, children, bookings, volunteer, notices and me", n)
	}
	// The chart as the report draws it, with English teacher types and hundreds of hours.
	clipped := eval[[]string](p, `import("/chart.js").then(({ barChart }) => {
		const svg = barChart({ id: "probe", title: "Hours", format: (v) => v + " hours",
			rows: [{ label: "resident volunteer", value: 121.5 }, { label: "community teacher", value: 18 }, { label: "社区兼职教师社区兼职教师社区兼职教师", value: 2 }, { label: "2026年10月", value: 27 }] });
		document.querySelector("main").append(svg);
		const width = svg.viewBox.baseVal.width;
		return [...svg.querySelectorAll("text")].filter((t) => { const b = t.getBBox(); return b.x < 0 || b.x + b.width > width; })
			.map((t) => t.textContent);
	})`)
	if len(clipped) > 0 {
		t.Errorf("chart texts run past the chart's edges: %v", clipped)
	}
}

// TestSpansIntoNextYearSayTheYear: a program running into next year gives both of its dates with
// their years, on the list and on its page; one within this year gives none.
func TestSpansIntoNextYearSayTheYear(t *testing.T) {
	s := newSite(t)
	long, _ := s.planProgram(map[string]any{"kind": "after_school", "title": "四点半课堂", "capacity": 30,
		"schedule": map[string]any{"start_date": chinaToday(1), "end_date": "2027-01-20", "start_time": "16:30", "end_time": "18:00", "day_filter": "all_days"}})
	s.classOn("holiday_class", "周末书法班", 10, 2, 3)
	p := s.open(t)
	p.signIn(s.Admin)
	p.visit("/programs?community="+s.Community, "programs")
	p.waitText("#program-list", "2026年11月17日 周二 至 2027年1月20日 周三")
	p.waitText("#program-list", "11月18日 周三 至 11月19日 周四")
	p.visit("/programs/"+long, "program")
	p.waitText("main dl", "2026年11月17日 周二 至 2027年1月20日 周三")
	// The program page and the new-program form lead back to the list.
	p.click("#program-back")
	p.do(p.waitPage("programs"))
	p.visit("/programs/new?community="+s.Community, "program-new")
	p.click("#program-new-back")
	p.do(p.waitPage("programs"))
}

// TestHomeShowsSiblingsInOneCard: two children booked into the same class make one card on the
// home page that names both, not two cards of the same class.
func TestHomeShowsSiblingsInOneCard(t *testing.T) {
	s := newSite(t)
	chen := s.chen(inZH)
	_, class := s.classOn("holiday_class", "寒假书法班", 10, 2, 2)
	s.bookChildren(chen.Cookie, class[0], chen.Yu, chen.Yang)
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/", "home")
	p.waitText("#home-bookings", "陈小雨、陈小阳 · 已确认")
	if n := p.howMany(`#home-bookings [data-session="` + class[0] + `"]`); n != 1 {
		t.Errorf("the class both children are booked into shows as %d cards", n)
	}
	// A child's page leads back to 我的孩子.
	p.visit("/children/"+chen.Yu, "child")
	p.click("#child-back")
	p.do(p.waitPage("children"))
}

// TestSignedOutLinkSaysToSignIn: someone signed out who opens a link to 我的预约 is told the page
// needs signing in, and after signing in lands on it; the plain sign-in page says nothing of it.
func TestSignedOutLinkSaysToSignIn(t *testing.T) {
	s := newSite(t)
	s.chen(inZH)
	p := s.open(t)
	p.visit("/login", "login")
	if p.howMany("#login-why") != 0 {
		t.Error("the plain sign-in page says a page needs signing in")
	}
	p.visit("/bookings", "login")
	p.waitText("#login-why", "这个页面要先登录。登录后会回到刚才的页面。")
	p.fill("#login-form [name=login]", "13800000007")
	p.fill("#login-form [name=password]", "password-13800000007")
	p.click("#login-form button[type=submit]")
	p.do(p.waitPage("bookings"))
}
