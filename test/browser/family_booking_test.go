package browser_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestParentNotifications: a parent reads their notifications, unread first and newest first,
// in their language, and marks them read one by one; what they marked stays read.
func TestParentNotifications(t *testing.T) { notificationsJourney(t, inZH) }

func notificationsJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, sessions := s.classOn("holiday_class", "寒假口才班", 1, 3, 4)
	_, liu := s.member("刘洋", "13800000008", "", "")
	first := s.bookChildren(liu, sessions[0], s.child(liu, "刘一鸣", "2018-05-20"))
	chen := s.chen(l)
	s.bookChildren(chen.Cookie, sessions[0], chen.Yu) // in line behind 刘一鸣
	s.bookChildren(chen.Cookie, sessions[1], chen.Yu)
	s.must(http.StatusNoContent, "DELETE", "/bookings/"+first[0], liu, nil, nil) // 陈小雨 gets the seat
	s.must(http.StatusOK, "PATCH", "/sessions/"+sessions[1], s.Admin, map[string]any{"status": "cancelled", "reason": "暴雨预警"}, nil)

	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/", "home")
	p.waitText("#home-bookings", l.s("陈小雨 · 已确认", "陈小雨 · Confirmed")) // whose class it is
	p.click("#home-all-notifications")
	p.do(p.waitPage("notifications"))
	p.waitText("#notifications-count", l.s("你有 2 条未读消息。", "You have 2 unread."))
	cancelled, promoted := l.s("活动取消：寒假口才班", "Cancelled: 寒假口才班"), l.s("候补成功：寒假口才班", "Waitlist place confirmed: 寒假口才班")
	p.waitText("#notifications-unread li:first-child h3", cancelled) // the newest first
	p.waitText("#notifications-unread li:first-child", l.s("原因：暴雨预警。", "Reason: 暴雨预警."))
	p.waitText("#notifications-unread li:nth-child(2) h3", promoted)
	p.waitText("#notifications-unread li:nth-child(2)", l.s("陈小雨已从候补转为正式预约", "陈小雨 now has a confirmed place"))
	p.shot(l.shot("notifications"))

	p.click("#notifications-unread li:first-child .mark-read")
	p.waitText("#notifications-count", l.s("你有 1 条未读消息。", "You have 1 unread."))
	p.waitText("#notifications-read", cancelled)
	if n := p.howMany("#notifications-unread li"); n != 1 {
		t.Errorf("%d notifications still listed as unread", n)
	}
	p.reload("notifications") // marked on the server, not only in the page
	p.waitText("#notifications-count", l.s("你有 1 条未读消息。", "You have 1 unread."))
	p.waitText("#notifications-unread", promoted)
	p.click("#notifications-unread .mark-read")
	p.waitText("#notifications-count", l.s("没有未读消息。", "Nothing unread."))
	p.waitText("#notifications-read li:first-child", cancelled)
	var inbox struct {
		UnreadCount int `json:"unread_count"`
	}
	s.must(http.StatusOK, "GET", "/me/notifications", chen.Cookie, nil, &inbox)
	if inbox.UnreadCount != 0 {
		t.Errorf("the server still counts %d unread", inbox.UnreadCount)
	}
}

// TestParentBookingSaysWhatHappened: after booking, joining the waiting list and cancelling, the
// session page says in a sentence which child, which class, which date and confirmed or place in
// line; it shows each child's place instead of the form, and the seats change at once.
func TestParentBookingSaysWhatHappened(t *testing.T) { bookingSaysJourney(t, inZH) }

func bookingSaysJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, sessions := s.classOn("holiday_class", "寒假书法班", 1, 3, 4)
	chen := s.chen(l)
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+sessions[0], "session")
	p.waitText("#session-seats", l.s("余 1 位", "1 seat left"))
	p.waitText("#siblings-waitlist", l.s("兄弟姐妹一起候补时只占一个位置", "Siblings waiting together hold one place in line"))
	p.pickChildren(chen.Yu)
	p.click("#book-form button[type=submit]")
	when := l.s("11月19日 周四 09:00", "Thu 19 Nov 09:00")
	p.waitText("#booking-result", l.s("已为陈小雨预约 "+when+" 寒假书法班，名额已确认。", "Booked 陈小雨 into 寒假书法班 on "+when+": the place is confirmed."))
	p.waitText("#session-seats", l.s("已满", "Full")) // at once, without a reload
	p.waitText("#booking-mine", l.s("已预约，名额已确认", "Booked, place confirmed"))
	if got := p.text("#book-form"); strings.Contains(got, "陈小雨") {
		t.Errorf("the form offers 陈小雨 again: %q", got)
	}
	if got := p.text("#book-form button[type=submit]"); got != l.s("排队候补", "Join the waiting list") {
		t.Errorf("the button of the full class reads %q", got)
	}
	p.click("#book-form button[type=submit]") // 陈小阳, the only one left
	p.waitText("#booking-result", l.s("陈小阳已加入 "+when+" 寒假书法班 的候补，排第 1 位。", "Added 陈小阳 to the waiting list for 寒假书法班 on "+when+": number 1 in line."))
	p.waitText("#booking-mine", l.s("候补中，排第 1 位", "On the waiting list, number 1"))
	p.waitText("#session-seats", l.s("已满 · 1 人候补", "Full · 1 waiting"))
	p.waitGone("#book-form")
	p.shot(l.shot("booking-said"))

	p.click("#booking-mine li:first-child button") // 陈小雨's cancel asks again
	p.waitText("#booking-mine li:first-child button", l.s("再按一次确认", "Press again to confirm"))
	p.click("#booking-mine li:first-child button")
	p.waitText("#booking-result", l.s("已取消陈小雨 "+when+" 寒假书法班 的预约。", "Cancelled the booking of 陈小雨 for 寒假书法班 on "+when+"."))
	p.waitText("#booking-mine", "陈小阳") // promoted from the line into the freed seat
	p.waitText("#booking-mine", l.s("已预约，名额已确认", "Booked, place confirmed"))
	p.waitText("#session-seats", l.s("已满", "Full"))
	p.waitText("#book-form", "陈小雨") // she may book again

	// A class in another year: the sentence carries the year.
	_, camp := s.classOn("holiday_class", "冬令营", 10, 50, 50)
	p.visit("/sessions/"+camp[0], "session")
	p.waitText("main h1", "冬令营") // the hash changed: wait for the new session, not the one shown before
	p.waitText("#book-form", "陈小雨")
	p.pickChildren(chen.Yu)
	p.click("#book-form button[type=submit]")
	p.waitText("#booking-result", l.s("已为陈小雨预约 2027年1月5日 周二 09:00 冬令营，名额已确认。", "Booked 陈小雨 into 冬令营 on Tue 5 Jan 2027 09:00: the place is confirmed."))
}

// TestParentBookingsByChild: 我的预约 groups the bookings by child, the coming ones by date and
// the past ones folded away; a session already booked says so instead of offering the form, and
// booking a whole program lists its dates and asks before it books them.
func TestParentBookingsByChild(t *testing.T) { bookingsByChildJourney(t, inZH) }

func bookingsByChildJourney(t *testing.T, l lang) {
	s := newSite(t)
	program, calligraphy := s.classOn("holiday_class", "寒假书法班", 10, 3, 9)
	_, speech := s.classOn("holiday_class", "寒假口才班", 10, 9, 9)
	_, art := s.classOn("holiday_class", "周末美术班", 10, 1, 1)
	chen := s.chen(l)
	s.bookChildren(chen.Cookie, calligraphy[1], chen.Yu)
	s.bookChildren(chen.Cookie, calligraphy[0], chen.Yu)
	s.bookChildren(chen.Cookie, speech[0], chen.Yang)
	s.bookChildren(chen.Cookie, art[0], chen.Yu)
	s.moveToPast(art[0], 2)

	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/bookings", "bookings")
	yu := `#booking-list [data-child="` + chen.Yu + `"]`
	p.waitText(yu+" h2", "陈小雨")
	p.waitText(yu+" > ul li:nth-child(1) .when", l.s("11月19日", "19 Nov"))
	p.waitText(yu+" > ul li:nth-child(2) .when", l.s("11月20日", "20 Nov"))
	p.waitText(yu+" details.past summary", l.s("以往和已取消的预约（1）", "Past and cancelled bookings (1)"))
	if eval[bool](p, `document.querySelector(`+jsString(yu+" details.past")+`).open`) {
		t.Error("the past bookings are not folded away")
	}
	if got := p.text(yu + " > ul"); strings.Contains(got, "周末美术班") {
		t.Errorf("a past class is among the coming ones: %q", got)
	}
	p.waitText(`#booking-list [data-child="`+chen.Yang+`"]`, "寒假口才班")
	p.shot(l.shot("bookings-by-child"))

	p.click(yu + " > ul li:nth-child(1) h3 a")
	p.do(p.waitPage("session"))
	p.waitText("#booking-mine", "陈小雨")
	p.waitText("#booking-mine", l.s("已预约，名额已确认", "Booked, place confirmed"))
	p.waitText("#session-seats", l.s("余 9 位", "9 seats left"))
	if got := p.text("#book-form"); strings.Contains(got, "陈小雨") || !strings.Contains(got, "陈小阳") {
		t.Errorf("the form should offer 陈小阳 only: %q", got)
	}
	p.click("#book-program")
	p.waitText("#program-confirm", l.s("将为陈小阳预约「寒假书法班」以后的 7 次课", "Book 陈小阳 into the next 7 sessions of “寒假书法班”"))
	if n := p.howMany("#program-dates li"); n != 7 {
		t.Errorf("the program's dates listed: %d, want 7", n)
	}
	p.waitText("#program-dates li:first-child", l.s("11月19日 周四 09:00–10:30", "Thu 19 Nov 09:00–10:30"))
	p.shot(l.shot("book-program-ask"))
	p.click("#program-no")
	p.waitGone("#program-confirm")
	var yang struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/bookings?child_id="+chen.Yang, chen.Cookie, nil, &yang)
	if len(yang.Items) != 1 {
		t.Fatalf("declining booked %d sessions", len(yang.Items)-1)
	}
	p.click("#book-program")
	p.click("#program-yes")
	p.waitText("#booking-result", l.s("已为陈小阳预约「寒假书法班」：6 次名额已确认，0 次候补，1 次未能预约",
		"Booked 陈小阳 into “寒假书法班”: 6 confirmed, 0 on the waiting list, 1 not booked"))
	p.waitText("#session-seats", l.s("余 8 位", "8 seats left"))
	p.waitText("#booking-mine", "陈小阳")
	p.waitGone("#book-form") // both children are booked: nothing left to offer
	s.must(http.StatusOK, "GET", "/bookings?child_id="+chen.Yang, chen.Cookie, nil, &yang)
	if len(yang.Items) != 7 {
		t.Errorf("陈小阳 holds %d bookings, want 7 (口才班 and six of the program %s)", len(yang.Items), program)
	}

	// Cancelling from 我的预约 says whose booking of what ended, and folds it away with the past.
	p.visit("/bookings", "bookings")
	cancel := yu + " > ul li:nth-child(2) .actions button"
	p.waitText(yu+" > ul li:nth-child(2) .when", l.s("11月20日", "20 Nov"))
	p.click(cancel)
	p.waitText(cancel, l.s("再按一次确认", "Press again to confirm"))
	p.click(cancel)
	p.waitText("#bookings-said", l.s("已取消陈小雨 11月20日 周五 09:00 寒假书法班 的预约。", "Cancelled the booking of 陈小雨 for 寒假书法班 on Fri 20 Nov 09:00."))
	p.waitText(yu+" details.past summary", l.s("以往和已取消的预约（2）", "Past and cancelled bookings (2)"))
	if n := p.howMany(yu + " > ul li"); n != 1 {
		t.Errorf("陈小雨 has %d coming bookings listed after cancelling one of two", n)
	}
	p.shot(l.shot("bookings-cancelled"))
}

// TestParentSiblingsWaitTogether: where two siblings may land in the line, the rule of the line
// for a sibling group is explained before booking; booked together they share one place, and
// the session page and 我的预约 say so with the rule.
func TestParentSiblingsWaitTogether(t *testing.T) { siblingsJourney(t, inZH) }

func siblingsJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, sessions := s.classOn("holiday_class", "寒假美术班", 1, 3, 3)
	_, liu := s.member("刘洋", "13800000008", "", "")
	s.bookChildren(liu, sessions[0], s.child(liu, "刘一鸣", "2018-05-20"))
	chen := s.chen(l)
	rule := l.s("兄弟姐妹一起候补时只占一个位置", "Siblings waiting together hold one place in line")
	p := s.open(t)
	p.signIn(chen.Cookie)
	p.visit("/sessions/"+sessions[0], "session")
	p.waitText("#siblings-waitlist", rule)
	p.pickChildren(chen.Yu, chen.Yang)
	p.click("#book-form button[type=submit]")
	p.waitText("#booking-result", l.s("陈小雨、陈小阳已加入 11月19日 周四 09:00 寒假美术班 的候补，排第 1 位。",
		"Added 陈小雨 and 陈小阳 to the waiting list for 寒假美术班 on Thu 19 Nov 09:00: number 1 in line."))
	p.waitText("#siblings-waiting", rule)
	if n := p.howMany("#booking-mine li"); n != 2 {
		t.Errorf("%d children listed in the line, want both", n)
	}
	p.shot(l.shot("siblings-waiting"))
	p.visit("/bookings", "bookings")
	for _, child := range []string{chen.Yu, chen.Yang} {
		p.waitText(`[data-child="`+child+`"] > ul li`, l.s("候补第 1 位", "Waiting list, place 1"))
		p.waitText(`[data-child="`+child+`"] > ul li`, rule)
	}
}
