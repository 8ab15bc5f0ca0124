package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/ical/icaltest"
)

// TestFeedICALJS: what ical.js (Thunderbird's parser), run in New York, finds in every kind of
// feed is the sessions in the database: their UIDs, instants and statuses, a moved session at its
// new time and a cancelled one cancelled.
func TestFeedICALJS(t *testing.T) {
	node := icaltest.Node(t)
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-10")
	moved, cancelled, waiting := sessions[0], sessions[1], sessions[2]
	for _, s := range sessions {
		e.bookings(s.ID, e.Xiaoming)
	}
	e.patchSession(waiting.ID, map[string]any{"capacity": 1})
	e.bookings(waiting.ID, e.Xiaohong)
	e.Clock.Set(fdNow.Add(time.Hour))
	e.patchSession(moved.ID, map[string]any{"starts_at": "2026-07-05T19:00:00+08:00"})
	e.patchSession(cancelled.ID, map[string]any{"status": "cancelled"})
	visit, _ := e.fdVisit()

	// The sessions as the database holds them now.
	stored := e.sessions(e.Coord, "from=2026-07-01")
	status := func(s ptSession) string {
		if s.Status == "cancelled" {
			return "CANCELLED"
		}
		return "CONFIRMED"
	}
	want := func(keep func(ptSession) bool, status func(ptSession) string) []icaltest.Occurrence {
		var out []icaltest.Occurrence
		for _, s := range stored {
			if keep(s) {
				out = append(out, icaltest.Occurrence{UID: uid(s.ID), Status: status(s), TZID: "Asia/Shanghai", StartUTC: utc(t, s.StartsAt), EndUTC: utc(t, s.EndsAt)})
			}
		}
		return out
	}
	isClass := func(s ptSession) bool { return s.ProgramID == programID }
	cases := []struct {
		name, path string
		want       []icaltest.Occurrence
	}{
		{"community", "/ical/communities/" + e.Community + ".ics", want(func(s ptSession) bool { return s.Kind != "neighbor_visit" }, status)},
		{"program", "/ical/programs/" + programID + ".ics", want(isClass, status)},
		{"parent", e.feedLinks(e.ParentCookie).path(), want(isClass, func(s ptSession) string {
			if s.ID == waiting.ID {
				return "CONFIRMED" // 小明 has a seat, 小红 waits: the event holds both
			}
			return status(s)
		})},
		{"teacher", e.feedLinks(e.login("13800000002")).path(), want(isClass, status)},
		{"volunteer", e.feedLinks(e.VolunteerCookie).path(), want(func(s ptSession) bool { return s.ID == visit.ID }, status)},
		{"one session", "/api/v1/sessions/" + moved.ID + ".ics", want(func(s ptSession) bool { return s.ID == moved.ID }, status)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.fetch("GET", c.path)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			fdLint(t, c.name, r.Body)
			got := icaltest.Check(t, node, r.Body)
			byStart := func(a, b icaltest.Occurrence) int { return strings.Compare(a.StartUTC+a.UID, b.StartUTC+b.UID) }
			slices.SortFunc(got, byStart)
			slices.SortFunc(c.want, byStart)
			if !slices.Equal(got, c.want) {
				t.Errorf("ical.js found\n%+v\nthe database holds\n%+v", got, c.want)
			}
		})
	}
	if !slices.ContainsFunc(cases[0].want, func(o icaltest.Occurrence) bool {
		return o.UID == uid(moved.ID) && o.StartUTC == "2026-07-05T11:00:00Z"
	}) ||
		!slices.ContainsFunc(cases[0].want, func(o icaltest.Occurrence) bool { return o.UID == uid(cancelled.ID) && o.Status == "CANCELLED" }) {
		t.Fatal("the scenario lacks the moved or the cancelled session")
	}
}

// utc turns an RFC 3339 instant of the API into the form check.mjs prints.
func utc(t *testing.T, s string) string {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at.UTC().Format(time.RFC3339)
}

// TestFeedICALJSNewYork: a community in a zone with DST whose program meets only in summer gets
// feeds whose VTIMEZONE has both a STANDARD and a DAYLIGHT part (Outlook and ICSx5 misread one
// alone; check.mjs refuses it), and ical.js finds the sessions at their instants in that zone.
func TestFeedICALJSNewYork(t *testing.T) {
	node := icaltest.Node(t)
	e := newFeedEnv(t)
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"timezone": "America/New_York"}), nil)
	res := e.createProgram(ptProgram("event", "Summer reading", ptSchedule("2026-07-06", "2026-07-10", "16:30", "18:00", "all_days")))
	sessions := e.sessions(e.Coord, "program_id="+res.Program.ID+"&from=2026-07-01")
	if len(sessions) != 5 || utc(t, sessions[0].StartsAt) != "2026-07-06T20:30:00Z" {
		t.Fatalf("sessions %+v, want five at 16:30 EDT", sessions)
	}
	var want []icaltest.Occurrence
	for _, s := range sessions {
		want = append(want, icaltest.Occurrence{UID: uid(s.ID), Status: "CONFIRMED", TZID: "America/New_York", StartUTC: utc(t, s.StartsAt), EndUTC: utc(t, s.EndsAt)})
	}
	for name, c := range map[string]struct {
		path string
		want []icaltest.Occurrence
	}{
		"community":   {"/ical/communities/" + e.Community + ".ics", want},
		"program":     {"/ical/programs/" + res.Program.ID + ".ics", want},
		"one session": {"/api/v1/sessions/" + sessions[0].ID + ".ics", want[:1]},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.fetch("GET", c.path)
			if r.Status != http.StatusOK {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			fdLint(t, name, r.Body)
			for _, part := range []string{"BEGIN:STANDARD\r\n", "BEGIN:DAYLIGHT\r\n"} {
				if !strings.Contains(string(r.Body), part) {
					t.Errorf("the VTIMEZONE lacks %s", part)
				}
			}
			got := icaltest.Check(t, node, r.Body)
			byStart := func(a, b icaltest.Occurrence) int { return strings.Compare(a.StartUTC+a.UID, b.StartUTC+b.UID) }
			slices.SortFunc(got, byStart)
			if !slices.Equal(got, c.want) {
				t.Errorf("ical.js found\n%+v\nthe database holds\n%+v", got, c.want)
			}
		})
	}
}
