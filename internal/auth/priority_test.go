package auth

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestLoginsHashAheadOfRegistrations: with every hash slot taken and 200 registrations queued for
// one, a sign-in that arrives last gets the next free slot.
func TestLoginsHashAheadOfRegistrations(t *testing.T) {
	h := NewHasher(TestParams, 1)
	ctx := context.Background()
	if err := h.acquire(ctx, false); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	run := func(name string, login bool) {
		defer wg.Done()
		if err := h.acquire(ctx, login); err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		order = append(order, name)
		mu.Unlock()
		h.release()
	}
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go run("registration", false)
	}
	waitQueued(t, h, 200, 0)
	wg.Add(1)
	go run("login", true)
	waitQueued(t, h, 200, 1)
	h.release()
	wg.Wait()
	if len(order) != 201 || order[0] != "login" {
		t.Fatalf("after the slot was freed, %d hashes ran, first %q; want the login first", len(order), order[0])
	}
}

// TestHashSlotGivenUp: a request that stops waiting leaves the queue, and the slots still add up.
func TestHashSlotGivenUp(t *testing.T) {
	h := NewHasher(TestParams, 1)
	if err := h.acquire(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "a-password"); err == nil {
		t.Fatal("a hash ran without a free slot")
	}
	h.release()
	if _, err := h.Verify(context.Background(), "", "a-password"); err != nil {
		t.Fatalf("the slot was lost: %v", err)
	}
}

func waitQueued(t *testing.T, h *Hasher, low, high int) {
	t.Helper()
	for i := 0; i < 2000; i++ {
		h.mu.Lock()
		l, hi := len(h.low), len(h.high)
		h.mu.Unlock()
		if l == low && hi == high {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("queues never reached %d low and %d high", low, high)
}
