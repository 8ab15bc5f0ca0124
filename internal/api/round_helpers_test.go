package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// rtEnv is a round test: the planning world of ptEnv with the clock at rtStart, before the
// round opens.
type rtEnv struct {
	*ptEnv
	n int
}

// rtStart is Tuesday 1 December 2026 10:00 in Shanghai; a round opens on the 2nd at 08:00,
// closes on the 9th at 20:00, draws on the 10th at 10:00, for classes in the winter break.
var (
	rtStart = ptAt(2026, 12, 1, 10, 0)
	rtOpen  = ptAt(2026, 12, 2, 8, 0)
	rtClose = ptAt(2026, 12, 9, 20, 0)
	rtDraw  = ptAt(2026, 12, 10, 10, 0)
)

func newRoundEnv(t *testing.T) *rtEnv {
	t.Helper()
	return &rtEnv{ptEnv: newPlanEnv(t, rtStart)}
}

// rtRound is a round as the API answers it.
type rtRound struct {
	Round linli.Round
}

// holidayClass creates a holiday class of seats seats, ages from to, 18–22 January 2027
// between start and end, and returns its id.
func (e *rtEnv) holidayClass(title string, seats, ageMin, ageMax int, start, end string) string {
	e.t.Helper()
	return e.createProgram(ptProgram("holiday_class", title, ptSchedule("2027-01-18", "2027-01-22", start, end, "all_days"),
		func(p map[string]any) { p["capacity"], p["age_min"], p["age_max"] = seats, ageMin, ageMax })).Program.ID
}

// roundBody is a round of the programs, opening at rtOpen and closing at rtClose.
func roundBody(programs []string, edit ...func(map[string]any)) map[string]any {
	b := map[string]any{"title": "2027 寒假特色课堂", "program_ids": programs, "opens_at": rtOpen.Format(time.RFC3339),
		"closes_at": rtClose.Format(time.RFC3339), "draw_at": rtDraw.Format(time.RFC3339)}
	for _, f := range edit {
		f(b)
	}
	return b
}

// createRound creates a round as the coordinator, expecting 201.
func (e *rtEnv) createRound(body map[string]any) linli.Round {
	e.t.Helper()
	var r rtRound
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+e.Community+"/rounds", e.Coord, body), &r)
	return r.Round
}

// family registers a parent with children born on the dates and returns the parent's cookie and
// the children's ids.
func (e *rtEnv) family(births ...string) (string, []string) {
	e.t.Helper()
	e.n++
	login := fmt.Sprintf("parent-%d@linli.test", e.n)
	e.register(fmt.Sprintf("家长%d", e.n), login)
	cookie := e.login(login)
	var kids []string
	for i, b := range births {
		var c struct{ Child struct{ ID string } }
		e.must(http.StatusCreated, e.call("POST", "/api/v1/children", cookie, map[string]any{"name": fmt.Sprintf("孩子%d-%d", e.n, i),
			"birth_date": b, "consent_policy_version": linli.ChildPolicyVersion}), &c)
		kids = append(kids, c.Child.ID)
	}
	return cookie, kids
}

// rtApplication is an application as the API answers it.
type rtApplication struct {
	Application linli.RoundApplicationView
}

// apply applies for the children (the first in the path) with the ranked wishes, expecting 200.
func (e *rtEnv) apply(cookie, roundID string, kids []string, wishes ...string) linli.RoundApplicationView {
	e.t.Helper()
	var a rtApplication
	e.must(http.StatusOK, e.call("PUT", "/api/v1/rounds/"+roundID+"/applications/"+kids[0], cookie,
		map[string]any{"child_ids": kids, "program_ids": wishes}), &a)
	return a.Application
}

// inbox returns the notifications of a user, newest first.
func (e *rtEnv) inbox(cookie string) []linli.Notification {
	e.t.Helper()
	var in struct{ Items []linli.Notification }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications?limit=500", cookie, nil), &in)
	return in.Items
}

// noticeOf returns the first notification of kind whose body contains text.
func noticeOf(items []linli.Notification, kind, text string) *linli.Notification {
	for i := range items {
		if items[i].Kind == kind && strings.Contains(items[i].Body, text) {
			return &items[i]
		}
	}
	return nil
}
