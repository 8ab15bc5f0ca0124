package browser_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestParentRatesOnlyWhereItCanBeGiven: the rating form is offered for a class that was held,
// that the child attended and that is not yet rated, and nowhere else; a class rated meanwhile
// (on another phone) says so instead of failing in general words.
func TestParentRatesOnlyWhereItCanBeGiven(t *testing.T) { ratingJourney(t, inZH) }

func ratingJourney(t *testing.T, l lang) {
	s := newSite(t)
	program, art := s.classOn("holiday_class", "周末美术班", 10, 1, 2)
	_, calligraphy := s.classOn("holiday_class", "周末书法班", 10, 4, 4)
	chen := s.chen(l)
	held := s.bookChildren(chen.Cookie, art[0], chen.Yu, chen.Yang)[0]
	s.bookChildren(chen.Cookie, art[1], chen.Yu)
	other := s.bookChildren(chen.Cookie, calligraphy[0], chen.Yu)[0]
	s.moveToPast(art[0], 3)
	s.moveToPast(art[1], 2)
	s.moveToPast(calligraphy[0], 4)
	attended := func(session string, records ...map[string]any) {
		s.must(http.StatusOK, "PUT", "/sessions/"+session+"/attendance", s.Admin, map[string]any{"records": records}, nil)
		s.must(http.StatusOK, "POST", "/sessions/"+session+"/deliver", s.Admin, nil, nil)
	}
	attended(art[0], map[string]any{"child_id": chen.Yu, "status": "present"}, map[string]any{"child_id": chen.Yang, "status": "absent"})
	attended(calligraphy[0], map[string]any{"child_id": chen.Yu, "status": "late"}) // art[1] was never marked held

	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/bookings", "bookings")
	yang := `[data-child="` + chen.Yang + `"]`
	p.expand(l.s("以往和已取消的预约（3）", "Past and cancelled bookings (3)"))
	p.expand(l.s("以往和已取消的预约（1）", "Past and cancelled bookings (1)"))
	if n := p.howMany(".rate"); n != 2 {
		t.Fatalf("%d rating forms; want two, for the classes 陈小雨 attended that were held", n)
	}
	if p.howMany(yang+" .rate") != 0 {
		t.Error("陈小阳, absent, is offered a rating")
	}
	form := `[data-booking="` + held + `"] .rate`
	p.waitText(`[data-booking="`+held+`"] .when`, l.s("11月13日", "13 Nov"))
	p.do(chromedp.Click(chromedp.CSS(form + " summary")))
	p.set(form+" [name=rating]", "4")
	p.fill(form+" [name=comment]", "老师很耐心")
	p.shot(l.shot("rating"))
	p.click(form + " button[type=submit]")
	p.waitText(form, l.s("谢谢您的评价！", "Thank you for your rating!"))

	// Rated meanwhile on another phone: the form says so.
	s.must(http.StatusCreated, "POST", "/sessions/"+calligraphy[0]+"/feedback", chen.Cookie, map[string]any{"child_id": chen.Yu, "rating": 5}, nil)
	form = `[data-booking="` + other + `"] .rate`
	p.do(chromedp.Click(chromedp.CSS(form + " summary")))
	p.click(form + " button[type=submit]")
	p.waitText(form+" .form-error", l.s("您已经评价过这次课了。", "You have already rated this class."))

	p.reload("bookings")
	if n := p.howMany(".rate"); n != 0 {
		t.Errorf("%d rating forms after both classes that could be rated were", n)
	}
	var rating int
	var comment string
	if err := s.DB.WritePool().QueryRow(`SELECT rating, comment FROM session_feedback WHERE program_id = ?`, program).Scan(&rating, &comment); err != nil || rating != 4 || comment != "老师很耐心" {
		t.Errorf("the stored rating: %d %q %v", rating, comment, err)
	}
}

// TestParentAdultsEventNotBookable: an event for adults (a 议事会, no age range) shows what it is
// and that children are not booked into it, with no booking form.
func TestParentAdultsEventNotBookable(t *testing.T) { adultsEventJourney(t, inZH) }

func adultsEventJourney(t *testing.T, l lang) {
	s := newSite(t)
	council := s.councilOn(4)
	_, fair := s.classOn("event", "亲子科学日", 20, 5, 5)
	chen := s.chen(l)
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+council, "session")
	p.waitText("main .facts", l.s("成年人活动", "For adults"))
	p.waitText("#adults-only", l.s("不接受为孩子预约", "children are not booked into it"))
	if p.howMany("#book-form, #book-program") != 0 {
		t.Error("the adults' event offers a booking form")
	}
	p.shot(l.shot("adults-event"))
	p.visit("/sessions/"+fair[0], "session") // an event with an age range takes children
	p.waitText("#book-form", "陈小雨")

	p.visit("/classes", "classes") // listed among what is on, marked as for adults
	p.waitText(`#class-list [data-session="`+council+`"]`, l.s("成年人活动", "For adults"))
	if got := p.text(`#class-list [data-session="` + fair[0] + `"]`); strings.Contains(got, l.s("成年人活动", "For adults")) {
		t.Errorf("the children's event is marked for adults: %q", got)
	}
	p.visit("/classes?age=7", "classes") // a search for a child's age leaves it out
	p.waitGone(`#class-list [data-session="` + council + `"]`)
	p.waitText("#class-list", "亲子科学日")
}

// TestParentCalendarAndShare: a session page adds the session to a calendar (its own .ics) and
// shares its link: the phone's share sheet where there is one, else a copy with a confirmation.
func TestParentCalendarAndShare(t *testing.T) { calendarShareJourney(t, inZH) }

func calendarShareJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, sessions := s.classOn("holiday_class", "寒假书法班", 10, 3, 3)
	chen := s.chen(l)
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+sessions[0], "session")
	if got := p.text("#session-ics"); got != l.s("添加到日历", "Add to calendar") {
		t.Errorf("the calendar link reads %q", got)
	}
	ics := eval[string](p, `fetch(document.querySelector("#session-ics").href).then((r) => r.text())`)
	if !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "SUMMARY:寒假书法班") {
		t.Errorf("the calendar link gives %q", ics)
	}
	// Without a share sheet (a desktop browser), the link is copied.
	eval[bool](p, `(Object.defineProperty(navigator, "share", { value: undefined, configurable: true }), true)`)
	p.click("#session-share")
	p.waitText("#share-status", l.s("已复制链接", "Link copied"))
	p.shot(l.shot("session-share"))
	// With one (a phone), the share sheet gets the page's link.
	eval[bool](p, `(Object.defineProperty(navigator, "share", { value: async (d) => { window.shared = d; }, configurable: true }), true)`)
	p.click("#session-share")
	url := eval[string](p, `new Promise((ok) => { const f = () => window.shared ? ok(window.shared.url) : setTimeout(f, 50); f(); })`)
	if !strings.HasSuffix(url, "#/sessions/"+sessions[0]) {
		t.Errorf("shared %q", url)
	}
}

// TestParentErrorsBesideFields: what the API refuses on a parent's forms is a sentence in the
// parent's language beside the field it names: the child's name, a pickup person's name, a
// delegation given twice, a child too old for the class; a dropped connection at the form's top.
func TestParentErrorsBesideFields(t *testing.T) { parentErrorsJourney(t, inZH) }

func parentErrorsJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, sessions := s.classOn("holiday_class", "寒假书法班", 10, 3, 3)
	chen := s.chen(l)
	old := s.child(chen.Cookie, "陈大宝", "2014-06-01")
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/children", "children")
	p.fill("#child-form [name=name]", "陈小花")
	p.click("#child-form [name=consent_policy_version]")
	p.click("#child-form button[type=submit]")
	p.waitText("#child-form-f-birth_date-error", l.s("请填写孩子的出生日期（不能晚于今天，且未满 18 岁）。", "Enter the date of birth (not in the future, under 18)."))
	p.fill("#child-form [name=name]", "")
	p.set("#child-form [name=birth_date]", "2021-01-01")
	p.click("#child-form button[type=submit]")
	p.waitText("#child-form-f-name-error", l.s("请填写孩子的姓名（最多 50 字）。", "Enter the child's name (up to 50 characters)."))
	if got := eval[string](p, `document.querySelector("#child-form-f-birth_date-error").textContent`); got != "" {
		t.Errorf("the birth date's error stays after it was given: %q", got)
	}
	p.shot(l.shot("child-name-error"))

	p.visit("/children/"+chen.Yu, "child")
	p.expand(l.s("添加接送人", "Add a pickup person"))
	p.fill("#pickup-form [name=relation]", l.s("奶奶", "grandmother"))
	p.fill("#pickup-form [name=phone]", "13900001111")
	p.click("#pickup-form button[type=submit]")
	p.waitText("#pickup-form-f-name-error", l.s("请填写接送人的姓名（最多 50 字）。", "Enter the name of the person collecting (up to 50 characters)."))
	s.must(http.StatusCreated, "POST", "/children/"+chen.Yu+"/pickup-delegations", chen.Cookie, map[string]string{"name": "王阿姨", "phone": "13700002222", "date": chinaToday(0)}, nil)
	p.reload("child")
	p.expand(l.s("安排一次临时代接", "Plan a one-day pickup"))
	p.fill("#delegation-form [name=name]", "王阿姨")
	p.fill("#delegation-form [name=phone]", "13700002222")
	p.set("#delegation-form [name=date]", "")
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-form-f-date-error", l.s("请选择今天起一年内的日期。", "Choose a date from today to a year ahead."))
	p.set("#delegation-form [name=date]", chinaToday(0))
	p.click("#delegation-form button[type=submit]")
	p.waitText("#delegation-form-f-phone-error", l.s("这个手机号当天已经可以接孩子了。", "This phone number may already collect the child on that day."))

	p.visit("/sessions/"+sessions[0], "session")
	p.waitText("#book-form", "陈大宝")
	if p.howMany("#siblings-waitlist") != 0 {
		t.Error("the siblings' waiting rule is explained where ten seats are free for three children")
	}
	p.pickChildren(old)
	p.click("#book-form button[type=submit]")
	p.waitText("#book-form-f-child_ids-error", l.s("陈大宝在这次课的日期不在适合的年龄范围内。", "陈大宝 is not in this class's age range on its date."))
	p.click("#book-program") // the whole program: refused for every date, said the same way
	p.waitText("#program-confirm", "陈大宝")
	if got := eval[string](p, `document.querySelector("#book-form-f-child_ids-error").textContent`); got != "" {
		t.Errorf("the earlier refusal stays while the program's dates are asked about: %q", got)
	}
	p.click("#program-yes")
	p.waitGone("#program-confirm")
	p.waitText("#book-form-f-child_ids-error", l.s("陈大宝在这次课的日期不在适合的年龄范围内。", "陈大宝 is not in this class's age range on its date."))
	p.pickChildren()
	p.click("#book-form button[type=submit]")
	p.waitText("#book-form-f-child_ids-error", l.s("请至少选择一个孩子。", "Choose at least one child."))
	p.blockAPI("/bookings")
	p.pickChildren(chen.Yu)
	p.click("#book-form button[type=submit]")
	p.waitText("#book-form .form-error", l.s("网络连接不上，请检查网络后重试。", "Cannot reach the server; check your connection and try again."))
	p.shot(l.shot("booking-offline"))
}

// TestParentTooLate: a session that has started takes no booking and no cancel; one whose booking
// opens later says when; after the cutoff a booked child stays, and the page says to ask the office.
func TestParentTooLate(t *testing.T) { tooLateJourney(t, inZH) }

func tooLateJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, started := s.classOn("holiday_class", "寒假书法班", 10, 3, 3)
	chen := s.chen(l)
	s.bookChildren(chen.Cookie, started[0], chen.Yu)
	s.moveToPast(started[0], 0) // today at 09:00: under way since an hour
	schedule := map[string]any{"start_date": chinaToday(3), "end_date": chinaToday(3), "start_time": "14:00", "end_time": "15:30", "day_filter": "all_days"}
	_, later := s.planProgram(map[string]any{"kind": "holiday_class", "title": "寒假美术班", "capacity": 10, "age_min": 5, "age_max": 10,
		"booking_opens_at": chinaToday(1) + "T20:00:00+08:00", "schedule": schedule})
	schedule = map[string]any{"start_date": chinaToday(4), "end_date": chinaToday(4), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"}
	_, cutoff := s.planProgram(map[string]any{"kind": "holiday_class", "title": "寒假口才班", "capacity": 10, "age_min": 5, "age_max": 10,
		"cancel_cutoff_minutes": 7 * 24 * 60, "schedule": schedule})
	s.bookChildren(chen.Cookie, cutoff[0], chen.Yu, chen.Yang)

	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+started[0], "session")
	p.waitText("#booking-mine", "陈小雨")
	p.waitText(".booking", l.s("这次课已经开始，不能再预约了。", "This session has started: booking is closed."))
	if p.howMany("#book-form, #booking-mine button") != 0 {
		t.Error("a session under way offers a booking or a cancel")
	}
	p.shot(l.shot("session-started"))
	p.visit("/sessions/"+later[0], "session")
	p.waitText(".booking", l.s("预约将于 11月17日 周二 20:00 开放。", "Booking opens Tue 17 Nov 20:00."))
	if p.howMany("#book-form") != 0 {
		t.Error("a session not yet open for booking offers the form")
	}
	p.visit("/sessions/"+cutoff[0], "session")
	p.waitText("#booking-mine", "陈小阳")
	p.waitText("#cancel-closed", l.s("已过取消截止时间，如需取消请联系社区。", "It is past the time for cancelling; please ask the community office."))
	if p.howMany("#booking-mine button") != 0 {
		t.Error("a booking past its cutoff offers a cancel")
	}
}
