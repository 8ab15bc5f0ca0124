package api

import (
	"net/netip"
	"testing"
)

// TestClientAddress: the address the limits count and the logs name is the peer's unless the
// peer is a trusted proxy; then it is the right-most hop of X-Forwarded-For that no trusted proxy
// wrote, so a client behind the load balancer cannot choose it by sending the header itself.
func TestClientAddress(t *testing.T) {
	lb := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		name    string
		peer    string
		xff     []string
		trusted []netip.Prefix
		want    string
	}{
		{"no proxies configured: the peer, whatever the header says", "203.0.113.9:5000", []string{"198.51.100.1"}, nil, "203.0.113.9"},
		{"an untrusted peer's spoofed header is ignored", "203.0.113.9:5000", []string{"10.0.0.7, 198.51.100.1"}, lb, "203.0.113.9"},
		{"a trusted peer without the header: the peer", "10.0.0.2:5000", nil, lb, "10.0.0.2"},
		{"a trusted peer names the client", "10.0.0.2:5000", []string{"198.51.100.1"}, lb, "198.51.100.1"},
		{"what the client put before the real hop is ignored", "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.1"}, lb, "198.51.100.1"},
		{"a chain of proxies: the right-most untrusted hop", "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.1, 10.0.0.9, 10.1.0.3"}, lb, "198.51.100.1"},
		{"a chain over several header lines, read in order", "10.0.0.2:5000", []string{"1.2.3.4, 198.51.100.1", "10.0.0.9"}, lb, "198.51.100.1"},
		{"every hop trusted: the farthest", "10.0.0.2:5000", []string{"10.3.0.1, 10.0.0.9"}, lb, "10.3.0.1"},
		{"a hop with a port", "10.0.0.2:5000", []string{"198.51.100.1:61000"}, lb, "198.51.100.1"},
		{"IPv6 peer and client", "[fd00::2]:5000", []string{"2001:db8:1:2::7"}, lb, "2001:db8:1:2::7"},
		{"IPv6 client with a port", "10.0.0.2:5000", []string{"[2001:db8::7]:443"}, lb, "2001:db8::7"},
		{"an untrusted IPv6 peer", "[2001:db8::9]:5000", []string{"198.51.100.1"}, lb, "2001:db8::9"},
		{"an IPv4-mapped peer is the IPv4 proxy", "[::ffff:10.0.0.2]:5000", []string{"198.51.100.1"}, lb, "198.51.100.1"},
		{"an IPv4-mapped client reads as IPv4", "10.0.0.2:5000", []string{"::ffff:198.51.100.1"}, lb, "198.51.100.1"},
		{"a malformed right-most hop: the peer", "10.0.0.2:5000", []string{"198.51.100.1, not-an-address"}, lb, "10.0.0.2"},
		{"an empty hop: the peer", "10.0.0.2:5000", []string{"198.51.100.1, "}, lb, "10.0.0.2"},
		{"a malformed hop left of the client does not matter", "10.0.0.2:5000", []string{"<script>, 198.51.100.1"}, lb, "198.51.100.1"},
		{"an empty header: the peer", "10.0.0.2:5000", []string{""}, lb, "10.0.0.2"},
		{"a single address trusted as /32", "192.0.2.1:5000", []string{"198.51.100.1"}, []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32")}, "198.51.100.1"},
		{"its neighbour is not", "192.0.2.2:5000", []string{"198.51.100.1"}, []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32")}, "192.0.2.2"},
	} {
		if got := clientAddress(c.peer, c.xff, c.trusted); got != c.want {
			t.Errorf("%s: peer %s, X-Forwarded-For %q: %s, want %s", c.name, c.peer, c.xff, got, c.want)
		}
	}
}
