package main

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/linli/linli/internal/linli"
)

// Config is the server's configuration: flags, each with an environment fallback.
type Config struct {
	Addr           string
	DB             string
	PublicURL      string
	TrustedProxies []netip.Prefix
	Demo           bool
	LogLevel       string
	Argon2MemKiB   uint
	Argon2Time     uint
	FeedSecretFile string // the secret feed tokens derive from; "" means the database path + ".feed-secret"
	ReminderHour   uint
	RegisterLimit  uint   // registrations per client address in 10 minutes; 0: no limit
	MetricsAddr    string // serve /metrics on this address instead of the main listener
	MetricsToken   string // a bearer token that lets /metrics in from anywhere
	// AllowPrivateWebhooks lets webhooks call loopback, link-local and private addresses.
	AllowPrivateWebhooks bool
}

// env returns the environment value of name, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

func envUint(name string, def uint) uint {
	if v, err := strconv.ParseUint(os.Getenv(name), 10, 32); err == nil {
		return uint(v)
	}
	return def
}

// dbFlags registers the flags every subcommand that touches the database shares.
func (c *Config) dbFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", env("LINLI_DB", "./linli.db"), "the database: a SQLite file, or a postgres:// URL of a PostgreSQL database (LINLI_DB)")
	fs.UintVar(&c.Argon2MemKiB, "argon2-memory-kib", envUint("LINLI_ARGON2_MEMORY_KIB", linli.PasswordHashMemoryKiB), "argon2id memory cost in KiB (LINLI_ARGON2_MEMORY_KIB)")
	fs.UintVar(&c.Argon2Time, "argon2-time", envUint("LINLI_ARGON2_TIME", linli.PasswordHashPasses), "argon2id passes (LINLI_ARGON2_TIME)")
	fs.StringVar(&c.LogLevel, "log-level", env("LINLI_LOG_LEVEL", "info"), "log level: debug, info, warn, error (LINLI_LOG_LEVEL)")
}

// serveFlags registers the server's flags.
func (c *Config) serveFlags(fs *flag.FlagSet) *string {
	c.dbFlags(fs)
	fs.StringVar(&c.Addr, "addr", env("LINLI_ADDR", "127.0.0.1:8080"), "listen address (LINLI_ADDR)")
	fs.StringVar(&c.PublicURL, "public-url", env("LINLI_PUBLIC_URL", ""), "public URL for feed links and cookies; default http:// + addr (LINLI_PUBLIC_URL)")
	fs.StringVar(&c.FeedSecretFile, "feed-secret-file", env("LINLI_FEED_SECRET_FILE", ""), "file holding the secret of personal feed URLs, mode 0600, created if missing; default the --db path + .feed-secret (LINLI_FEED_SECRET_FILE)")
	fs.BoolVar(&c.Demo, "demo", envBool("LINLI_DEMO"), "seed a demo community on first run and print its logins (LINLI_DEMO)")
	fs.UintVar(&c.ReminderHour, "reminder-hour", envUint("LINLI_REMINDER_HOUR", linli.DefaultReminderHour), "local hour (0-23) of the day-before reminders of shifts and visits (LINLI_REMINDER_HOUR)")
	fs.UintVar(&c.RegisterLimit, "register-limit", envUint("LINLI_REGISTER_LIMIT", linli.DefaultRegisterLimit), "registrations per client address in 10 minutes; 0: no limit (LINLI_REGISTER_LIMIT)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("LINLI_METRICS_ADDR", ""), "serve /metrics on this address instead of to loopback clients of the main one (LINLI_METRICS_ADDR)")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("LINLI_METRICS_TOKEN", ""), "a bearer token that lets /metrics in from anywhere (LINLI_METRICS_TOKEN)")
	fs.BoolVar(&c.AllowPrivateWebhooks, "allow-private-webhooks", envBool("LINLI_ALLOW_PRIVATE_WEBHOOKS"), "let webhooks call loopback, link-local, private and multicast addresses (LINLI_ALLOW_PRIVATE_WEBHOOKS)")
	proxies := fs.String("trusted-proxies", env("LINLI_TRUSTED_PROXIES", ""), "comma-separated CIDRs allowed to set X-Forwarded-For (LINLI_TRUSTED_PROXIES)")
	return proxies
}

// finish checks and completes the configuration after parsing.
func (c *Config) finish(proxies string, listenAddr string) error {
	if c.ReminderHour > 23 {
		return fmt.Errorf("--reminder-hour: %d is not an hour of the day (0-23)", c.ReminderHour)
	}
	c.TrustedProxies = nil
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			p += "/32"
			if strings.Contains(p, ":") {
				p = strings.TrimSuffix(p, "/32") + "/128"
			}
		}
		pre, err := netip.ParsePrefix(p)
		if err != nil {
			return fmt.Errorf("--trusted-proxies: %q is not an address or CIDR", p)
		}
		c.TrustedProxies = append(c.TrustedProxies, pre.Masked())
	}
	if c.PublicURL == "" {
		c.PublicURL = "http://" + listenAddr
	}
	u, err := url.Parse(c.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("--public-url: %q is not an http(s) URL", c.PublicURL)
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	return nil
}
