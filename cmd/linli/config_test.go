package main

import (
	"flag"
	"io"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// TestTrustedProxiesFlag: --trusted-proxies (or LINLI_TRUSTED_PROXIES) takes comma-separated
// CIDRs and single addresses of either family; anything else stops the server with the flag named.
func TestTrustedProxiesFlag(t *testing.T) {
	for _, c := range []struct {
		value string
		want  []string // nil with err: refused
		err   bool
	}{
		{"", nil, false},
		{"10.0.0.0/8", []string{"10.0.0.0/8"}, false},
		{" 10.0.0.0/8 , 192.0.2.7,fd00::/8, 2001:db8::1 ", []string{"10.0.0.0/8", "192.0.2.7/32", "fd00::/8", "2001:db8::1/128"}, false},
		{"10.1.2.3/8", []string{"10.0.0.0/8"}, false},
		{"10.0.0.0/8,,", []string{"10.0.0.0/8"}, false},
		{"10.0.0.0/33", nil, true},
		{"lb.internal", nil, true},
		{"10.0.0.0/8;192.0.2.7", nil, true},
	} {
		for _, fromEnv := range []bool{false, true} {
			var cfg Config
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			args := []string{"--trusted-proxies", c.value}
			if fromEnv {
				t.Setenv("LINLI_TRUSTED_PROXIES", c.value)
				args = nil
			}
			proxies := cfg.serveFlags(fs)
			if err := fs.Parse(args); err != nil {
				t.Fatal(err)
			}
			err := cfg.finish(*proxies, "127.0.0.1:8080")
			if c.err {
				if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
					t.Errorf("%q (env %v): %v, want refused naming --trusted-proxies", c.value, fromEnv, err)
				}
				continue
			}
			var got []string
			for _, p := range cfg.TrustedProxies {
				got = append(got, p.String())
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%q (env %v): %v, %v; want %v", c.value, fromEnv, got, err, c.want)
			}
		}
	}
}

// TestTrustedProxiesReachTheServer: the ranges reach the HTTP server the binary runs.
func TestTrustedProxiesReachTheServer(t *testing.T) {
	t.Setenv("LINLI_TRUSTED_PROXIES", "10.0.0.0/8,fd00::/8")
	m, _ := startMain(t)
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}
	if !slices.Equal(m.api.TrustedProxies, want) {
		t.Fatalf("server trusts %v, want %v", m.api.TrustedProxies, want)
	}
}
