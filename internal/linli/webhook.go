package linli

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"
	"unicode/utf8"
)

// Webhook delivery policy.
const (
	WebhookTimeout    = 10 * time.Second // one POST; a slower answer is a failure
	WebhookRetryFor   = 24 * time.Hour   // after its first attempt a failing delivery is retried this long
	WebhookFirstRetry = time.Minute      // the wait after the first failure, doubled after each
	WebhookMaxRetry   = time.Hour        // the longest wait between two attempts, before jitter
	MinWebhookSecret  = 16               // characters
	maxWebhookSecret  = 256
	maxWebhookURL     = 2000
)

// Delivery statuses: pending (not yet sent, or failed and waiting to retry), delivered (a 2xx
// answer), failed (given up after WebhookRetryFor).
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// Webhook is an administrator's subscription of a gateway (SMS, WeChat) to notice kinds. Its
// secret signs every delivery and is never shown again.
type Webhook struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	CreatedAt time.Time `json:"created_at"`
}

// NewWebhook is the body of POST /webhooks.
type NewWebhook struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// Validate checks a new webhook: an absolute http(s) URL, a non-empty set of known kinds, a
// secret of 16 to 256 characters.
func (w *NewWebhook) Validate() error {
	if err := ValidWebhookURL(w.URL); err != nil {
		return err
	}
	if len(w.Events) == 0 {
		return Invalid("events", "events needs at least one of %v", NoticeKinds)
	}
	for i, e := range w.Events {
		if !ValidNoticeKind(e) || slices.Contains(w.Events[:i], e) {
			return Invalid(fmt.Sprintf("events[%d]", i), "events must be distinct kinds among %v", NoticeKinds)
		}
	}
	if n := utf8.RuneCountInString(w.Secret); n < MinWebhookSecret || len(w.Secret) > maxWebhookSecret || !utf8.ValidString(w.Secret) {
		return Invalid("secret", "secret needs %d to %d characters", MinWebhookSecret, maxWebhookSecret)
	}
	return nil
}

// ValidWebhookURL checks the shape of a webhook's or chat robot's URL: absolute http(s), at
// most 2000 bytes, without user info. Whether its host is internal is notify.CheckURL's question.
func ValidWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || len(raw) > maxWebhookURL {
		return Invalid("url", "url must be an http or https URL (at most %d bytes, without user info)", maxWebhookURL)
	}
	return nil
}

// Delivery is one notification sent, or to be sent, to one webhook, as administrators see it.
type Delivery struct {
	ID             string     `json:"id"`
	WebhookID      string     `json:"webhook_id"`
	NotificationID string     `json:"notification_id"`
	Kind           string     `json:"kind"`
	Status         string     `json:"status"`
	Attempts       int        `json:"attempts"`
	LastStatus     int        `json:"last_status,omitempty"` // the HTTP status of the last attempt; 0 when none came
	LastError      string     `json:"last_error,omitempty"`
	NextAttemptAt  *time.Time `json:"next_attempt_at,omitempty"`
	CreatedAt      time.Time  `json:"created_at"`
	DeliveredAt    *time.Time `json:"delivered_at,omitempty"`
}

// DeliveryFilter selects a webhook's deliveries by status (empty for all).
type DeliveryFilter struct {
	Status string
	Page   Page
}

// Validate checks the status of a delivery filter.
func (f DeliveryFilter) Validate() error {
	switch f.Status {
	case "", DeliveryPending, DeliveryDelivered, DeliveryFailed:
		return nil
	}
	return Invalid("status", "status must be pending, delivered or failed")
}

// RetryAfter returns the wait after the n-th failed attempt of a delivery (n ≥ 1): one minute,
// doubled after each failure up to an hour, plus jitter ∈ [0, 1) times a quarter of that, so
// that deliveries failing together do not all come back at once.
func RetryAfter(n int, jitter float64) time.Duration {
	d := WebhookFirstRetry
	for i := 1; i < n && d < WebhookMaxRetry; i++ {
		d *= 2
	}
	d = min(d, WebhookMaxRetry)
	return d + time.Duration(jitter*float64(d/4))
}

// NextAttempt returns when a delivery first tried at first is tried again after its n-th failure
// at now, or ok=false when that would be more than WebhookRetryFor after first: it has failed.
func NextAttempt(first, now time.Time, n int, jitter float64) (time.Time, bool) {
	next := now.Add(RetryAfter(n, jitter))
	return next, !next.After(first.Add(WebhookRetryFor))
}

// WebhookPayload is the JSON body of a webhook delivery.
type WebhookPayload struct {
	DeliveryID   string       `json:"delivery_id"`
	Event        string       `json:"event"`
	SentAt       time.Time    `json:"sent_at"`
	Notification Notification `json:"notification"`
	Recipient    Recipient    `json:"recipient"`
	Data         NoticeData   `json:"data"`
}

// Recipient is the person a delivered notification is for, so that a gateway can reach them.
type Recipient struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Login  string `json:"login"` // a mainland mobile number or an e-mail address
	Locale string `json:"locale"`
}

// OutgoingDelivery is a delivery a worker has claimed: where to send it, the secret to sign it
// with, and its payload (SentAt is set by the sender).
type OutgoingDelivery struct {
	ID       string
	URL      string
	Secret   string
	Attempts int       // failed attempts so far
	FirstTry time.Time // when it was first due
	Payload  WebhookPayload
}

// DeliveryOutcome is what one attempt came to: delivered, or failed with an HTTP status (0 for
// none) and an error, to be retried at RetryAt or, when RetryAt is zero, given up.
type DeliveryOutcome struct {
	Delivered bool
	Status    int
	Error     string
	RetryAt   time.Time
}

// Outbox is what the notification worker needs of storage. Several workers, in one process or
// in several sharing a database, may use it at once: a claim is a lease, and an outcome counts
// only from the worker holding it.
type Outbox interface {
	// ScanDue writes the reminders and alerts due now that were not written yet; reminderHour
	// is the local hour of the day-before reminders.
	ScanDue(ctx context.Context, reminderHour int) error
	// ClaimDeliveries leases up to max due deliveries to worker for lease.
	ClaimDeliveries(ctx context.Context, worker string, lease time.Duration, max int) ([]OutgoingDelivery, error)
	// FinishDelivery records the outcome of an attempt, if worker still holds the delivery.
	FinishDelivery(ctx context.Context, worker, id string, o DeliveryOutcome) error
	// ReleaseDeliveries gives back worker's unfinished claims at once, for another worker or
	// the next start.
	ReleaseDeliveries(ctx context.Context, worker string) error
}
