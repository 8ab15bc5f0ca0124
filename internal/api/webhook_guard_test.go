package api_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/linli/linli/internal/api"
)

// fixedResolver resolves every name to its addresses.
type fixedResolver []netip.Addr

func (r fixedResolver) LookupNetIP(context.Context, string, string) ([]netip.Addr, error) {
	return r, nil
}

// TestWebhookURLsMustBePublic: without --allow-private-webhooks, a webhook whose host is or
// resolves to a loopback, link-local, private or multicast address is 400 on url and not created.
func TestWebhookURLsMustBePublic(t *testing.T) {
	e, _ := startServer(t, serverOptions{server: func(s *api.Server) {
		s.AllowPrivateWebhooks = false
		s.Resolver = fixedResolver{netip.MustParseAddr("192.168.10.2")}
	}})
	hook := func(url string) map[string]any {
		return map[string]any{"url": url, "events": []string{"session_cancelled"}, "secret": "the-gateway-secret-1234"}
	}
	for _, url := range []string{"http://127.0.0.1:9/sms", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/hook",
		"http://[::1]:8080/", "http://224.0.0.251/", "https://intranet.example.cn/hook"} {
		e.mustFail(400, "invalid", "url", e.call("POST", "/api/v1/webhooks", e.Admin, hook(url)))
	}
	if n := e.count("webhooks"); n != 0 {
		t.Fatalf("%d webhooks created to internal addresses", n)
	}
	e.Server.Resolver = fixedResolver{netip.MustParseAddr("203.0.113.20")}
	e.must(201, e.call("POST", "/api/v1/webhooks", e.Admin, hook("https://sms.example.cn/hook")), nil)

	allowed, _ := startServer(t, serverOptions{})
	allowed.must(201, allowed.call("POST", "/api/v1/webhooks", allowed.Admin, hook("http://127.0.0.1:9/sms")), nil)
}
