package auth

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestHashVerify(t *testing.T) {
	h := NewHasher(TestParams, 2)
	ctx := context.Background()
	enc, err := h.Hash(ctx, "秘密密码password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not PHC argon2id", enc)
	}
	if ok, _ := h.Verify(ctx, enc, "秘密密码password"); !ok {
		t.Fatal("right password rejected")
	}
	if ok, _ := h.Verify(ctx, enc, "秘密密码passwore"); ok {
		t.Fatal("wrong password accepted")
	}
	if ok, _ := h.Verify(ctx, "", "linli-dummy-password"); ok {
		t.Fatal("unknown login accepted against the dummy hash")
	}
	enc2, _ := h.Hash(ctx, "秘密密码password")
	if enc2 == enc {
		t.Fatal("two hashes of one password share a salt")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 43 {
		t.Fatalf("tokens %q %q: want distinct 256-bit tokens", a, b)
	}
	if string(HashToken(a)) == string(HashToken(b)) || len(HashToken(a)) != 32 {
		t.Fatal("token hashes collide or are not SHA-256")
	}
	c := NewResetCode()
	if len(c) != 14 || NormalizeResetCode(strings.ToLower(strings.ReplaceAll(c, "-", " "))) != c {
		t.Fatalf("reset code %q does not survive being retyped", c)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(time.Minute, 4)
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	for i := 1; i <= 3; i++ {
		if n := l.Add(now, "login:13800000000", "addr:1.2.3.4"); n != i {
			t.Fatalf("event %d counted as %d", i, n)
		}
	}
	if l.Count("addr:1.2.3.4", now) != 3 || l.Count("addr:9.9.9.9", now) != 0 {
		t.Fatal("the second key was not counted apart")
	}
	for i := 0; i < 10; i++ {
		l.Add(now, "login:13800000000")
	}
	if n := l.Count("login:13800000000", now); n != 4 {
		t.Fatalf("a key keeps %d events, want at most 4", n)
	}
	if !l.Take("reg:1.2.3.4", 2, now) || !l.Take("reg:1.2.3.4", 2, now) || l.Take("reg:1.2.3.4", 2, now) {
		t.Fatal("Take did not stop at its limit")
	}
	if l.Count("login:13800000000", now.Add(time.Minute)) != 0 || !l.Take("reg:1.2.3.4", 2, now.Add(time.Minute)) {
		t.Fatal("events still counted after the window")
	}
}
