package linli

import (
	"testing"
	"time"
)

func TestLoginDelay(t *testing.T) {
	want := map[int]time.Duration{0: 0, 1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 32 * time.Second, 7: 60 * time.Second, 8: 60 * time.Second, 1000: 60 * time.Second}
	for n, d := range want {
		if got := LoginDelay(n); got != d {
			t.Errorf("LoginDelay(%d) = %v, want %v", n, got, d)
		}
	}
}
