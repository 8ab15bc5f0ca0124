package notify

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/linli/linli/internal/linli"
)

// notPublic are the ranges beyond the private, loopback, link-local, multicast and unspecified
// ones of netip that no webhook may reach: "this network", carrier-grade NAT and broadcast.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("255.255.255.255/32"),
}

// Internal reports whether a is an address a webhook may not call unless the server allows
// private webhooks: loopback, link-local, private, multicast, unspecified and the like. Such
// addresses reach the server itself, its cloud's metadata service or the operator's own network.
func Internal(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsMulticast() || a.IsPrivate() || a.IsUnspecified() || !a.IsValid() {
		return true
	}
	for _, p := range notPublic {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Resolver finds the addresses of a host name; *net.Resolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// CheckURL refuses, as a 400 on url, a webhook URL whose host is, or resolves to, an internal
// address. A name that does not resolve (yet) passes: the check at connection time still holds.
func CheckURL(ctx context.Context, r Resolver, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return nil // Validate says what is wrong with it
	}
	host := u.Hostname()
	refuse := linli.Invalid("url", "webhooks may not call loopback, link-local, private or multicast addresses")
	if a, err := netip.ParseAddr(host); err == nil {
		if Internal(a) {
			return refuse
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, a := range addrs {
		if Internal(a) {
			return refuse
		}
	}
	return nil
}

// errInternalAddress is the error of a connection refused by the guard.
type errInternalAddress struct{ addr string }

func (e errInternalAddress) Error() string {
	return fmt.Sprintf("refused to connect to %s: webhooks may not call loopback, link-local, private or multicast addresses", e.addr)
}

// guardedClient is the webhook client: it follows no redirect, uses no proxy, and, unless
// allowPrivate says otherwise at the time of dialling, connects to no internal address, whatever
// a host name resolves to by then.
func guardedClient(allowPrivate func() bool) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			if allowPrivate() {
				return nil
			}
			ap, err := netip.ParseAddrPort(address)
			if err != nil || Internal(ap.Addr()) {
				return errInternalAddress{address}
			}
			return nil
		}}
	return &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{DialContext: dialer.DialContext, ForceAttemptHTTP2: true, MaxIdleConns: 16,
			IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second},
	}
}
