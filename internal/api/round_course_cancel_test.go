package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

// rcStatuses returns the stored statuses of bookings.
func (e *bkEnv) rcStatuses(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = e.status(id)
	}
	return out
}

// rcConfirmed returns the sessions a child is confirmed in, as its guardian sees them.
func (e *bkEnv) rcConfirmed(f bkFamily, child string) map[string]bool {
	out := map[string]bool{}
	for _, b := range e.myBookings(f.Cookie, "child_id="+child) {
		if b.Status == "confirmed" {
			out[b.SessionID] = true
		}
	}
	return out
}

func TestCancellingOneSessionOfACoursePlaceCancelsItAndPromotesTheFirstWhoFits(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 2, "2026-07-08")
	fams := e.families(4, "2019-03-01")
	twins := e.families(1, "2019-03-01", "2019-03-01")[0]
	r := e.rcRound(1, true, program)
	placed := e.rcApply(r, fams[0].Children, program)
	kept := e.rcApply(r, fams[1].Children, program)
	sib := e.rcApply(r, twins.Children, program)
	next := e.rcApply(r, fams[2].Children, program)
	after := e.rcApply(r, fams[3].Children, program)
	e.rcDraw(r, time.Time{})
	mine := e.rcPlace(r, placed, fams[0].Children, program, sessions)
	e.rcPlace(r, kept, fams[1].Children, program, sessions)
	e.rcWait(r, program, sib, 1)
	e.rcWait(r, program, next, 2)
	e.rcWait(r, program, after, 3)

	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+mine[1], fams[0].Cookie, nil), nil)
	for i, s := range e.rcStatuses(mine) {
		if s != "cancelled" {
			t.Errorf("booking %d of the cancelled course is %s", i, s)
		}
	}
	var status string
	e.rcQuery(&status, `SELECT status FROM round_places WHERE application_id = ?`, placed)
	if status != "cancelled" {
		t.Errorf("the place is %s, want cancelled", status)
	}
	// The twins need two seats and wait on; the next in line takes the course, every session.
	got := e.rcConfirmed(fams[2], fams[2].Children[0])
	for _, s := range sessions {
		if !got[s] {
			t.Errorf("the promoted child is not confirmed in %s: %v", s, got)
		}
	}
	if n := len(e.rcConfirmed(twins, twins.Children[0])); n != 0 {
		t.Errorf("the twins got %d sessions with one seat free", n)
	}
	if n := e.rcPromotedNotices(fams[2].UserID); n != 1 {
		t.Errorf("the promoted family has %d notices, want 1", n)
	}
	for _, c := range []struct {
		app, want string
	}{{sib, "waiting"}, {next, "promoted"}, {after, "waiting"}} {
		e.rcQuery(&status, `SELECT status FROM round_waitlist WHERE round_id = ? AND application_id = ?`, r.ID, c.app)
		if status != c.want {
			t.Errorf("waiting entry: %s, want %s", status, c.want)
		}
	}
	var drawn int
	e.rcQuery(&drawn, `SELECT drawn FROM round_places WHERE application_id = ?`, next)
	if drawn != 0 {
		t.Errorf("a place given by promotion is drawn = %d", drawn)
	}
	e.checkCounters()
}

func TestTheOfficeCancelsACourseAfterItsFirstSessionOnlyForwards(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 1, "2026-07-08")
	fams := e.families(2, "2019-03-01")
	r := e.rcRound(1, true, program)
	placed := e.rcApply(r, fams[0].Children, program)
	waiting := e.rcApply(r, fams[1].Children, program)
	e.rcDraw(r, time.Time{})
	mine := e.rcPlace(r, placed, fams[0].Children, program, sessions)
	e.rcWait(r, program, waiting, 1)

	e.Clock.Set(ptAt(2026, 7, 6, 10, 0)) // the first session is under way
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+mine[2], e.Coord, nil), nil)
	if got := e.rcStatuses(mine); got[0] != "confirmed" || got[1] != "cancelled" || got[2] != "cancelled" {
		t.Errorf("after the office cancelled the course mid-way: %v, want the started session kept", got)
	}
	got := e.rcConfirmed(fams[1], fams[1].Children[0])
	if len(got) != 2 || !got[sessions[1]] || !got[sessions[2]] {
		t.Errorf("the promoted child is confirmed in %v, want the two sessions not started", got)
	}
	e.checkCounters()
}

func TestAPromotionToAHigherWishReleasesTheLowestPlaceWhoseSeatPromotesInTurn(t *testing.T) {
	e := newBookingEnv(t)
	first, firstSessions := e.rcProgram("书法", 1, "2026-07-07")
	second, secondSessions := e.rcProgram("围棋", 1, "2026-07-07", "14:00", "16:00")
	third, _ := e.rcProgram("阅读", 5, "2026-07-07", "17:00", "18:00")
	fams := e.families(3, "2019-03-01")
	r := e.rcRound(1, true, first, second, third)
	leaving := e.rcApply(r, fams[0].Children, first)
	climbing := e.rcApply(r, fams[1].Children, first, second, third)
	behind := e.rcApply(r, fams[2].Children, second)
	e.rcDraw(r, time.Time{})
	gone := e.rcPlace(r, leaving, fams[0].Children, first, firstSessions)
	released := e.rcPlace(r, climbing, fams[1].Children, second, secondSessions)
	e.rcWait(r, first, climbing, 1)
	e.rcWait(r, second, behind, 1)
	e.rcWait(r, third, climbing, 1) // below its new place once it climbs: it must leave

	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+gone[0], fams[0].Cookie, nil), nil)
	if got := e.rcConfirmed(fams[1], fams[1].Children[0]); len(got) != 2 || !got[firstSessions[0]] || !got[firstSessions[1]] {
		t.Errorf("the family promoted to its first wish is confirmed in %v", got)
	}
	for i, s := range e.rcStatuses(released) {
		if s != "cancelled" {
			t.Errorf("booking %d of the released place is %s", i, s)
		}
	}
	if got := e.rcConfirmed(fams[2], fams[2].Children[0]); len(got) != 2 || !got[secondSessions[0]] {
		t.Errorf("the family behind is confirmed in %v, want the released course", got)
	}
	var status string
	e.rcQuery(&status, `SELECT status FROM round_places WHERE application_id = ? AND program_id = ?`, climbing, second)
	if status != "released" {
		t.Errorf("the lower place is %s, want released", status)
	}
	e.rcQuery(&status, `SELECT status FROM round_waitlist WHERE application_id = ? AND program_id = ?`, climbing, third)
	if status != "left" {
		t.Errorf("the waiting entry below the new place is %s, want left", status)
	}
	for _, f := range fams[1:] {
		if n := e.rcPromotedNotices(f.UserID); n != 1 {
			t.Errorf("a promoted family has %d notices, want 1", n)
		}
	}
	// The climbing family is told which place it gave up, and only it.
	var inbox struct{ Items []linli.Notification }
	e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", fams[1].Cookie, nil), &inbox)
	var told []string
	for _, n := range inbox.Items {
		if n.Kind == linli.NoticeRoundPlaceReleased {
			told = append(told, n.Body)
		}
	}
	if len(told) != 1 || !strings.Contains(told[0], "「书法」有了空位") || !strings.Contains(told[0], "「围棋」已自动让出") || !strings.Contains(told[0], climbing) {
		t.Errorf("the family that climbed is told %q, want one notice naming 书法, 围棋 and its application", told)
	}
	var others int
	e.rcQuery(&others, `SELECT COUNT(*) FROM notifications WHERE kind = 'round_place_released' AND user_id <> ?`, fams[1].UserID)
	if others != 0 {
		t.Errorf("%d released-place notices went to other families", others)
	}
	e.checkCounters()
}

func TestCancellingAFirstComeBookingOfARoundProgramStaysOneSession(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 5, "2026-07-07")
	fams := e.families(1, "2019-03-01")
	r := e.rcRound(1, true, program)
	e.rcDraw(r, time.Time{})
	made := e.booked(fams[0].Cookie, map[string]any{"child_id": fams[0].Children[0], "program_id": program})
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+made[0].ID, fams[0].Cookie, nil), nil)
	if got := e.rcConfirmed(fams[0], fams[0].Children[0]); len(got) != 1 || !got[sessions[1]] {
		t.Errorf("after cancelling one first-come session: confirmed in %v", got)
	}
}

func TestDeletingAPlacedChildPassesItsCourseOnAndTakesItOffTheWaitingLists(t *testing.T) {
	e := newBookingEnv(t)
	first, firstSessions := e.rcProgram("书法", 1, "2026-07-07")
	second, secondSessions := e.rcProgram("围棋", 1, "2026-07-07", "14:00", "16:00")
	fams := e.families(3, "2019-03-01")
	r := e.rcRound(2, true, first, second)
	deleted := e.rcApply(r, fams[0].Children, first, second)
	waiting := e.rcApply(r, fams[1].Children, first)
	holder := e.rcApply(r, fams[2].Children, second)
	e.rcDraw(r, time.Time{})
	e.rcPlace(r, deleted, fams[0].Children, first, firstSessions)
	e.rcPlace(r, holder, fams[2].Children, second, secondSessions)
	e.rcWait(r, first, waiting, 1)
	e.rcWait(r, second, deleted, 1)

	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/children/"+fams[0].Children[0], fams[0].Cookie, nil), nil)
	if got := e.rcConfirmed(fams[1], fams[1].Children[0]); len(got) != len(firstSessions) {
		t.Errorf("the family waiting for the deleted child's course holds %d sessions of %d", len(got), len(firstSessions))
	}
	var status string
	e.rcQuery(&status, `SELECT status FROM round_waitlist WHERE application_id = ? AND program_id = ?`, deleted, second)
	if status != "left" {
		t.Errorf("the deleted child's waiting entry is %s, want left", status)
	}
	e.rcQuery(&status, `SELECT status FROM round_places WHERE application_id = ?`, deleted)
	if status != "cancelled" {
		t.Errorf("the deleted child's place is %s, want cancelled", status)
	}
	// Its place in the second line is gone: a seat freed there goes to no one.
	hold := e.myBookings(fams[2].Cookie, "child_id="+fams[2].Children[0])
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+hold[0].ID, fams[2].Cookie, nil), nil)
	var placed int
	e.rcQuery(&placed, `SELECT COUNT(*) FROM round_places WHERE program_id = ? AND status = 'placed'`, second)
	if placed != 0 {
		t.Errorf("%d places in the second class after its only holder left", placed)
	}
	e.checkCounters()
}

func TestCoursesCancelledWhileOthersBookFirstComeStayWholeAndWithinSeats(t *testing.T) {
	e := newBookingEnv(t)
	program, sessions := e.rcProgram("书法", 3, "2026-07-08")
	placedFams, waitingFams, rush := e.families(3, "2019-03-01"), e.families(3, "2019-03-01"), e.families(3, "2019-03-01")
	r := e.rcRound(1, true, program)
	var courses [][]string
	for _, f := range placedFams {
		courses = append(courses, e.rcPlace(r, e.rcApply(r, f.Children, program), f.Children, program, sessions))
	}
	for i, f := range waitingFams {
		e.rcWait(r, program, e.rcApply(r, f.Children, program), i+1)
	}
	e.rcDraw(r, time.Time{})
	concurrently(6, func(i int) {
		if i < 3 {
			e.call("DELETE", "/api/v1/bookings/"+courses[i][i], placedFams[i].Cookie, nil)
			return
		}
		f := rush[i-3]
		e.call("POST", "/api/v1/bookings", f.Cookie, map[string]any{"child_id": f.Children[0], "session_id": sessions[0]})
	})
	for _, f := range waitingFams {
		if n := len(e.rcConfirmed(f, f.Children[0])); n != 0 && n != len(sessions) {
			t.Errorf("a promoted family holds %d sessions of its course of %d", n, len(sessions))
		}
	}
	for _, f := range placedFams {
		if n := len(e.rcConfirmed(f, f.Children[0])); n != 0 {
			t.Errorf("a family that cancelled still holds %d sessions", n)
		}
	}
	e.checkCounters()
}
