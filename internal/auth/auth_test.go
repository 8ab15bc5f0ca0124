package auth

import (
	"context"
	"strings"
	"testing"
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
