package storage

import (
	"context"
	"testing"

	"github.com/linli/linli/internal/linli"
)

// TestRegisterTakenLoginHashesNothing: a taken login is refused before the password is hashed, so
// that registering taken logins in bulk costs the server no hashing: with no hasher at all, the
// answer is still the conflict.
func TestRegisterTakenLoginHashesNothing(t *testing.T) {
	d := openTest(t)
	ctx := context.Background()
	if _, err := (Accounts{d}).Register(ctx, linli.Registration{Name: "甲", Login: "a@linli.test", Password: "12345678"}); err != nil {
		t.Fatal(err)
	}
	d.Hasher = nil
	_, err := (Accounts{d}).Register(ctx, linli.Registration{Name: "乙", Login: "A@linli.test", Password: "12345678"})
	if linli.ErrorCode(err) != linli.EConflict || linli.ErrorField(err) != "login" {
		t.Fatalf("registering a taken login: %v; want conflict on login", err)
	}
}
