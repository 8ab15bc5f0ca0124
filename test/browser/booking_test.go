package browser_test

import (
	"net/http"
	"testing"
)

// holidayClass plans a daily class for ages 5 to 10 from three days ahead, with the given
// capacity, and returns the id of its first session.
func (s *site) holidayClass(title string, capacity int, waitlist bool) string {
	s.t.Helper()
	var res struct {
		Program struct{ ID string }
	}
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "holiday_class", "title": title, "category": "calligraphy", "age_min": 5, "age_max": 10,
		"capacity": capacity, "waitlist": waitlist,
		"schedule": map[string]any{"start_date": chinaToday(3), "end_date": chinaToday(9), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"},
	}, &res)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+res.Program.ID, "", nil, &sessions)
	if len(sessions.Items) == 0 {
		s.t.Fatal("the program has no sessions")
	}
	return sessions.Items[0].ID
}

// child registers a child of the cookie's user through the API, consenting to the policy.
func (s *site) child(cookie, name, birth string) string {
	s.t.Helper()
	var policy struct{ Version string }
	s.must(http.StatusOK, "GET", "/policies/child-data", cookie, nil, &policy)
	var c struct{ Child struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/children", cookie, map[string]any{"name": name, "birth_date": birth, "consent_policy_version": policy.Version}, &c)
	return c.Child.ID
}

// TestParentBooksClass: a parent signs up, adds a child with consent, finds a class for the
// child's age, books one session and sees it in their bookings.
func TestParentBooksClass(t *testing.T) { booksClassJourney(t, inZH) }

func booksClassJourney(t *testing.T, l lang) {
	s := newSite(t)
	s.holidayClass("寒假书法班", 10, true)
	p := s.open(t)
	p.useLang(l) // signing up in the language the page shows
	p.visit("/register", "register")
	p.fill("#register-form [name=name]", "刘洋")
	p.fill("#register-form [name=login]", "13800000008")
	p.fill("#register-form [name=password]", "liu-yang-2026")
	p.click("#register-form button[type=submit]")
	p.do(p.waitPage("home"))

	p.click(`#nav a[href="#/children"]`)
	p.do(p.waitPage("children"))
	p.fill("#child-form [name=name]", "刘一鸣")
	p.set("#child-form [name=birth_date]", "2018-05-20")
	p.click("#child-form [name=consent_policy_version]")
	p.click("#child-form button[type=submit]")
	p.do(p.waitPage("child"))

	p.visit("/classes?age=7", "classes")
	p.waitText("#class-list", "寒假书法班")
	p.waitText("#class-list", l.s("余 10 位", "10 seats left"))
	p.shot(l.shot("classes"))
	p.click("#class-list li:first-child h3 a")
	p.do(p.waitPage("session"))
	p.waitText("#book-form", "刘一鸣")
	p.click("#book-form button[type=submit]")
	p.waitText("#booking-result", l.s("已为刘一鸣预约 11月19日 周四 09:00 寒假书法班，名额已确认。", "Booked 刘一鸣 into 寒假书法班 on Thu 19 Nov 09:00: the place is confirmed."))
	p.waitText("#session-seats", l.s("余 9 位", "9 seats left")) // the seats change at once
	p.shot(l.shot("session-booked"))

	p.click(`#nav a[href="#/bookings"]`)
	p.do(p.waitPage("bookings"))
	p.waitText("#booking-list", "寒假书法班")
	p.waitText("#booking-list", "刘一鸣")
	p.waitText("#booking-list", l.s("已确认", "Confirmed"))
	p.shot(l.shot("bookings"))
}

// TestFullClassOffersWaitlist: when the only seat is taken, the session page offers the waiting
// list; the parent gets place 1, and the seat when the other family cancels.
func TestFullClassOffersWaitlist(t *testing.T) { fullClassJourney(t, inZH) }

func fullClassJourney(t *testing.T, l lang) {
	s := newSite(t)
	session := s.holidayClass("寒假口才班", 1, true)
	_, first := s.member("陈静", "13800000007", "", "")
	var booked struct {
		Bookings []struct{ ID string }
	}
	s.must(http.StatusCreated, "POST", "/bookings", first, map[string]any{"child_id": s.child(first, "陈小雨", "2019-03-08"), "session_id": session}, &booked)
	_, second := s.member("刘洋", "13800000008", "", "")
	s.child(second, "刘一鸣", "2018-05-20")
	s.speak(l, second)

	p := s.open(t)
	p.signIn(second)
	p.visit("/sessions/"+session, "session")
	p.waitText("#session-seats", l.s("已满", "Full"))
	p.waitText("#book-form", l.s("还没有人候补。您可以排第 1 位", "nobody is waiting yet. You can be first in line"))
	if got := p.text("#book-form button[type=submit]"); got != l.s("排队候补", "Join the waiting list") {
		t.Errorf("the button of a full class reads %q", got)
	}
	p.shot(l.shot("waitlist"))
	p.click("#book-form button[type=submit]")
	p.waitText("#booking-result", l.s("刘一鸣已加入 11月19日 周四 09:00 寒假口才班 的候补，排第 1 位。", "Added 刘一鸣 to the waiting list for 寒假口才班 on Thu 19 Nov 09:00: number 1 in line."))

	p.visit("/bookings", "bookings")
	p.waitText("#booking-list", l.s("候补第 1 位", "Waiting list, place 1"))
	s.must(http.StatusNoContent, "DELETE", "/bookings/"+booked.Bookings[0].ID, first, nil, nil)
	p.reload("bookings")
	p.waitText("#booking-list", l.s("已确认", "Confirmed"))
}
