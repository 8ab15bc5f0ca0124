package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Headers of a webhook delivery.
const (
	HeaderSignature = "X-Linli-Signature" // sha256=<hex HMAC-SHA256 of the body under the secret>
	HeaderDelivery  = "X-Linli-Delivery"  // the delivery id, the same on every retry
	HeaderTimestamp = "X-Linli-Timestamp" // Unix seconds of sent_at in the body
	HeaderEvent     = "X-Linli-Event"     // the notice kind
)

// maxErrorText bounds the error kept for an administrator to read.
const maxErrorText = 300

// Sign returns the signature header value of body under secret: "sha256=" and the hex-encoded
// HMAC-SHA256.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports, in constant time, whether signature is body's signature under secret.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// post sends one delivery, signed, and says what came of it: a 2xx answer within Timeout is
// delivered; anything else is a failure to retry, or to give up after linli.WebhookRetryFor.
func (w *Worker) post(ctx context.Context, d linli.OutgoingDelivery) linli.DeliveryOutcome {
	p := d.Payload
	p.SentAt = w.Now().UTC().Truncate(time.Second)
	body, err := json.Marshal(p)
	if err != nil {
		return w.failed(d, 0, err.Error())
	}
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return w.failed(d, 0, err.Error())
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "linli-webhook/1")
	req.Header.Set(HeaderSignature, Sign(d.Secret, body))
	req.Header.Set(HeaderDelivery, d.ID)
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(p.SentAt.Unix(), 10))
	req.Header.Set(HeaderEvent, p.Event)
	resp, err := w.Client.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return w.failed(d, 0, fmt.Sprintf("no answer within %v", w.Timeout))
		}
		return w.failed(d, 0, err.Error())
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return linli.DeliveryOutcome{Delivered: true, Status: resp.StatusCode}
	}
	return w.failed(d, resp.StatusCode, "answered "+resp.Status)
}

// failed is the outcome of a failed attempt: retried after a growing wait, or given up.
func (w *Worker) failed(d linli.OutgoingDelivery, status int, msg string) linli.DeliveryOutcome {
	if len(msg) > maxErrorText {
		msg = strings.ToValidUTF8(msg[:maxErrorText], "")
	}
	o := linli.DeliveryOutcome{Status: status, Error: msg}
	if next, ok := linli.NextAttempt(d.FirstTry, w.Now(), d.Attempts+1, w.Jitter()); ok {
		o.RetryAt = next
	}
	return o
}
