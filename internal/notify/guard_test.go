package notify_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
	"github.com/linli/linli/internal/notify"
	"github.com/linli/linli/internal/storage"
)

// TestWebhookRefusesInternalAddressAtConnection: a webhook stored with an internal address (or a
// name that resolves to one by the time of delivery) is never called unless private webhooks are
// allowed: the connection itself is refused.
func TestWebhookRefusesInternalAddressAtConnection(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	rc := newReceiver(t, always(http.StatusNoContent))
	byName := strings.Replace(rc.URL, "127.0.0.1", "localhost", 1) + "/linli"
	hooks := []*linli.Webhook{f.subscribe(rc, linli.NoticeSessionCancelled)}
	h, err := storage.Notifications{DB: f.DB}.CreateWebhook(f.ctx, f.Admin, linli.Given(linli.NewWebhook{URL: byName, Events: []string{linli.NoticeSessionCancelled}, Secret: secret}))
	if err != nil {
		t.Fatal(err)
	}
	hooks = append(hooks, h)
	shift := f.program("volunteer_shift", "社区清洁", staffed(f.Zh, f.En)+", "+daily(8, 1, "09:00", "11:00"))
	f.cancel(shift[0].ID)

	w := notify.New(storage.Outbox{DB: f.DB}, slog.New(slog.DiscardHandler))
	w.Now = f.Clock.Now
	if _, err := w.Deliver(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(rc.requests()); n != 0 {
		t.Fatalf("the receiver on 127.0.0.1 got %d posts without --allow-private-webhooks", n)
	}
	for _, hook := range hooks {
		p := f.deliveries(hook, "pending")
		if len(p) == 0 || !strings.Contains(p[0].LastError, "refused to connect") {
			t.Fatalf("deliveries of %s: %+v; want a refused connection", hook.URL, p)
		}
	}
	// With the flag, the same deliveries go through on their next attempt.
	allowed := notify.New(storage.Outbox{DB: f.DB}, slog.New(slog.DiscardHandler))
	f.Clock.Set(f.Clock.Now().Add(time.Hour))
	allowed.Now, allowed.AllowPrivate = f.Clock.Now, true
	if _, err := allowed.Deliver(f.ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(rc.requests()); n == 0 {
		t.Fatal("with --allow-private-webhooks the receiver got nothing")
	}
}

// staticResolver answers every name with its addresses.
type staticResolver []netip.Addr

func (r staticResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return r, nil
}

func TestCheckURL(t *testing.T) {
	public := staticResolver{netip.MustParseAddr("203.0.113.10")}
	internal := staticResolver{netip.MustParseAddr("203.0.113.10"), netip.MustParseAddr("10.1.2.3")}
	for _, c := range []struct {
		url string
		r   notify.Resolver
		ok  bool
	}{
		{"https://gw.example.cn/hook", public, true},
		{"https://203.0.113.10/hook", public, true},
		{"https://[2001:db8::1]/hook", public, true},
		{"https://gw.example.cn/hook", internal, false},
		{"http://127.0.0.1:8080/", public, false},
		{"http://169.254.169.254/latest/meta-data/", public, false},
		{"http://10.0.0.1/", public, false},
		{"http://172.16.5.4/", public, false},
		{"http://192.168.1.1/", public, false},
		{"http://100.64.0.1/", public, false},
		{"http://0.0.0.0/", public, false},
		{"http://224.0.0.1/", public, false},
		{"http://[::1]/", public, false},
		{"http://[fe80::1]/", public, false},
		{"http://[fd00::1]/", public, false},
		{"http://[::ffff:127.0.0.1]/", public, false},
	} {
		err := notify.CheckURL(context.Background(), c.r, c.url)
		if (err == nil) != c.ok || (err != nil && linli.ErrorField(err) != "url") {
			t.Errorf("CheckURL(%s) = %v; want ok=%v", c.url, err, c.ok)
		}
	}
}
