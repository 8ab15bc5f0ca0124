package notify_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/linli/linli/internal/linli"
)

// BenchmarkDeliver measures deliveries posted, signed and recorded per second against a gateway
// on 127.0.0.1 that answers at once: claims, posts (16 at a time) and outcomes included.
func BenchmarkDeliver(b *testing.B) {
	f := newFixture(b, at(6, 10, 0))
	rc := newReceiver(b, always(http.StatusOK))
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	f.cancel(f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(8, 1, "09:00", "11:00"))[0].ID)
	tx, err := f.DB.WritePool().Begin()
	if err != nil {
		b.Fatal(err)
	}
	for range b.N {
		id := uuid.NewString()
		if _, err := tx.Exec(`INSERT INTO notifications (id, user_id, kind, session_id, data, created_at)
			SELECT ?, user_id, kind, session_id, data, created_at FROM notifications LIMIT 1`, id); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO webhook_deliveries (id, webhook_id, notification_id, next_attempt_at, created_at, updated_at)
			VALUES (?, ?, ?, '', '', '')`, uuid.NewString(), hook.ID, id); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	w := f.worker(f.DB, rc, "bench")
	b.ResetTimer()
	total := 0
	for {
		n, err := w.Deliver(f.ctx)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			break
		}
		total += n
	}
	b.StopTimer()
	if total < b.N {
		b.Fatalf("delivered %d of %d", total, b.N)
	}
}
