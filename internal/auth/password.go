// Package auth holds the cryptographic edges of sign-in: argon2id password hashes, random session
// and reset tokens stored only as hashes, and the limiter of failed logins.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id cost parameters.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// TestParams are cheap parameters for tests only.
var TestParams = Params{MemoryKiB: 64, Time: 1, Threads: 1}

// Hasher hashes and checks passwords with argon2id, computing at most a few hashes at once so that
// a burst of logins cannot exhaust memory. A free slot goes to a waiting sign-in or password
// change before any waiting registration, so a flood of registrations cannot hold sign-ins up.
type Hasher struct {
	params    Params
	mu        sync.Mutex
	free      int             // slots not in use
	high, low []chan struct{} // waiters, first come first served within each
	dummyOnce sync.Once
	dummy     string
}

// NewHasher returns a Hasher with the given parameters and concurrency bound.
func NewHasher(p Params, concurrent int) *Hasher {
	if concurrent < 1 {
		concurrent = 1
	}
	return &Hasher{params: p, free: concurrent}
}

// Hash returns the PHC-format argon2id hash of password with a fresh salt.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	return h.hash(ctx, password, true)
}

// HashForRegistration is Hash behind every waiting sign-in: registrations, which anyone may send
// in bulk, wait for a slot that no sign-in wants.
func (h *Hasher) HashForRegistration(ctx context.Context, password string) (string, error) {
	return h.hash(ctx, password, false)
}

func (h *Hasher) hash(ctx context.Context, password string, first bool) (string, error) {
	if err := h.acquire(ctx, first); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return h.encode(salt, []byte(password)), nil
}

// Verify reports whether password matches encoded. An empty encoded (unknown login) is checked
// against a dummy hash so that the answer takes as long as for a known login.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	if encoded == "" {
		// Made on first use: hashing costs the full memory parameter, which idle servers keep free.
		h.dummyOnce.Do(func() { h.dummy = h.encode(make([]byte, 16), []byte("linli-dummy-password")) })
		encoded = h.dummy
		password += "\x00unknown"
	}
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx, true); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// acquire waits for a slot; first puts the caller ahead of every registration.
func (h *Hasher) acquire(ctx context.Context, first bool) error {
	h.mu.Lock()
	if h.free > 0 && (first || len(h.high) == 0) {
		h.free--
		h.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	if first {
		h.high = append(h.high, ch)
	} else {
		h.low = append(h.low, ch)
	}
	h.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case <-ch: // granted while giving up: pass the slot on
		h.handOn()
	default:
		h.high = slices.DeleteFunc(h.high, func(c chan struct{}) bool { return c == ch })
		h.low = slices.DeleteFunc(h.low, func(c chan struct{}) bool { return c == ch })
	}
	return ctx.Err()
}

func (h *Hasher) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.handOn()
}

// handOn gives a slot to the first waiting sign-in, else the first waiting registration, else frees it.
func (h *Hasher) handOn() {
	switch {
	case len(h.high) > 0:
		close(h.high[0])
		h.high = h.high[1:]
	case len(h.low) > 0:
		close(h.low[0])
		h.low = h.low[1:]
	default:
		h.free++
	}
}

func (h *Hasher) encode(salt, password []byte) string {
	p := h.params
	key := argon2.IDKey(password, salt, p.Time, p.MemoryKiB, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

func decode(encoded string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("auth: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("auth: unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("auth: bad argon2 parameters")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, err
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return p, nil, nil, err
	}
	return p, salt, key, nil
}
