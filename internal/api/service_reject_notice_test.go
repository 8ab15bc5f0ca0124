package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestRejectedHoursTellTheVolunteer: when a coordinator rejects a volunteer's hours, the volunteer
// hears of it in the inbox, in their language, with the session, the day, the hours and the
// coordinator's note, and the webhooks subscribed to service_rejected get it (an SMS gateway),
// written in the same transaction. Rejecting again with the same note tells nobody twice; a new
// note is told. The coordinator who rejected is not told.
func TestRejectedHoursTellTheVolunteer(t *testing.T) {
	e := newVolunteerEnv(t, ptAt(2026, 9, 1, 9, 0))
	e.must(http.StatusCreated, e.call("POST", "/api/v1/webhooks", e.Admin, map[string]any{"url": "http://127.0.0.1:9/sms",
		"events": []string{"service_rejected"}, "secret": "the-sms-gateway-secret"}), nil)
	sat := e.shift("周六社区环境整治", "2026-09-05", "2026-09-05", 5)["2026-09-05"]
	e.must(http.StatusCreated, e.signup(e.VolunteerCookie, sat.ID, nil), nil)
	e.Clock.Set(ptAt(2026, 9, 5, 12, 0))
	var recorded struct{ Records []struct{ ID string } }
	e.must(http.StatusOK, e.call("PUT", "/api/v1/sessions/"+sat.ID+"/service", e.Coord, map[string]any{"records": []map[string]any{
		{"user_id": e.Volunteer, "check_in": "2026-09-05T09:00:00+08:00", "check_out": "2026-09-05T10:30:00+08:00"}}}), &recorded)
	rec := recorded.Records[0].ID
	type inbox struct {
		Items []struct {
			Kind, Title, Body string
			SessionID         string `json:"session_id"`
		}
		UnreadCount int `json:"unread_count"`
	}
	read := func(cookie string) inbox {
		var in inbox
		e.must(http.StatusOK, e.call("GET", "/api/v1/me/notifications", cookie, nil), &in)
		return in
	}
	if n := len(read(e.VolunteerCookie).Items); n != 0 {
		t.Fatalf("the volunteer has %d notifications before any rejection", n)
	}
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+rec+"/reject", e.Coord, map[string]any{"note": "当天没有签到"}), nil)
	got := read(e.VolunteerCookie)
	if len(got.Items) != 1 || got.UnreadCount != 1 {
		t.Fatalf("the volunteer was not told of the rejection: %+v", got)
	}
	n := got.Items[0]
	for _, want := range []string{"服务时长", "周六社区环境整治", "9月5日", "1.5小时", "当天没有签到"} {
		if n.Kind != "service_rejected" || !strings.Contains(n.Title+n.Body, want) || n.SessionID != sat.ID {
			t.Fatalf("the rejection notice %+v does not say %q", n, want)
		}
	}
	if strings.Contains(n.Title+n.Body, "课") {
		t.Errorf("a shift's rejection speaks of a class: %+v", n)
	}
	if c := len(read(e.Coord).Items); c != 0 {
		t.Errorf("the coordinator who rejected was told (%d notifications)", c)
	}
	if d := e.count("webhook_deliveries"); d != 1 {
		t.Fatalf("%d webhook deliveries queued for the rejection, want 1", d)
	}
	// The same rejection again (a retry) says nothing new; a changed note is told, in English now.
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+rec+"/reject", e.Coord, map[string]any{"note": "当天没有签到"}), nil)
	if c := len(read(e.VolunteerCookie).Items); c != 1 {
		t.Fatalf("the same rejection told the volunteer again (%d notifications)", c)
	}
	e.must(http.StatusOK, e.call("PATCH", "/api/v1/me", e.VolunteerCookie, map[string]any{"locale": "en"}), nil)
	e.must(http.StatusOK, e.call("POST", "/api/v1/service/"+rec+"/reject", e.Coord, map[string]any{"note": "签到表上没有您的名字"}), nil)
	got = read(e.VolunteerCookie)
	if len(got.Items) != 2 || !strings.Contains(got.Items[0].Title, "Hours not approved") || !strings.Contains(got.Items[0].Body, "1.5 hours") ||
		!strings.Contains(got.Items[0].Body, "签到表上没有您的名字") || !strings.Contains(got.Items[0].Body, "5 Sep") {
		t.Fatalf("the new note was not told in English: %+v", got.Items)
	}
	if d := e.count("webhook_deliveries"); d != 2 {
		t.Fatalf("%d webhook deliveries queued, want 2", d)
	}
}
