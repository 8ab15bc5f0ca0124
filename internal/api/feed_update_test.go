package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// fdState is what a client keeps of one event between polls.
type fdState struct {
	present  bool
	status   string
	sequence int
	modified string
	start    string
}

// state reads the event of a session from a feed.
func (e *fdEnv) state(path, sessionID string) fdState {
	e.t.Helper()
	ev, ok := fdEvents(e.feed(path).Body)[uid(sessionID)]
	if !ok {
		return fdState{}
	}
	seq, err := strconv.Atoi(ev["SEQUENCE"])
	if err != nil {
		e.t.Fatalf("SEQUENCE %q", ev["SEQUENCE"])
	}
	return fdState{true, ev["STATUS"], seq, ev["LAST-MODIFIED"], ev["DTSTART"]}
}

// changed fails unless the event is still there under the same UID with status, a higher
// SEQUENCE and a later LAST-MODIFIED than before.
func (e *fdEnv) changed(what string, before, after fdState, status string) {
	e.t.Helper()
	if !after.present || after.status != status || after.sequence <= before.sequence || after.modified <= before.modified {
		e.t.Errorf("%s: %+v after %+v; want %s with a higher SEQUENCE and a later LAST-MODIFIED", what, after, before, status)
	}
}

// TestFeedUpdates: a client that polls sees every change as a new SEQUENCE and LAST-MODIFIED of
// the same UID; an event the user no longer has shows cancelled for 30 days, then leaves.
func TestFeedUpdates(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-09")
	moved, cancelled, unbooked := sessions[0], sessions[1], sessions[2]
	for _, s := range sessions[:3] {
		e.bookings(s.ID, e.Xiaoming)
	}
	parent := e.feedLinks(e.ParentCookie).path()
	teacher := e.feedLinks(e.login("13800000002")).path()
	program := "/ical/programs/" + programID + ".ics"
	feeds := map[string]string{"parent": parent, "teacher": teacher, "program": program}
	tick := func(d time.Duration) { e.Clock.Set(e.Clock.Now().Add(d)) }

	before := map[string]fdState{}
	for name, path := range feeds {
		before[name] = e.state(path, moved.ID)
	}
	tick(time.Hour)
	e.patchSession(moved.ID, map[string]any{"starts_at": "2026-07-06T17:30:00+08:00"})
	for name, path := range feeds {
		after := e.state(path, moved.ID)
		e.changed(name+": move", before[name], after, "CONFIRMED")
		if after.start != "20260706T173000" {
			t.Errorf("%s: moved event starts %s", name, after.start)
		}
	}

	for name, path := range feeds {
		before[name] = e.state(path, cancelled.ID)
	}
	tick(time.Hour)
	e.patchSession(cancelled.ID, map[string]any{"status": "cancelled", "reason": "停电"})
	for name, path := range feeds {
		e.changed(name+": session cancelled", before[name], e.state(path, cancelled.ID), "CANCELLED")
	}

	pb := e.state(parent, unbooked.ID)
	tick(time.Hour)
	var mine struct {
		Items []struct {
			ID        string
			SessionID string `json:"session_id"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/bookings?child_id="+e.Xiaoming+"&from=2026-07-01", e.ParentCookie, nil), &mine)
	for _, b := range mine.Items {
		if b.SessionID == unbooked.ID {
			e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/bookings/"+b.ID, e.ParentCookie, nil), nil)
		}
	}
	afterCancel := e.state(parent, unbooked.ID)
	e.changed("parent: booking cancelled", pb, afterCancel, "CANCELLED")
	if p := e.state(program, unbooked.ID); p.status != "CONFIRMED" {
		t.Errorf("the public feed shows the session %s after a child's booking was cancelled", p.status)
	}
	tick(time.Hour)
	e.bookings(unbooked.ID, e.Xiaoming)
	e.changed("parent: booked again", afterCancel, e.state(parent, unbooked.ID), "CONFIRMED")

	tb := e.state(teacher, unbooked.ID)
	tick(time.Hour)
	e.patchSession(unbooked.ID, map[string]any{"staff_ids": []string{}})
	e.changed("teacher: no longer staff", tb, e.state(teacher, unbooked.ID), "CANCELLED")

	volunteer := e.feedLinks(e.VolunteerCookie).path()
	shift := e.createProgram(ptProgram("volunteer_shift", "护学岗", ptSchedule("2026-07-07", "2026-07-07", "07:00", "08:00", "all_days")))
	shiftID := e.sessions(e.Coord, "program_id="+shift.Program.ID+"&from=2026-07-01")[0].ID
	tick(time.Hour)
	e.signUp(shiftID)
	joined := e.state(volunteer, shiftID)
	tick(time.Hour)
	e.must(http.StatusNoContent, e.call("DELETE", "/api/v1/sessions/"+shiftID+"/signup", e.VolunteerCookie, nil), nil)
	left := e.state(volunteer, shiftID)
	e.changed("volunteer: left the shift", joined, left, "CANCELLED")
	tick(time.Hour)
	e.signUp(shiftID)
	e.changed("volunteer: back on the shift", left, e.state(volunteer, shiftID), "CONFIRMED")

	// 29 days on, the cancelled events are still there; 31 days on, they are gone, while the
	// moved one, five days after the cancellations' window began, stays.
	e.Clock.Set(ptAt(2026, 7, 30, 12, 0))
	for name, path := range feeds {
		if s := e.state(path, cancelled.ID); !s.present || s.status != "CANCELLED" {
			t.Errorf("%s: the cancelled session 29 days later: %+v", name, s)
		}
	}
	e.Clock.Set(ptAt(2026, 8, 2, 12, 0))
	for name, path := range feeds {
		if s := e.state(path, cancelled.ID); s.present {
			t.Errorf("%s: the session cancelled 32 days ago is still there: %+v", name, s)
		}
		if s := e.state(path, moved.ID); !s.present {
			t.Errorf("%s: the moved session of 27 days ago left the feed", name)
		}
	}
	if s := e.state(teacher, unbooked.ID); s.present {
		t.Errorf("teacher: the session they left 32 days ago is still there: %+v", s)
	}
}
