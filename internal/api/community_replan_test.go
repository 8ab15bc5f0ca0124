package api_test

import (
	"net/http"
	"testing"
)

// TestCommunityCalendarSwitchReplans: a community that moves to a city calendar with a school break
// loses its future after-school sessions in the break, keeps the past ones, and may not change its
// time zone once it has programs.
func TestCommunityCalendarSwitchReplans(t *testing.T) {
	e := newPlanEnv(t, ptAt(2026, 10, 15, 12, 0))
	var city struct{ Calendar ptCalendar }
	e.must(http.StatusCreated, e.call("POST", "/api/v1/calendars", e.Admin, map[string]any{"name": "沈阳市中小学校历", "base_id": "cn"}), &city)
	e.must(http.StatusOK, e.call("PUT", "/api/v1/calendars/"+city.Calendar.ID+"/days", e.Admin, map[string]any{
		"ranges": []any{map[string]any{"from": "2026-10-12", "to": "2026-10-23", "kind": "school_break", "note": "秋假"}},
	}), nil)
	res := e.createProgram(ptProgram("after_school", "四点半课堂", ptSchedule("2026-09-01", "2026-12-31", "16:30", "18:00", "school_days")))
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"calendar_id": city.Calendar.ID}), nil)
	cancelled := 0
	for _, s := range e.sessions("", "program_id="+res.Program.ID+"&from=2026-09-01") {
		inBreak := s.Date() >= "2026-10-15" && s.Date() <= "2026-10-23"
		if inBreak != (s.Status == "cancelled") {
			t.Errorf("session of %s is %s after the switch", s.Date(), s.Status)
		}
		if s.Status == "cancelled" {
			cancelled++
		}
	}
	if cancelled != 7 {
		t.Errorf("%d sessions cancelled, want the 7 school days of 10/15–10/23", cancelled)
	}
	e.mustFail(http.StatusConflict, "conflict", "timezone", e.call("PATCH", "/api/v1/communities/"+e.Community, e.Coord, map[string]any{"timezone": "Asia/Urumqi"}))
}
