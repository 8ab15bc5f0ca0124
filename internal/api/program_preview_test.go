package api_test

import (
	"net/http"
	"testing"
)

// TestProgramPreview: PATCH ?dry_run=true answers what the change would do to future sessions
// (added, moved, cancelled; bookings and families on them) and writes nothing; the same change
// saved does exactly that. DELETE ?reason= tells the families the coordinator's reason.
func TestProgramPreview(t *testing.T) {
	e := newBookingEnv(t)
	// Six days 2026-07-06 … 07-11, all days, 09:00–11:00.
	ids := e.class(10, "2026-07-11")
	fam := e.families(2, "2019-03-01", "2018-04-01")
	// Family 0 books both children on 07-06 (moved) and 07-11 (cancelled); family 1 one child on 07-07 (moved).
	for _, sid := range []string{ids[0], ids[5]} {
		e.booked(fam[0].Cookie, map[string]any{"child_ids": fam[0].Children, "session_id": sid})
	}
	e.booked(fam[1].Cookie, map[string]any{"child_id": fam[1].Children[0], "session_id": ids[1]})
	var prog struct {
		Items []struct {
			ProgramID string `json:"program_id"`
		}
	}
	e.must(http.StatusOK, e.call("GET", "/api/v1/sessions?from=2026-07-06&limit=1", "", nil), &prog)
	path := "/api/v1/programs/" + prog.Items[0].ProgramID
	change := map[string]any{"schedule": ptSchedule("2026-07-06", "2026-07-12", "14:00", "16:00", "all_days", "except_dates", []string{"2026-07-11"})}

	before := e.count("sessions")
	var dry struct {
		Program struct {
			Schedule struct {
				StartTime string `json:"start_time"`
			}
		}
		Preview map[string]int
	}
	e.must(http.StatusOK, e.call("PATCH", path+"?dry_run=true", e.Coord, change), &dry)
	want := map[string]int{"sessions_added": 1, "sessions_moved": 5, "sessions_cancelled": 1, "bookings_affected": 5, "families_affected": 2}
	for k, v := range want {
		if dry.Preview[k] != v {
			t.Errorf("preview %s = %d, want %d (%v)", k, dry.Preview[k], v, dry.Preview)
		}
	}
	if dry.Program.Schedule.StartTime != "14:00" {
		t.Errorf("the preview shows the program as %+v, want the changed one", dry.Program)
	}
	after := byDate(e.sessions(e.Coord, "program_id="+prog.Items[0].ProgramID))
	if e.count("sessions") != before || after["2026-07-06"].StartsAt[11:16] != "09:00" || after["2026-07-11"].Status != "scheduled" {
		t.Errorf("the dry run changed the sessions: %d sessions, %+v", e.count("sessions"), after)
	}
	if n := e.count("notifications"); n != 0 {
		t.Errorf("the dry run notified %d times", n)
	}
	e.mustFail(http.StatusBadRequest, "invalid", "dry_run", e.call("PATCH", path+"?dry_run=yes", e.Coord, change))

	var saved struct {
		SessionsCreated   int `json:"sessions_created"`
		SessionsCancelled int `json:"sessions_cancelled"`
	}
	e.must(http.StatusOK, e.call("PATCH", path, e.Coord, change), &saved)
	if saved.SessionsCreated != 1 || saved.SessionsCancelled != 1 {
		t.Errorf("saved: %+v, want the preview's 1 added and 1 cancelled", saved)
	}

	// Discontinued with a reason: the families read it on the cancelled sessions.
	e.must(http.StatusNoContent, e.call("DELETE", path+"?reason=老师调走了", e.Coord, nil), nil)
	for _, s := range e.sessions(e.Coord, "program_id="+prog.Items[0].ProgramID) {
		if s.Date() == "2026-07-11" {
			continue // left the plan before
		}
		if s.Status != "cancelled" || s.CancelReason != "老师调走了" {
			t.Errorf("session %s: %s %q, want cancelled with the reason", s.Date(), s.Status, s.CancelReason)
		}
	}
}
