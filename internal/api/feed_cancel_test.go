package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFeedCancelledTexts: a cancelled event reads as cancelled even in clients that ignore STATUS
// (its SUMMARY starts with 【已取消】, or "Cancelled: " in English); a parent whose booking ended
// because the coordinator cancelled the session reads that the session was cancelled, not the
// booking; and the reason the system writes when a date leaves the plan is in the feed's
// language, as the notifications say it.
func TestFeedCancelledTexts(t *testing.T) {
	e := newFeedEnv(t)
	programID, sessions := e.class("2026-07-06", "2026-07-09")
	cancelled, dropped, unbooked := sessions[0], sessions[3], sessions[1]
	for _, s := range sessions {
		e.bookings(s.ID, e.Xiaoming)
	}
	parent := e.feedLinks(e.ParentCookie).path()
	program := "/ical/programs/" + programID + ".ics"
	e.Clock.Set(fdNow.Add(time.Hour))
	e.patchSession(cancelled.ID, map[string]any{"status": "cancelled"})
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/programs/"+programID, e.Coord, map[string]any{
		"schedule": ptSchedule("2026-07-06", "2026-07-08", "16:30", "18:00", "all_days")}), nil)
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

	check := func(feed string, ev fdEvent, summary string, inDesc, notInDesc []string) {
		t.Helper()
		if ev["STATUS"] != "CANCELLED" || ev["SUMMARY"] != summary {
			t.Errorf("%s: %s %q, want CANCELLED %q", feed, ev["STATUS"], ev["SUMMARY"], summary)
		}
		for _, s := range inDesc {
			if !strings.Contains(ev["DESCRIPTION"], s) {
				t.Errorf("%s: the description of %q lacks %q: %q", feed, ev["SUMMARY"], s, ev["DESCRIPTION"])
			}
		}
		for _, s := range notInDesc {
			if strings.Contains(ev["DESCRIPTION"], s) {
				t.Errorf("%s: the description of %q says %q: %q", feed, ev["SUMMARY"], s, ev["DESCRIPTION"])
			}
		}
	}
	zh := fdEvents(e.feed(parent).Body)
	check("parent", zh[uid(cancelled.ID)], "【已取消】小明 · "+fdTitle, []string{"本场已取消"}, []string{"你已不在此安排中", "预约取消"})
	check("parent", zh[uid(dropped.ID)], "【已取消】小明 · "+fdTitle, []string{"本场已取消：该日期已不在课程安排中"}, []string{"schedule", "你已不在此安排中"})
	check("parent", zh[uid(unbooked.ID)], "【已取消】小明 · "+fdTitle, []string{"你已不在此安排中"}, []string{"本场已取消"})
	public := fdEvents(e.feed(program).Body)
	check("program", public[uid(dropped.ID)], "【已取消】"+fdTitle, []string{"本场已取消：该日期已不在课程安排中"}, []string{"schedule"})
	check("program", public[uid(cancelled.ID)], "【已取消】"+fdTitle, []string{"本场已取消"}, nil)
	if ev := public[uid(unbooked.ID)]; ev["STATUS"] != "CONFIRMED" || ev["SUMMARY"] != fdTitle {
		t.Errorf("program: the session still held shows %s %q", ev["STATUS"], ev["SUMMARY"])
	}
	one := fdEvents(e.fetch("GET", "/api/v1/sessions/"+dropped.ID+".ics").Body)
	check("download", one[uid(dropped.ID)], "【已取消】"+fdTitle, []string{"本场已取消：该日期已不在课程安排中"}, nil)

	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", e.ParentCookie, map[string]any{"locale": "en"}), nil)
	en := fdEvents(e.feed(parent).Body)
	check("parent in English", en[uid(cancelled.ID)], "Cancelled: 小明 · "+fdTitle, []string{"This session was cancelled"}, []string{"no longer on your schedule"})
	check("parent in English", en[uid(dropped.ID)], "Cancelled: 小明 · "+fdTitle, []string{"This session was cancelled: the date is no longer in the program's schedule"}, nil)
}
