package api_test

import (
	"net/http"
	"testing"
	"time"
)

// TestFeedStampsWithinASecond: LAST-MODIFIED has one-second resolution and ICSx5 updates an event
// only when it changes, so every change of an event moves it, even several within one second
// and from different sources (the session, the user's booking, the program): each is stamped
// max(now, previous + 1 s).
func TestFeedStampsWithinASecond(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-07")
	s := sessions[0]
	parent := e.feedLinks(e.ParentCookie).path()
	teacher := e.feedLinks(e.login("13800000002")).path()
	program := "/ical/programs/" + programID + ".ics"
	e.bookings(s.ID, e.Xiaoming)
	feeds := map[string]string{"parent": parent, "teacher": teacher, "program": program}
	last := map[string]string{}
	for name, path := range feeds {
		last[name] = e.state(path, s.ID).modified
	}
	rose := func(what string, names ...string) {
		t.Helper()
		for _, name := range names {
			now := e.state(feeds[name], s.ID)
			if !now.present || now.modified <= last[name] {
				t.Errorf("%s: %s's LAST-MODIFIED %s after %s; want it later", what, name, now.modified, last[name])
			}
			last[name] = now.modified
		}
	}

	// Five changes within one second: 10:00:00.100 to 10:00:00.900 China time.
	at := fdNow.Add(time.Hour + 100*time.Millisecond)
	e.Clock.Set(at)
	e.patchSession(s.ID, map[string]any{"starts_at": "2026-07-06T17:00:00+08:00"})
	rose("moved", "parent", "teacher", "program")
	e.Clock.Set(at.Add(200 * time.Millisecond))
	e.patchSession(s.ID, map[string]any{"starts_at": "2026-07-06T17:30:00+08:00"})
	rose("moved again in the same second", "parent", "teacher", "program")
	e.Clock.Set(at.Add(400 * time.Millisecond))
	e.bookings(s.ID, e.Xiaohong)
	rose("a second child booked in the same second", "parent")
	e.Clock.Set(at.Add(600 * time.Millisecond))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/programs/"+programID, e.Coord, map[string]any{"description": "改为室内上课"}), nil)
	rose("the program's description changed in the same second", "parent", "teacher", "program")
	e.Clock.Set(at.Add(800 * time.Millisecond))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/children/"+e.Xiaoming, e.ParentCookie, map[string]any{"name": "张晓明"}), nil)
	rose("a child renamed in the same second", "parent")

	// A change a minute later is stamped with its own time again.
	e.Clock.Set(at.Add(time.Minute))
	e.patchSession(s.ID, map[string]any{"capacity": 30})
	rose("changed a minute later", "parent", "program")
	if want := at.Add(time.Minute).UTC().Format("20060102T150405Z"); last["program"] != want || last["parent"] != want {
		t.Errorf("a minute later the stamps are %s and %s, want the clock's %s", last["program"], last["parent"], want)
	}
}

// TestFeedLastModified: a feed's HTTP Last-Modified is its newest event's LAST-MODIFIED, and
// never later than the answer's Date: when the newest stamp lies ahead of the clock (two changes
// in one second), the answer waits for that second, at most a second.
func TestFeedLastModified(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-08")
	parent := e.feedLinks(e.ParentCookie).path()
	e.bookings(sessions[1].ID, e.Xiaoming)
	paths := []string{parent, "/ical/communities/" + e.Community + ".ics", "/ical/programs/" + programID + ".ics", "/api/v1/sessions/" + sessions[1].ID + ".ics"}
	newest := func(body []byte) time.Time {
		var max time.Time
		for _, ev := range fdEvents(body) {
			at, err := time.Parse("20060102T150405Z", ev["LAST-MODIFIED"])
			if err != nil {
				t.Fatalf("LAST-MODIFIED %q: %v", ev["LAST-MODIFIED"], err)
			}
			if at.After(max) {
				max = at
			}
		}
		return max
	}
	check := func(when string, wantDate time.Time) {
		t.Helper()
		for _, p := range paths {
			r := e.fetch("GET", p)
			lm, err1 := http.ParseTime(r.Header.Get("Last-Modified"))
			date, err2 := http.ParseTime(r.Header.Get("Date"))
			if r.Status != http.StatusOK || err1 != nil || err2 != nil {
				t.Fatalf("%s: GET %s: %d, Last-Modified %q, Date %q", when, p, r.Status, r.Header.Get("Last-Modified"), r.Header.Get("Date"))
			}
			if want := newest(r.Body); !lm.Equal(want) || lm.After(date) || !date.Equal(wantDate) {
				t.Errorf("%s: %s: Last-Modified %v, Date %v; want the newest LAST-MODIFIED %v, dated %v", when, p, lm, date, want, wantDate)
			}
			if nm := e.fetch("GET", p, "If-Modified-Since", r.Header.Get("Last-Modified")); nm.Status != http.StatusNotModified {
				t.Errorf("%s: %s: If-Modified-Since its Last-Modified: %d", when, p, nm.Status)
			}
		}
	}
	at := fdNow.Add(time.Hour)
	e.Clock.Set(at)
	e.patchSession(sessions[1].ID, map[string]any{"starts_at": "2026-07-07T17:00:00+08:00"})
	e.Clock.Set(at.Add(2 * time.Minute))
	check("two minutes after a change", at.Add(2*time.Minute))

	// Two changes at 11:05:00.200 and .500: the second is stamped 11:05:01, ahead of the clock.
	second := at.Add(5 * time.Minute)
	e.Clock.Set(second.Add(200 * time.Millisecond))
	e.patchSession(sessions[1].ID, map[string]any{"starts_at": "2026-07-07T17:30:00+08:00"})
	e.Clock.Set(second.Add(500 * time.Millisecond))
	e.patchSession(sessions[1].ID, map[string]any{"starts_at": "2026-07-07T18:00:00+08:00"})
	check("a stamp ahead of the clock", second.Add(time.Second))
}
