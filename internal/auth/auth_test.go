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

func TestOWASPDefaults(t *testing.T) {
	if OWASPParams.MemoryKiB != 19456 || OWASPParams.Time != 2 || OWASPParams.Threads != 1 {
		t.Fatalf("default argon2id parameters %+v are not OWASP's m=19MiB t=2 p=1", OWASPParams)
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
	l := NewLimiter(time.Minute, 3, 5)
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if l.Blocked("13800000000", "1.2.3.4", now) {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("13800000000", "1.2.3.4", now)
	}
	if !l.Blocked("13800000000", "9.9.9.9", now) {
		t.Fatal("login not blocked after 3 failures from any address")
	}
	if l.Blocked("13900000000", "1.2.3.4", now) {
		t.Fatal("address blocked after only 3 failures")
	}
	l.Fail("a@b.cn", "1.2.3.4", now)
	l.Fail("c@b.cn", "1.2.3.4", now)
	if !l.Blocked("d@b.cn", "1.2.3.4", now) {
		t.Fatal("address not blocked after 5 failures")
	}
	if l.Blocked("13800000000", "9.9.9.9", now.Add(time.Minute)) {
		t.Fatal("still blocked after the window")
	}
}
