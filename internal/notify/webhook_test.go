package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
)

const secret = "s3cret-of-the-city-gateway"

// received is one request a receiver got.
type received struct {
	Header  http.Header
	Body    []byte
	Payload linli.WebhookPayload
}

// receiver is a gateway on 127.0.0.1 that answers the n-th request (from 1) with answer(n):
// a status, or 0 to hang until the sender gives up.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	answer func(n int) int
}

func newReceiver(t testing.TB, answer func(n int) int) *receiver {
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p linli.WebhookPayload
		if err := json.Unmarshal(body, &p); err != nil {
			t.Errorf("payload %s: %v", body, err)
		}
		rc.mu.Lock()
		rc.got = append(rc.got, received{r.Header.Clone(), body, p})
		status := rc.answer(len(rc.got))
		rc.mu.Unlock()
		if status == 0 {
			<-r.Context().Done()
			return
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// requests returns what the receiver got so far.
func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// perDelivery counts the requests per delivery id.
func (rc *receiver) perDelivery() map[string]int {
	n := map[string]int{}
	for _, r := range rc.requests() {
		n[r.Header.Get(notify.HeaderDelivery)]++
	}
	return n
}

func always(status int) func(int) int { return func(int) int { return status } }

// worker returns a worker on db posting to rc, on the fixture's clock, without jitter, allowed
// to call private addresses: rc listens on 127.0.0.1.
func (f *fixture) worker(db *storage.DB, rc *receiver, id string) *notify.Worker {
	w := notify.New(storage.Outbox{DB: db}, slog.New(slog.DiscardHandler))
	w.Now, w.ID, w.AllowPrivate = f.Clock.Now, id, true
	w.Jitter = func() float64 { return 0 }
	return w
}

// subscribe creates a webhook to rc for kinds.
func (f *fixture) subscribe(rc *receiver, kinds ...string) *linli.Webhook {
	f.t.Helper()
	w, err := storage.Notifications{DB: f.DB}.CreateWebhook(f.ctx, f.Admin, linli.Given(linli.NewWebhook{URL: rc.URL + "/linli", Events: kinds, Secret: secret}))
	if err != nil {
		f.t.Fatal(err)
	}
	return w
}

// deliveries lists a webhook's deliveries with a status.
func (f *fixture) deliveries(hook *linli.Webhook, status string) []linli.Delivery {
	f.t.Helper()
	items, _, err := storage.Notifications{DB: f.DB}.FindDeliveries(f.ctx, f.Admin, hook.ID, linli.Given(linli.DeliveryFilter{Status: status, Page: linli.Page{Limit: 500}}))
	if err != nil {
		f.t.Fatal(err)
	}
	return items
}

func TestWebhookPostsSignedPayloadsInTheRecipientsLanguage(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rc := newReceiver(t, always(http.StatusNoContent))
	hook := f.subscribe(rc, linli.NoticeSessionCancelled, linli.NoticeShiftTomorrow)
	other := f.subscribe(rc, linli.NoticeBookingPromoted)
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh, f.En)+", "+daily(8, 1, "09:00", "11:00"))
	f.cancel(shift[0].ID)

	w := f.worker(f.DB, rc, "w1")
	if n, err := w.Deliver(f.ctx); n != 2 || err != nil {
		t.Fatalf("Deliver = %d, %v; want the 2 notifications of the cancellation", n, err)
	}
	want := map[string][2]string{ // login → title, a date in the body
		f.Zh.Login: {"活动取消：社区清洁", "7月8日（周三）09:00–11:00"},
		f.En.Login: {"Cancelled: 社区清洁", "Wed 8 Jul 09:00–11:00"},
	}
	for _, r := range rc.requests() {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(r.Body)
		sig := r.Header.Get(notify.HeaderSignature)
		if sig != "sha256="+hex.EncodeToString(mac.Sum(nil)) || !notify.Verify(secret, r.Body, sig) {
			t.Errorf("signature %q does not verify over the body", sig)
		}
		p := r.Payload
		if r.Header.Get(notify.HeaderDelivery) != p.DeliveryID || p.DeliveryID == "" || r.Header.Get(notify.HeaderEvent) != "session_cancelled" {
			t.Errorf("headers %v do not match payload %+v", r.Header, p)
		}
		if ts, _ := strconv.ParseInt(r.Header.Get(notify.HeaderTimestamp), 10, 64); ts != at(6, 10, 0).Unix() || !p.SentAt.Equal(at(6, 10, 0)) {
			t.Errorf("timestamp %q and sent_at %s, want the clock's %s", r.Header.Get(notify.HeaderTimestamp), p.SentAt, at(6, 10, 0))
		}
		exp, ok := want[p.Recipient.Login]
		if !ok || p.Event != "session_cancelled" || p.Notification.Title != exp[0] || !strings.Contains(p.Notification.Body, exp[1]) ||
			p.Notification.SessionID != shift[0].ID || p.Data.Reason != "暴雨预警" {
			t.Errorf("payload %+v, want for %s title %q and %q", p, p.Recipient.Login, exp[0], exp[1])
		}
		delete(want, p.Recipient.Login)
	}
	if len(want) != 0 || len(rc.requests()) != 2 {
		t.Errorf("%d requests; not posted for %v", len(rc.requests()), want)
	}
	if n, _ := w.Deliver(f.ctx); n != 0 || len(rc.requests()) != 2 {
		t.Errorf("a second round claimed %d and posted %d in all; a delivered delivery is never sent again", n, len(rc.requests()))
	}
	if got := f.deliveries(hook, "delivered"); len(got) != 2 || got[0].Attempts != 1 || got[0].LastStatus != 204 || got[0].DeliveredAt == nil {
		t.Errorf("delivered: %+v", got)
	}
	if got := f.deliveries(other, ""); len(got) != 0 {
		t.Errorf("a webhook not subscribed to cancellations got %+v", got)
	}
}

func TestWebhookRetriesAfterFailuresAndTimeoutsWithGrowingDelays(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	// 500, no answer, 502, then 200.
	rc := newReceiver(t, func(n int) int { return []int{500, 0, 502, 200}[min(n, 4)-1] })
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(8, 1, "09:00", "11:00"))
	f.cancel(shift[0].ID)
	w := f.worker(f.DB, rc, "w1")
	w.Timeout = 100 * time.Millisecond
	w.Jitter = func() float64 { return 0.5 }

	now := at(6, 10, 0)
	for i, tc := range []struct {
		wait    time.Duration // until the next attempt: 1, 2, 4 min plus half a quarter
		status  int
		errText string
	}{
		{time.Minute + 7500*time.Millisecond, 500, "answered 500 Internal Server Error"},
		{2*time.Minute + 15*time.Second, 0, "no answer within 100ms"},
		{4*time.Minute + 30*time.Second, 502, "answered 502 Bad Gateway"},
	} {
		if n, err := w.Deliver(f.ctx); n != 1 || err != nil {
			t.Fatalf("attempt %d: Deliver = %d, %v", i+1, n, err)
		}
		p := f.deliveries(hook, "pending")
		if len(p) != 1 || p[0].Attempts != i+1 || p[0].LastStatus != tc.status || p[0].LastError != tc.errText ||
			p[0].NextAttemptAt == nil || !p[0].NextAttemptAt.Equal(now.Add(tc.wait)) {
			t.Fatalf("after attempt %d: %+v; want a retry at %s", i+1, p, now.Add(tc.wait))
		}
		f.Clock.Set(now.Add(tc.wait - time.Second))
		if n, _ := w.Deliver(f.ctx); n != 0 {
			t.Fatalf("attempt %d retried a second early", i+1)
		}
		now = now.Add(tc.wait)
		f.Clock.Set(now)
	}
	if n, err := w.Deliver(f.ctx); n != 1 || err != nil {
		t.Fatalf("last attempt: %d, %v", n, err)
	}
	ids := rc.perDelivery()
	if d := f.deliveries(hook, "delivered"); len(d) != 1 || d[0].Attempts != 4 || len(ids) != 1 || ids[d[0].ID] != 4 {
		t.Errorf("delivered %+v after requests %v; want one delivery id tried 4 times", d, ids)
	}
}

func TestWebhookGivesUpAfterADayAndListsTheFailure(t *testing.T) {
	start := at(6, 10, 0)
	f := newFixture(t, start)
	rc := newReceiver(t, always(http.StatusServiceUnavailable))
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(8, 1, "09:00", "11:00"))
	f.cancel(shift[0].ID)
	w := f.worker(f.DB, rc, "w1")
	w.Jitter = func() float64 { return 0.999 }
	for range 100 {
		if _, err := w.Deliver(f.ctx); err != nil {
			t.Fatal(err)
		}
		p := f.deliveries(hook, "pending")
		if len(p) == 0 {
			break
		}
		f.Clock.Set(*p[0].NextAttemptAt)
	}
	failed := f.deliveries(hook, "failed")
	if len(failed) != 1 || failed[0].LastStatus != 503 || failed[0].Attempts < 20 {
		t.Fatalf("failed deliveries %+v; want the one given up after about 25 attempts", failed)
	}
	if last := f.Clock.Now(); last.Before(start.Add(22*time.Hour)) || last.After(start.Add(linli.WebhookRetryFor)) {
		t.Errorf("last attempt at %s: not near a day after %s", last, start)
	}
	if len(rc.requests()) != failed[0].Attempts {
		t.Errorf("%d requests for %d attempts", len(rc.requests()), failed[0].Attempts)
	}
	if in := f.inbox(f.Zh); len(in) != 1 {
		t.Errorf("the inbox does not depend on the gateway: %+v", in)
	}
}

func TestTwoWorkersOnOneDatabaseDeliverEachDeliveryOnce(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rc := newReceiver(t, func(int) int { time.Sleep(2 * time.Millisecond); return http.StatusOK })
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	shifts := f.program("volunteer_shift", "社区清洁", staffed(f.Zh, f.En)+", "+daily(8, 20, "09:00", "11:00"))
	// One by one: one change of many sessions of a program would tell each person once.
	for _, s := range shifts {
		f.cancel(s.ID)
	}
	// Two server processes: two handles on the file, each with its own worker.
	workers := []*notify.Worker{f.worker(f.DB, rc, "server-a"), f.worker(f.open(), rc, "server-b")}
	claimed := make([]int, 2)
	var wg sync.WaitGroup
	startLine := make(chan struct{})
	for i, w := range workers {
		w.Batch = 3
		wg.Go(func() {
			<-startLine
			for {
				n, err := w.Deliver(context.Background())
				if err != nil {
					t.Error(err)
				}
				if n == 0 {
					return
				}
				claimed[i] += n
			}
		})
	}
	close(startLine)
	wg.Wait()
	ids := rc.perDelivery()
	if len(ids) != 40 || claimed[0]+claimed[1] != 40 || claimed[0] == 0 || claimed[1] == 0 {
		t.Fatalf("%d delivery ids posted, claims %v; want 40 shared by both workers", len(ids), claimed)
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("delivery %s posted %d times", id, n)
		}
	}
	if d := f.deliveries(hook, "delivered"); len(d) != 40 {
		t.Errorf("%d delivered, want 40", len(d))
	}
}

func TestAnExpiredLeaseIsTakenOverAndTheLateOutcomeIgnored(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rc := newReceiver(t, always(http.StatusOK))
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(8, 1, "09:00", "11:00"))
	f.cancel(shift[0].ID)
	// Server A claims the delivery and stalls (or dies) before recording anything.
	outboxA := storage.Outbox{DB: f.DB}
	stalled, err := outboxA.ClaimDeliveries(f.ctx, "server-a", notify.DefaultLease, 10)
	if err != nil || len(stalled) != 1 {
		t.Fatalf("claim: %v, %v", stalled, err)
	}
	b := f.worker(f.open(), rc, "server-b")
	if n, _ := b.Deliver(f.ctx); n != 0 {
		t.Fatal("server B took a delivery while A's lease ran")
	}
	f.Clock.Set(at(6, 10, 0).Add(notify.DefaultLease + time.Second))
	if n, err := b.Deliver(f.ctx); n != 1 || err != nil {
		t.Fatalf("after the lease: %d, %v", n, err)
	}
	// A wakes up and reports a failure: B's success stands.
	if err := outboxA.FinishDelivery(f.ctx, "server-a", stalled[0].ID, linli.DeliveryOutcome{Status: 500, RetryAt: at(6, 11, 0)}); err != nil {
		t.Fatal(err)
	}
	if d := f.deliveries(hook, "delivered"); len(d) != 1 || d[0].Attempts != 1 || d[0].LastStatus != 200 {
		t.Errorf("deliveries %+v; want B's one success", d)
	}
}
