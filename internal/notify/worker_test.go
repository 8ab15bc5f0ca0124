package notify_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/linli/linli/internal/linli"
)

func TestStopFinishesThePostInFlightAndTheNextStartDeliversTheRest(t *testing.T) {
	f := newFixture(t, at(6, 10, 0))
	inFlight, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	rc := newReceiver(t, func(n int) int {
		if n == 1 {
			once.Do(func() { close(inFlight) })
			<-release // the gateway is slow to answer the first post
		}
		return http.StatusOK
	})
	hook := f.subscribe(rc, linli.NoticeSessionCancelled)
	shifts := f.program("volunteer_shift", "社区清洁", staffed(f.Zh)+", "+daily(8, 5, "09:00", "11:00"))
	// One by one: one change of many sessions of a program would tell each person once.
	for _, s := range shifts {
		f.cancel(s.ID)
	}

	first := f.open()
	w := f.worker(first, rc, "first-run")
	w.Batch, w.Poll = 1, time.Millisecond
	w.Start()
	<-inFlight
	stopped := make(chan struct{})
	go func() { w.Stop(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("Stop returned while a post was in flight")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	<-stopped
	first.Close() // the process exits

	if d := f.deliveries(hook, "delivered"); len(d) != 1 {
		t.Fatalf("delivered before the stop: %+v; want the one in flight, recorded", d)
	}
	var claimed int
	f.DB.ReadPool().QueryRow(`SELECT COUNT(*) FROM webhook_deliveries WHERE claimed_by IS NOT NULL`).Scan(&claimed)
	if pending := f.deliveries(hook, "pending"); len(pending) != 4 || claimed != 0 {
		t.Fatalf("%d pending and %d still claimed after the stop; want 4 given back", len(pending), claimed)
	}

	next := f.worker(f.open(), rc, "second-run")
	if n, err := next.Deliver(f.ctx); n != 4 || err != nil {
		t.Fatalf("the next start delivered %d, %v", n, err)
	}
	for id, n := range rc.perDelivery() {
		if n != 1 {
			t.Errorf("delivery %s posted %d times", id, n)
		}
	}
	if len(rc.perDelivery()) != 5 {
		t.Errorf("%d deliveries posted, want 5", len(rc.perDelivery()))
	}
}
