package auth

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestLoadSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "linli.db.feed-secret")
	first, created, err := LoadSecret(path)
	if err != nil || !created || len(first) != 64 {
		t.Fatalf("first start: %d bytes, created %v, %v; want 64 hex digits created", len(first), created, err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the secret file has mode %v (%v), want 0600", info.Mode(), err)
	}
	again, created, err := LoadSecret(path)
	if err != nil || created || !bytes.Equal(first, again) {
		t.Fatalf("second start: created %v, same secret %v, %v", created, bytes.Equal(first, again), err)
	}

	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadSecret(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a secret others may read: %v, want a refusal", err)
	}
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("  too short  \n"), 0o600)
	if _, _, err := LoadSecret(short); err == nil {
		t.Error("a secret of 9 bytes was accepted")
	}
	given := filepath.Join(t.TempDir(), "given")
	os.WriteFile(given, []byte("\n"+strings.Repeat("s", 40)+"\n"), 0o400)
	if s, created, err := LoadSecret(given); err != nil || created || string(s) != strings.Repeat("s", 40) {
		t.Errorf("a secret given by the operator: %q, %v, %v", s, created, err)
	}
}

// TestLoadSecretRace: servers starting together on one database end up with one secret.
func TestLoadSecretRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secret")
	secrets := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			s, _, err := LoadSecret(path)
			if err != nil {
				t.Error(err)
			}
			secrets[i] = s
		})
	}
	wg.Wait()
	for _, s := range secrets {
		if !bytes.Equal(s, secrets[0]) {
			t.Fatalf("servers disagree on the secret: %q and %q", s, secrets[0])
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files left beside the secret, want none", len(entries)-1)
	}
}

func TestFeedToken(t *testing.T) {
	secret := bytes.Repeat([]byte("k"), 32)
	tok := FeedToken(secret, "user-1", 0)
	if len(tok) != 43 || strings.ContainsAny(tok, "+/=") || FeedToken(secret, "user-1", 0) != tok {
		t.Fatalf("token %q: want 43 URL-safe characters (256 bits), the same every time", tok)
	}
	for name, other := range map[string]string{
		"next generation":  FeedToken(secret, "user-1", 1),
		"another user":     FeedToken(secret, "user-2", 0),
		"another secret":   FeedToken(bytes.Repeat([]byte("j"), 32), "user-1", 0),
		"a longer user id": FeedToken(secret, "user-10", 0),
	} {
		if other == tok {
			t.Errorf("%s gives the same token", name)
		}
	}
}
