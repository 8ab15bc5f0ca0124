package auth

import (
	"sync"
	"time"
)

// Limiter counts events (failed sign-ins, wrong reset codes, registrations) per key in a sliding
// window; the callers decide what a count means. Add keeps at most max events per key and Take at
// most its limit, so a flood costs bounded memory.
type Limiter struct {
	mu     sync.Mutex
	window time.Duration
	max    int
	events map[string][]time.Time
	swept  time.Time // the last sweep
}

// NewLimiter counts events within window, keeping at most max per key for Add.
func NewLimiter(window time.Duration, max int) *Limiter {
	return &Limiter{window: window, max: max, events: map[string][]time.Time{}}
}

// Count returns the number of events of key within the window before now.
func (l *Limiter) Count(key string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.prune(key, now))
}

// Add records an event of each key at now and returns the count of the first key, this one included.
func (l *Limiter) Add(now time.Time, keys ...string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for i, k := range keys {
		ts := append(l.prune(k, now), now)
		if len(ts) > l.max {
			ts = ts[len(ts)-l.max:]
		}
		l.events[k] = ts
		if i == 0 {
			n = len(ts)
		}
	}
	l.sweep(now)
	return n
}

// Take records an event of key at now if fewer than limit are in the window, and says whether it did.
func (l *Limiter) Take(key string, limit int, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.prune(key, now)) >= limit {
		return false
	}
	l.events[key] = append(l.events[key], now)
	l.sweep(now)
	return true
}

// sweep forgets the keys whose events have all left the window, once there are many, at most
// once a minute: a flood of distinct keys cannot make every event cost a pass over all of them.
func (l *Limiter) sweep(now time.Time) {
	if len(l.events) <= 100000 || now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k := range l.events {
		l.prune(k, now)
	}
}

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	ts := l.events[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.events, key)
		return nil
	}
	l.events[key] = ts
	return ts
}
