package browser_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// chenFamily is 陈静 (13800000007) with 陈小雨 (7 at the journeys' start) and 陈小阳 (6).
type chenFamily struct {
	ID, Cookie string
	Yu, Yang   string // the children's ids
}

// chen registers the family, with the account's language set to l.
func (s *site) chen(l lang) chenFamily {
	s.t.Helper()
	id, cookie := s.member("陈静", "13800000007", "", "")
	if l.en {
		s.must(http.StatusOK, "PATCH", "/me", cookie, map[string]string{"locale": "en"}, nil)
	}
	return chenFamily{ID: id, Cookie: cookie, Yu: s.child(cookie, "陈小雨", "2019-03-08"), Yang: s.child(cookie, "陈小阳", "2020-09-03")}
}

// classOn plans a children's program of kind for ages 5 to 10 on the days from first to last
// (days from the journeys' today), 09:00–10:30, and returns its id and its sessions' ids by date.
func (s *site) classOn(kind, title string, capacity, first, last int) (string, []string) {
	s.t.Helper()
	return s.planProgram(map[string]any{"kind": kind, "title": title, "category": "calligraphy", "capacity": capacity, "age_min": 5, "age_max": 10,
		"schedule": map[string]any{"start_date": chinaToday(first), "end_date": chinaToday(last), "start_time": "09:00", "end_time": "10:30", "day_filter": "all_days"}})
}

// councilOn plans a residents' council on a day from the journeys' today, 19:00–20:30: an event
// with no age range, for adults.
func (s *site) councilOn(day int) string {
	s.t.Helper()
	_, ids := s.planProgram(map[string]any{"kind": "event", "title": "居民议事会", "capacity": 40,
		"schedule": map[string]any{"start_date": chinaToday(day), "end_date": chinaToday(day), "start_time": "19:00", "end_time": "20:30", "day_filter": "all_days"}})
	return ids[0]
}

// planProgram creates a program as the administrator and returns its id and its sessions' ids by date.
func (s *site) planProgram(body map[string]any) (string, []string) {
	s.t.Helper()
	var res struct{ Program struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/communities/"+s.Community+"/programs", s.Admin, body, &res)
	var sessions struct{ Items []struct{ ID string } }
	s.must(http.StatusOK, "GET", "/sessions?program_id="+res.Program.ID, "", nil, &sessions)
	ids := make([]string, len(sessions.Items))
	for i, x := range sessions.Items {
		ids[i] = x.ID
	}
	return res.Program.ID, ids
}

// bookChildren books children into a session through the API and returns the bookings' ids.
func (s *site) bookChildren(cookie, session string, children ...string) []string {
	s.t.Helper()
	body := map[string]any{"child_ids": children, "session_id": session}
	if len(children) == 1 {
		body = map[string]any{"child_id": children[0], "session_id": session}
	}
	var res struct{ Bookings []struct{ ID string } }
	s.must(http.StatusCreated, "POST", "/bookings", cookie, body, &res)
	ids := make([]string, len(res.Bookings))
	for i, b := range res.Bookings {
		ids[i] = b.ID
	}
	return ids
}

// moveToPast moves a session to 09:00 on a day before the journeys' today, as an office that
// enters a class already given does; its bookings stay.
func (s *site) moveToPast(session string, daysAgo int) {
	s.t.Helper()
	s.must(http.StatusOK, "PATCH", "/sessions/"+session, s.Admin, map[string]any{"starts_at": chinaToday(-daysAgo) + "T09:00:00+08:00"}, nil)
}

// pickChildren ticks exactly the given children in the booking form.
func (p *page) pickChildren(ids ...string) {
	p.t.Helper()
	js := `((ids) => { const boxes = [...document.querySelectorAll("#book-form [name=child_ids]")];
		for (const b of boxes) b.checked = ids.includes(b.value); return boxes.filter((b) => b.checked).length; })(` + jsStrings(ids) + `)`
	if got := eval[int](p, js); got != len(ids) {
		p.fail(fmt.Errorf("the booking form offers %d of the children %v", got, ids))
	}
}

// howMany returns how many elements the CSS selector finds.
func (p *page) howMany(sel string) int {
	p.t.Helper()
	return eval[int](p, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// blockAPI makes the browser's requests to the API path fail, as a network that drops them would.
func (p *page) blockAPI(path string) {
	p.t.Helper()
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		pattern := &network.BlockPattern{URLPattern: "*://*:*/api/v1" + path, Block: true}
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{pattern}})
		return err
	}))
}

// parentJourneys are the parent's journeys, each run in zh-CN by its own test and all of them
// once in English by TestParentJourneysInEnglish.
var parentJourneys = []journey{
	{"Notifications", notificationsJourney},
	{"BookingSaysWhatHappened", bookingSaysJourney},
	{"BookingsByChild", bookingsByChildJourney},
	{"RatingWhereItCanBeGiven", ratingJourney},
	{"AdultsEvent", adultsEventJourney},
	{"CalendarAndShare", calendarShareJourney},
	{"ErrorsBesideFields", parentErrorsJourney},
	{"TooLate", tooLateJourney},
	{"SiblingsWaitTogether", siblingsJourney},
	{"RegisterLogOutLogIn", registerJourney},
	{"AddsChildWithConsent", addChildJourney},
	{"BooksClass", booksClassJourney},
	{"FullClassOffersWaitlist", fullClassJourney},
}

// TestParentJourneysInEnglish runs every parent journey once with the account in English.
func TestParentJourneysInEnglish(t *testing.T) {
	runInEnglish(t, parentJourneys)
}

// jsStrings writes strings as a JavaScript array.
func jsStrings(ss []string) string {
	b, _ := json.Marshal(append([]string{}, ss...))
	return string(b)
}
