package browser_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// navLinks is a script listing the navigation's links as a person reads them.
const navLinks = `[...document.querySelectorAll("#nav a")].map((a) => a.firstChild.textContent)`

// TestNavigationByRole: a volunteer with no child sees no 孩子 or 预约 until choosing "添加孩子"
// on 我的, after which both stay; a resident with no role (a parent) sees them from the start;
// the unread notifications show as a count on 通知, which links to the notifications page and
// follows the count when a notice is read elsewhere.
func TestNavigationByRole(t *testing.T) { navigationJourney(t, inZH) }

func navigationJourney(t *testing.T, l lang) {
	s := newSite(t)
	_, volunteer := s.member("周强", "13800000005", "volunteer", "")
	_, parent := s.member("陈静", "13800000007", "", "")
	s.speak(l, volunteer, parent)
	children, bookings := l.s("孩子", "Children"), l.s("预约", "Bookings")
	var shift struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, map[string]any{
		"kind": "volunteer_shift", "title": "周六社区环境整治", "capacity": 5,
		"schedule": map[string]any{"start_date": chinaToday(3), "end_date": chinaToday(3), "start_time": "09:00", "end_time": "11:00", "day_filter": "all_days"},
	}, &shift)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+shift.Program.ID, "", nil, &sessions)
	s.must(http.StatusCreated, "POST", "/sessions/"+sessions.Items[0].ID+"/signup", volunteer, nil, nil)
	s.must(http.StatusOK, "PATCH", "/sessions/"+sessions.Items[0].ID, s.Admin, map[string]any{"status": "cancelled", "reason": "暴雨预警"}, nil)
	var inbox struct {
		Items       []struct{ ID string }
		UnreadCount int `json:"unread_count"`
	}
	s.must(http.StatusOK, "GET", "/me/notifications?unread=true", volunteer, nil, &inbox)
	if inbox.UnreadCount == 0 {
		t.Fatal("the cancelled shift left the volunteer no notice")
	}

	p := s.open(t)
	p.signIn(volunteer)
	p.visit("/", "home")
	links := eval[[]string](p, navLinks)
	for _, link := range links {
		if link == children || link == bookings {
			t.Errorf("a volunteer with no child sees %q in the navigation %q", link, links)
		}
	}
	p.waitText(`#nav a[href="#/notifications"] #unread-badge`, itoa(inbox.UnreadCount))
	if label := eval[string](p, `document.querySelector('#nav a[href="#/notifications"]').getAttribute("aria-label")`); label != l.s("通知，"+itoa(inbox.UnreadCount)+" 条未读", "Notices, "+itoa(inbox.UnreadCount)+" unread") {
		t.Errorf("the notices link reads %q to a screen reader", label)
	}
	p.shot(l.shot("nav-volunteer"))
	// Read elsewhere: the badge follows at the next step.
	for _, n := range inbox.Items {
		s.must(http.StatusOK, "POST", "/me/notifications/"+n.ID+"/read", volunteer, nil, nil)
	}
	p.click(`#nav a[href="#/me"]`)
	p.do(p.waitPage("me"))
	p.waitGone(`#unread-badge`)

	p.click("#add-child")
	p.do(p.waitPage("children"))
	p.waitText("#nav", children)
	p.waitText("#nav", bookings)
	p.reload("children")
	p.waitText("#nav", bookings)

	p.signIn(parent)
	p.visit("/", "home")
	p.waitText("#nav", children)
	p.waitText("#nav", bookings)
	if n := eval[int](p, `document.querySelectorAll("#unread-badge").length`); n != 0 {
		t.Error("a user with nothing unread sees a count")
	}
	p.visit("/me", "me")
	if n := eval[int](p, `document.querySelectorAll("#add-child").length`); n != 0 {
		t.Error("a parent is asked to add a child from 我的 although 孩子 is in the navigation")
	}
}

// waitGone waits until nothing on the page matches the CSS selector.
func (p *page) waitGone(sel string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.PollFunction[bool](`(sel) => document.querySelector(sel) === null`,
		chromedp.WithPollingArgs(sel), chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		p.fail(fmt.Errorf("waiting for %s to go: %w", sel, err))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
