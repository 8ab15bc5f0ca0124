package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
)

// startMain runs the real server on port 0 and stops it when the test ends.
func startMain(t *testing.T, args ...string) (*Main, *bytes.Buffer) {
	t.Helper()
	out := &bytes.Buffer{}
	m := NewMain(out, &bytes.Buffer{})
	base := []string{"--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "linli.db"), "--argon2-memory-kib", "64", "--argon2-time", "1"}
	if err := m.ParseFlags(append(base, args...)); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return m, out
}

func postJSON(t *testing.T, c *http.Client, url string, body any) *http.Response {
	t.Helper()
	b, _ := json.Marshal(body)
	resp, err := c.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestEndToEnd(t *testing.T) {
	m, _ := startMain(t)
	base := "http://" + m.Addr
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp := postJSON(t, c, base+"/api/v1/auth/register", map[string]string{"name": "陈静", "login": "13800138000", "password": "一二三四五六七八"})
	if resp.StatusCode != 201 {
		t.Fatalf("register: %d", resp.StatusCode)
	}
	resp = postJSON(t, c, base+"/api/v1/auth/login", map[string]string{"login": "+8613800138000", "password": "一二三四五六七八"})
	if resp.StatusCode != 200 {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	resp, err := c.Get(base + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	var me struct{ User struct{ Name string } }
	json.NewDecoder(resp.Body).Decode(&me)
	if resp.StatusCode != 200 || me.User.Name != "陈静" {
		t.Fatalf("/me: %d %+v", resp.StatusCode, me)
	}
	resp, _ = http.Get(base + "/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("start page: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestDemoLoginsWork(t *testing.T) {
	m, out := startMain(t, "--demo")
	if !strings.Contains(out.String(), "13800000001") {
		t.Fatalf("demo logins not printed: %s", out)
	}
	base := "http://" + m.Addr
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if r := postJSON(t, c, base+"/api/v1/auth/login", map[string]string{"login": "13800000001", "password": "linli-demo"}); r.StatusCode != 200 {
		t.Fatalf("demo coordinator login: %d", r.StatusCode)
	}
	resp, _ := c.Get(base + "/api/v1/me")
	var me struct {
		Memberships []struct{ Role string }
	}
	json.NewDecoder(resp.Body).Decode(&me)
	if len(me.Memberships) != 1 || me.Memberships[0].Role != "coordinator" {
		t.Fatalf("demo coordinator memberships %+v", me.Memberships)
	}
}

func TestAdminCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	var out, errb bytes.Buffer
	args := []string{"admin", "create", "--db", db, "--login", "admin@linli.test", "--password-stdin", "--argon2-memory-kib", "64", "--argon2-time", "1"}
	if err := run(context.Background(), args, strings.NewReader("a-long-password\n"), &out, &errb); err != nil {
		t.Fatalf("admin create: %v %s", err, errb.String())
	}
	if err := run(context.Background(), args, strings.NewReader("short\n"), &out, &errb); err == nil {
		t.Fatal("a short admin password was accepted")
	}
	m, _ := startMain(t)
	m.Close()
	m2 := NewMain(&out, &errb)
	m2.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", db, "--argon2-memory-kib", "64", "--argon2-time", "1"})
	if err := m2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	postJSON(t, c, "http://"+m2.Addr+"/api/v1/auth/login", map[string]string{"login": "admin@linli.test", "password": "a-long-password"})
	resp := postJSON(t, c, "http://"+m2.Addr+"/api/v1/communities", map[string]string{"name": "新社区"})
	if resp.StatusCode != 201 {
		t.Fatalf("the new admin cannot create a community: %d", resp.StatusCode)
	}
	if err := run(context.Background(), []string{"migrate", "--db", db}, nil, &out, &errb); err != nil || !strings.Contains(out.String(), "migrations applied") {
		t.Fatalf("migrate: %v %s", err, out.String())
	}
}

func TestBackupWhileServing(t *testing.T) {
	m, _ := startMain(t, "--demo")
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"backup", "--db", m.Config.DB, "--to", copyPath}, nil, &out, &errb); err != nil {
		t.Fatalf("backup: %v %s", err, errb.String())
	}
	if !strings.Contains(out.String(), "integrity ok") || !strings.Contains(out.String(), "households") {
		t.Fatalf("backup report: %s", out.String())
	}
	if err := run(context.Background(), []string{"backup", "--db", m.Config.DB, "--to", copyPath}, nil, &out, &errb); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	// Restore drill: a server on the copy answers and the demo logins work there.
	m2 := NewMain(&out, &errb)
	m2.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", copyPath})
	if err := m2.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if r := postJSON(t, c, "http://"+m2.Addr+"/api/v1/auth/login", map[string]string{"login": "13800000001", "password": "linli-demo"}); r.StatusCode != 200 {
		t.Fatalf("login on the restored copy: %d", r.StatusCode)
	}
}

// TestMetricsAddr: --metrics-addr serves /metrics on its own address, and the main listener no
// longer serves it even to loopback clients.
func TestMetricsAddr(t *testing.T) {
	m, _ := startMain(t, "--metrics-addr", "127.0.0.1:0")
	resp, err := http.Get("http://" + m.MetricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("metrics listener: %d", resp.StatusCode)
	}
	resp, err = http.Get("http://" + m.Addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("main listener with --metrics-addr: %d, want 404", resp.StatusCode)
	}
}

// TestSecurityFlagsFromEnvironment: the limits and openings of /metrics and webhooks reach the
// server from their environment variables.
func TestSecurityFlagsFromEnvironment(t *testing.T) {
	t.Setenv("LINLI_REGISTER_LIMIT", "1")
	t.Setenv("LINLI_METRICS_TOKEN", "env-metrics-token")
	t.Setenv("LINLI_ALLOW_PRIVATE_WEBHOOKS", "true")
	m, _ := startMain(t)
	if !m.Worker.AllowPrivate || !m.api.AllowPrivateWebhooks || m.api.MetricsToken != "env-metrics-token" {
		t.Fatalf("worker AllowPrivate %v, server AllowPrivateWebhooks %v, MetricsToken %q", m.Worker.AllowPrivate, m.api.AllowPrivateWebhooks, m.api.MetricsToken)
	}
	base := "http://" + m.Addr + "/api/v1/auth/register"
	c := &http.Client{}
	if resp := postJSON(t, c, base, map[string]string{"name": "甲", "login": "13800138001", "password": "一二三四五六七八"}); resp.StatusCode != 201 {
		t.Fatalf("first registration: %d", resp.StatusCode)
	}
	if resp := postJSON(t, c, base, map[string]string{"name": "乙", "login": "13800138002", "password": "一二三四五六七八"}); resp.StatusCode != 429 {
		t.Fatalf("second registration with LINLI_REGISTER_LIMIT=1: %d, want 429", resp.StatusCode)
	}
}
