package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedSecretAtStart: the first start creates the feed secret beside the database, readable
// by its owner only; a secret file others may read stops the server.
func TestFeedSecretAtStart(t *testing.T) {
	m, _ := startMain(t)
	info, err := os.Stat(m.Config.DB + ".feed-secret")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("feed secret beside the database: %v, %v; want mode 0600", info, err)
	}

	dir := t.TempDir()
	secret := filepath.Join(dir, "feed-secret")
	if err := os.WriteFile(secret, []byte(strings.Repeat("s", 64)), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := NewMain(&bytes.Buffer{}, &bytes.Buffer{})
	if err := bad.ParseFlags([]string{"--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "linli.db"), "--feed-secret-file", secret}); err != nil {
		t.Fatal(err)
	}
	err = bad.Run(context.Background())
	bad.Close()
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable secret: %v, want the server to refuse to start", err)
	}
}
