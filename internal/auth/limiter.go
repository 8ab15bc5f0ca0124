package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins per login and per client address in a sliding window and says when
// to refuse further attempts. Successes and registrations are not counted.
type Limiter struct {
	mu       sync.Mutex
	window   time.Duration
	perLogin int
	perAddr  int
	failures map[string][]time.Time
}

// NewLimiter allows perLogin failures per login and perAddr per address within window.
func NewLimiter(window time.Duration, perLogin, perAddr int) *Limiter {
	return &Limiter{window: window, perLogin: perLogin, perAddr: perAddr, failures: map[string][]time.Time{}}
}

// Blocked reports whether another attempt for login from addr must be refused at now.
func (l *Limiter) Blocked(login, addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count("l:"+login, now) >= l.perLogin || l.count("a:"+addr, now) >= l.perAddr
}

// Fail records a failed attempt.
func (l *Limiter) Fail(login, addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range []string{"l:" + login, "a:" + addr} {
		l.failures[k] = append(l.prune(k, now), now)
	}
	if len(l.failures) > 100000 {
		l.sweep(now)
	}
}

func (l *Limiter) count(key string, now time.Time) int { return len(l.prune(key, now)) }

func (l *Limiter) prune(key string, now time.Time) []time.Time {
	ts := l.failures[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = ts
	return ts
}

func (l *Limiter) sweep(now time.Time) {
	for k := range l.failures {
		l.prune(k, now)
	}
}
