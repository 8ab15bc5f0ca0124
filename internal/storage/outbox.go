package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/linli/linli/internal/linli"
)

// Outbox implements linli.Outbox for the notification worker: due reminders and alerts, and the
// leased delivery of webhooks.
type Outbox struct{ *DB }

var _ linli.Outbox = Outbox{}

// ClaimDeliveries leases up to max due deliveries to worker, in one write transaction: a row is
// taken only while no other worker's lease on it runs, so no two workers post it at once. On
// PostgreSQL the workers of several instances claim side by side, each passing over the rows
// another is claiming (see Tx.skipLocked and inQueueTx).
func (s Outbox) ClaimDeliveries(ctx context.Context, worker string, lease time.Duration, max int) ([]linli.OutgoingDelivery, error) {
	var out []linli.OutgoingDelivery
	err := s.inQueueTx(ctx, func(tx *Tx) error {
		out = nil
		now := fmtTime(tx.Now)
		due, err := queryStrings(ctx, tx, `SELECT id FROM webhook_deliveries
			WHERE status = 'pending' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until < ?1)
			ORDER BY next_attempt_at, id LIMIT ?2`+tx.skipLocked(), now, max)
		if err != nil {
			return err
		}
		until := fmtTime(tx.Now.Add(lease))
		for _, id := range due {
			res, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ?
				WHERE id = ? AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)`, worker, until, id, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return err
				}
				continue
			}
			d, err := outgoing(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// outgoing reads a claimed delivery with what its payload says: the notification rendered in
// its recipient's language, and the recipient.
func outgoing(ctx context.Context, tx *Tx, id string) (linli.OutgoingDelivery, error) {
	var d linli.OutgoingDelivery
	var first instant
	var locale string
	var r linli.Recipient
	err := tx.QueryRowContext(ctx, `SELECT d.attempts, d.created_at, w.url, w.secret, u.id, u.name, u.login, u.locale
		FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN notifications n ON n.id = d.notification_id
			JOIN users u ON u.id = n.user_id
		WHERE d.id = ?`, id).Scan(&d.Attempts, &first, &d.URL, &d.Secret, &r.ID, &r.Name, &r.Login, &locale)
	if err != nil {
		return d, err
	}
	r.Locale = locale
	n, data, err := scanNotification(tx.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE id = (SELECT notification_id FROM webhook_deliveries WHERE id = ?)`, id), locale)
	if err != nil {
		return d, err
	}
	d.ID, d.FirstTry = id, first.Time
	d.Payload = linli.WebhookPayload{DeliveryID: id, Event: n.Kind, Notification: n, Recipient: r, Data: data}
	return d, nil
}

// FinishDelivery records the outcome of an attempt, if worker still holds the delivery: a
// delivery another worker has taken over since (the lease ran out) keeps that worker's outcome.
func (s Outbox) FinishDelivery(ctx context.Context, worker, id string, o linli.DeliveryOutcome) error {
	return s.inTx(ctx, func(tx *Tx) error {
		now := fmtTime(tx.Now)
		status, next, delivered := linli.DeliveryPending, fmtTime(o.RetryAt), sql.NullString{}
		switch {
		case o.Delivered:
			status, next, delivered = linli.DeliveryDelivered, now, sql.NullString{String: now, Valid: true}
		case o.RetryAt.IsZero():
			status, next = linli.DeliveryFailed, now
		}
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
				delivered_at = ?, last_status = ?, last_error = ?, claimed_by = NULL, lease_until = NULL, updated_at = ?
			WHERE id = ? AND claimed_by = ? AND status = 'pending'`,
			status, next, delivered, o.Status, o.Error, now, id, worker)
		return err
	})
}

// ReleaseDeliveries gives back the deliveries worker claimed and did not finish.
func (s Outbox) ReleaseDeliveries(ctx context.Context, worker string) error {
	return s.inTx(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE webhook_deliveries SET claimed_by = NULL, lease_until = NULL
			WHERE claimed_by = ? AND status = 'pending'`, worker)
		return err
	})
}
