package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestInstantsPastYear9999AreRefused: an instant whose year, in UTC or in the community's time
// zone, is past 9999 cannot be stored or written as RFC 3339. It used to be stored as
// "10000-…", read back as year 1, and make the session's .ics and every later PATCH answer 500.
// Now the change is 400 on its field, nothing is written, and the session still serves.
func TestInstantsPastYear9999AreRefused(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 9, 1, 8, 0))
	res := e.createProgram(ptProgram("event", "居民议事会", ptSchedule("2026-10-17", "2026-10-17", "19:00", "20:00", "all_days")))
	s := e.sessions(e.Coord, "from=2026-09-01&program_id="+res.Program.ID)[0]
	path := "/api/v1/sessions/" + s.ID
	for _, c := range []struct {
		field string
		body  map[string]any
	}{
		{"starts_at", map[string]any{"starts_at": "9999-12-31T20:00:00-08:00"}}, // 10000-01-01T04:00Z
		{"starts_at", map[string]any{"starts_at": "9999-12-31T23:30:00+08:00"}}, // ends 10000-01-01 01:00 in Shanghai
		{"ends_at", map[string]any{"starts_at": "9999-12-31T22:00:00+08:00", "ends_at": "9999-12-31T20:00:00-08:00"}},
		{"starts_at", map[string]any{"starts_at": "0000-01-01T07:00:00+08:00"}},
	} {
		e.mustFail(http.StatusBadRequest, "invalid", c.field, e.call("PATCH", path, e.Coord, c.body))
	}
	for _, at := range []string{"9999-12-31T20:00:00-08:00", "9999-12-31T20:00:00Z"} { // the second is 10000 in Shanghai
		e.mustFail(http.StatusBadRequest, "invalid", "booking_opens_at", e.call("PATCH", "/api/v1/programs/"+res.Program.ID, e.Coord,
			map[string]any{"booking_opens_at": at}))
	}
	if r := e.call("GET", path+".ics", "", nil); r.Status != http.StatusOK {
		t.Fatalf("GET .ics after the refused moves: %d %s", r.Status, r.Body)
	}
	var got struct{ Session ptSession }
	e.must(http.StatusOK, e.call("PATCH", path, e.Coord, map[string]any{"capacity": 25}), &got)
	if got.Session.StartsAt != s.StartsAt {
		t.Fatalf("a refused move moved the session from %s to %s", s.StartsAt, got.Session.StartsAt)
	}

	// The last evening of 9999 in Shanghai may be planned; a check-out given with a far western
	// offset would be 10000 there, and is refused.
	var late struct{ Session ptSession }
	e.must(http.StatusOK, e.call("PATCH", path, e.Coord, map[string]any{"starts_at": "9999-12-31T21:00:00+08:00", "ends_at": "9999-12-31T22:30:00+08:00"}), &late)
	e.register("陈静", "13800000007")
	parent := e.login("13800000007")
	kid := e.addChild(parent, childBody())
	e.exec(`INSERT INTO bookings (id, session_id, child_id, arrival, status, created_at, updated_at)
		VALUES ('0190a2b4-0000-7000-8000-00000000b001', ?, ?, 1, 'confirmed', '2026-09-01T00:00:00.000000Z', '2026-09-01T00:00:00.000000Z')`, s.ID, kid.ID)
	e.mustFail(http.StatusBadRequest, "invalid", "records[0].check_out", e.call("PUT", path+"/attendance", e.Coord, map[string]any{"records": []map[string]any{
		{"child_id": kid.ID, "status": "present", "check_out": "9999-12-31T23:30:00-12:00"}}}))
	if r := e.call("GET", path+"/roster", e.Coord, nil); r.Status != http.StatusOK {
		t.Fatalf("the roster of the last session of 9999: %d %s", r.Status, r.Body)
	}

	// A row stored before the refusal reads as an error the server logs, not as the year 1.
	e.exec(`UPDATE sessions SET starts_at = '10000-01-01T04:00:00.000000Z' WHERE id = ?`, s.ID)
	if r := e.call("GET", path, "", nil); r.Status == http.StatusOK || strings.Contains(string(r.Body), "0001-") {
		t.Fatalf("a session stored in the year 10000 was served: %d %s", r.Status, r.Body)
	}
	if !strings.Contains(e.Logs.String(), "10000-01-01T04:00:00.000000Z") {
		t.Fatalf("the unreadable instant was not logged: %s", e.Logs)
	}

	// A community west of UTC: the last evening of 9999 is already 10000 in UTC.
	var west struct{ Community struct{ ID string } }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities", e.Admin, map[string]any{"name": "西边社区", "timezone": "Pacific/Pago_Pago"}), &west)
	e.mustFail(http.StatusBadRequest, "invalid", "schedule.end_date", e.call("POST", "/api/v1/communities/"+west.Community.ID+"/programs", e.Admin,
		ptProgram("event", "跨年晚会", ptSchedule("9999-12-30", "9999-12-31", "19:00", "20:00", "all_days"))))
	e.must(http.StatusCreated, e.call("POST", "/api/v1/communities/"+west.Community.ID+"/programs", e.Admin,
		ptProgram("event", "跨年晚会", ptSchedule("9999-12-30", "9999-12-30", "10:00", "11:00", "all_days"))), nil)
}
