// Package notify runs the notification worker inside the server process: it writes the
// reminders and alerts that fall due, and posts the outbox's webhook deliveries, signed, with
// retries. Storage holds all its state, so a restart, or a second server on the same database,
// loses and repeats nothing.
package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Defaults of a Worker.
const (
	DefaultPoll  = 5 * time.Second // how often due deliveries are looked for
	DefaultLease = 2 * time.Minute // a claim; well beyond the 10 s a post may take
	DefaultBatch = 16              // deliveries claimed, and posted concurrently, at once
	scanEvery    = time.Minute     // how often due reminders and alerts are looked for
)

// Worker delivers webhooks and writes due reminders. Its clock, HTTP client and jitter are
// fields so that tests drive it step by step (Scan, Deliver) without sleeping.
type Worker struct {
	Outbox       linli.Outbox
	Client       *http.Client
	Logger       *slog.Logger
	Now          func() time.Time
	Jitter       func() float64 // in [0, 1), spreads retries
	ID           string         // names this worker's claims
	ReminderHour int
	Timeout      time.Duration // of one post
	Lease        time.Duration
	Poll         time.Duration
	Batch        int
	// AllowPrivate lets deliveries connect to loopback, link-local and private addresses
	// (--allow-private-webhooks); read when each connection is made.
	AllowPrivate bool
	// Robots holds the chat-robot posts (robot.go); New takes it from an outbox that has them.
	Robots RobotOutbox
	// PublicURL is put before the links of chat-robot posts (--public-url).
	PublicURL string

	stop context.CancelFunc // ends the loop between rounds
	done chan struct{}
}

// New returns a worker on outbox with the defaults: a client that does not follow redirects
// and connects to no internal address unless AllowPrivate, the real clock, reminders at
// linli.DefaultReminderHour.
func New(outbox linli.Outbox, logger *slog.Logger) *Worker {
	w := &Worker{
		Outbox:       outbox,
		Logger:       logger,
		Now:          time.Now,
		Jitter:       mrand.Float64,
		ID:           workerID(),
		ReminderHour: linli.DefaultReminderHour,
		Timeout:      linli.WebhookTimeout,
		Lease:        DefaultLease,
		Poll:         DefaultPoll,
		Batch:        DefaultBatch,
	}
	w.Client = guardedClient(func() bool { return w.AllowPrivate })
	w.Robots, _ = outbox.(RobotOutbox)
	return w
}

// workerID names a worker uniquely among processes sharing a database.
func workerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Start runs the worker in the background until Stop.
func (w *Worker) Start() {
	loop, stop := context.WithCancel(context.Background())
	w.stop, w.done = stop, make(chan struct{})
	go func() {
		defer close(w.done)
		w.run(loop)
		if err := w.Outbox.ReleaseDeliveries(context.Background(), w.ID); err != nil {
			w.Logger.Error("notify: release claims", "err", err.Error())
		}
		if w.Robots != nil {
			if err := w.Robots.ReleaseRobotPosts(context.Background(), w.ID); err != nil {
				w.Logger.Error("notify: release robot claims", "err", err.Error())
			}
		}
	}()
}

// Stop ends the worker: it starts nothing new, lets the posts in flight finish (each within
// Timeout) and records their outcomes, gives back any claim left for the next start, and
// returns. Call it before the database closes.
func (w *Worker) Stop() {
	if w.done == nil {
		return
	}
	w.stop()
	<-w.done
}

// run scans once a minute and delivers every Poll until loop ends.
func (w *Worker) run(loop context.Context) {
	tick := time.NewTicker(w.Poll)
	defer tick.Stop()
	var scanned time.Time
	for {
		if now := w.Now(); now.Sub(scanned) >= scanEvery {
			scanned = now
			if err := w.Scan(loop); err != nil && loop.Err() == nil {
				w.Logger.Error("notify: scan", "err", err.Error())
			}
		}
		for loop.Err() == nil {
			n, err := w.Deliver(context.Background())
			if err != nil {
				w.Logger.Error("notify: deliver", "err", err.Error())
			}
			if err != nil || n < w.Batch {
				break
			}
		}
		for loop.Err() == nil {
			n, err := w.DeliverRobots(context.Background())
			if err != nil {
				w.Logger.Error("notify: deliver robot posts", "err", err.Error())
			}
			if err != nil || n < w.Batch {
				break
			}
		}
		select {
		case <-loop.Done():
			return
		case <-tick.C:
		}
	}
}

// Scan writes the reminders and alerts due now.
func (w *Worker) Scan(ctx context.Context) error {
	return w.Outbox.ScanDue(ctx, w.ReminderHour)
}

// Deliver claims up to Batch due deliveries, posts them concurrently and records each outcome;
// it returns how many it claimed. A post cut short by the end of ctx is not recorded: its claim
// is given back when the worker stops, or runs out.
func (w *Worker) Deliver(ctx context.Context) (int, error) {
	claimed, err := w.Outbox.ClaimDeliveries(ctx, w.ID, w.Lease, w.Batch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(claimed))
	for i, d := range claimed {
		wg.Go(func() {
			o := w.post(ctx, d)
			if ctx.Err() != nil && !o.Delivered {
				return
			}
			errs[i] = w.Outbox.FinishDelivery(context.WithoutCancel(ctx), w.ID, d.ID, o)
		})
	}
	wg.Wait()
	return len(claimed), errors.Join(errs...)
}
