package linli

import (
	"strings"
	"testing"
	"time"
)

func TestRetryAfterGrowsThenCaps(t *testing.T) {
	for _, tc := range []struct {
		n      int
		jitter float64
		want   time.Duration
	}{
		{1, 0, time.Minute},
		{2, 0, 2 * time.Minute},
		{3, 0, 4 * time.Minute},
		{6, 0, 32 * time.Minute},
		{7, 0, time.Hour},
		{40, 0, time.Hour},
		{1, 0.5, time.Minute + 7500*time.Millisecond}, // a quarter of the wait, halved
		{7, 0.999, time.Hour + 14*time.Minute + 59*time.Second + 100*time.Millisecond},
	} {
		if got := RetryAfter(tc.n, tc.jitter); got.Round(100*time.Millisecond) != tc.want {
			t.Errorf("RetryAfter(%d, %v) = %v, want %v", tc.n, tc.jitter, got, tc.want)
		}
	}
}

func TestNextAttemptGivesUpAfterADay(t *testing.T) {
	first := time.Date(2026, 7, 6, 10, 0, 0, 0, time.UTC)
	now, attempts := first, 0
	for {
		attempts++
		next, ok := NextAttempt(first, now, attempts, 0.999)
		if !ok {
			break
		}
		if !next.After(now) || next.After(first.Add(WebhookRetryFor)) {
			t.Fatalf("attempt %d at %s: next %s is not within the day", attempts, now, next)
		}
		now = next
	}
	if now.Before(first.Add(WebhookRetryFor - 2*WebhookMaxRetry)) {
		t.Errorf("gave up at %s, long before a day had passed", now)
	}
	if attempts < 20 || attempts > 40 {
		t.Errorf("%d attempts in a day; want about 25 (1, 2, 4 … 64 min, then hourly)", attempts)
	}
}

func TestNewWebhookValidate(t *testing.T) {
	ok := NewWebhook{URL: "https://gw.example.cn/linli", Events: []string{NoticeBookingPromoted}, Secret: "0123456789abcdef"}
	for _, tc := range []struct {
		edit  func(*NewWebhook)
		field string
	}{
		{func(w *NewWebhook) {}, ""},
		{func(w *NewWebhook) { w.URL = "http://127.0.0.1:8080/hook" }, ""},
		{func(w *NewWebhook) { w.Secret = strings.Repeat("密", 16) }, ""},
		{func(w *NewWebhook) { w.URL = "ftp://gw.example.cn/" }, "url"},
		{func(w *NewWebhook) { w.URL = "/relative" }, "url"},
		{func(w *NewWebhook) { w.URL = "https://user:pw@gw.example.cn/" }, "url"},
		{func(w *NewWebhook) { w.URL = "" }, "url"},
		{func(w *NewWebhook) { w.Events = nil }, "events"},
		{func(w *NewWebhook) { w.Events = []string{"booking_promoted", "nope"} }, "events[1]"},
		{func(w *NewWebhook) { w.Events = []string{"session_moved", "session_moved"} }, "events[1]"},
		{func(w *NewWebhook) { w.Secret = "short" }, "secret"},
		{func(w *NewWebhook) { w.Secret = "0123456789abcde" }, "secret"},
	} {
		w := ok
		w.Events = append([]string(nil), ok.Events...)
		tc.edit(&w)
		err := w.Validate()
		if ErrorField(err) != tc.field || (tc.field != "") != (err != nil) {
			t.Errorf("%+v: error %v, want one on %q", w, err, tc.field)
		}
	}
}
