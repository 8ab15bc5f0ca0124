package storage

import (
	"context"
	"time"
)

// sleep waits d or until ctx ends: a client that gives up waiting frees its request at once.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
