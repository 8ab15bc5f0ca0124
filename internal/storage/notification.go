package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/linli/linli/internal/linli"
)

// Notifications implements linli.NotificationService: the inbox and the webhooks.
type Notifications struct{ *DB }

var _ linli.NotificationService = Notifications{}

const notificationColumns = `id, kind, COALESCE(session_id, ''), data, created_at, read_at`

// scanNotification reads a notification and renders it in locale, its instants in the zone of
// the community it is about.
func scanNotification(r interface{ Scan(...any) error }, locale string) (linli.Notification, linli.NoticeData, error) {
	var n linli.Notification
	var d linli.NoticeData
	var data string
	var created instant
	var read nullInstant
	if err := r.Scan(&n.ID, &n.Kind, &n.SessionID, &data, &created, &read); err != nil {
		return n, d, err
	}
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return n, d, err
	}
	loc := d.Location()
	d.WrittenAt = created.Time
	m := linli.RenderNotice(n.Kind, locale, d)
	n.Title, n.Body, n.CreatedAt = m.Title, m.Body, created.In(loc)
	if d.Round != nil {
		n.RoundID = d.Round.RoundID
	}
	if read.Valid {
		t := read.Time.In(loc)
		n.ReadAt = &t
	}
	return n, d, nil
}

// FindNotifications lists the actor's notifications, newest first, in their language.
func (s Notifications) FindNotifications(ctx context.Context, a *linli.Actor, in linli.Input[linli.NotificationFilter]) (*linli.Inbox, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	f, err := in()
	if err != nil {
		return nil, err
	}
	items, next, err := listPage(ctx, s.read, f.Page, `SELECT `+notificationColumns+` FROM notifications
		WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) AND (?3 = '' OR id < ?3) ORDER BY id DESC LIMIT ?4`,
		func(r *sql.Rows) (linli.Notification, error) {
			n, _, err := scanNotification(r, a.User.Locale)
			return n, err
		},
		func(n linli.Notification) string { return n.ID },
		a.UserID(), f.Unread)
	if err != nil {
		return nil, err
	}
	inbox := &linli.Inbox{Items: items, NextCursor: next}
	err = s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, a.UserID()).Scan(&inbox.UnreadCount)
	return inbox, translate(err)
}

// MarkRead marks one of the actor's notifications read. Reading is the reader's own state, not a
// change of the community's data, so it is not audited.
func (s Notifications) MarkRead(ctx context.Context, a *linli.Actor, id string) (*linli.Notification, error) {
	if err := a.RequireUser(); err != nil {
		return nil, err
	}
	if !validID(id) {
		return nil, linli.NotFound("notification")
	}
	var out linli.Notification
	err := s.inTx(ctx, func(tx *Tx) error {
		n, _, err := scanNotification(tx.QueryRowContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, ?)
			WHERE id = ? AND user_id = ? RETURNING `+notificationColumns, fmtTime(tx.Now), id, a.UserID()), a.User.Locale)
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound("notification")
		}
		out = n
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateWebhook subscribes a URL to notice kinds; administrators only. The secret is kept to
// sign deliveries and is never shown again; the audit log records the URL and the kinds.
func (s Notifications) CreateWebhook(ctx context.Context, a *linli.Actor, body linli.Input[linli.NewWebhook]) (*linli.Webhook, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, err
	}
	in, err := body()
	if err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	w := &linli.Webhook{ID: newID(), URL: in.URL, Events: in.Events}
	err = s.inTx(ctx, func(tx *Tx) error {
		w.CreatedAt = tx.Now
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, url, events, secret, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.ID, w.URL, jsonList(w.Events), in.Secret, a.UserID(), fmtTime(tx.Now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "webhook.create", "webhook", w.ID, map[string]any{"url": w.URL, "events": w.Events})
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func scanWebhook(r interface{ Scan(...any) error }) (linli.Webhook, error) {
	var w linli.Webhook
	var events string
	var created instant
	if err := r.Scan(&w.ID, &w.URL, &events, &created); err != nil {
		return w, err
	}
	w.CreatedAt = created.Time
	return w, json.Unmarshal([]byte(events), &w.Events)
}

// FindWebhooks lists the webhooks, oldest first; administrators only.
func (s Notifications) FindWebhooks(ctx context.Context, a *linli.Actor, in linli.Input[linli.Page]) ([]linli.Webhook, string, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, "", err
	}
	p, err := in()
	if err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, p, `SELECT id, url, events, created_at FROM webhooks WHERE id > ? ORDER BY id LIMIT ?`,
		func(r *sql.Rows) (linli.Webhook, error) { return scanWebhook(r) },
		func(w linli.Webhook) string { return w.ID })
}

// DeleteWebhook deletes a webhook with its deliveries, made or not; administrators only.
func (s Notifications) DeleteWebhook(ctx context.Context, a *linli.Actor, id string) error {
	if err := a.RequireAdmin(); err != nil {
		return err
	}
	if !validID(id) {
		return linli.NotFound("webhook")
	}
	return s.inTx(ctx, func(tx *Tx) error {
		w, err := scanWebhook(tx.QueryRowContext(ctx, `DELETE FROM webhooks WHERE id = ? RETURNING id, url, events, created_at`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return linli.NotFound("webhook")
		}
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, "", "webhook.delete", "webhook", id, map[string]any{"url": w.URL, "events": w.Events})
	})
}

// FindDeliveries lists a webhook's deliveries, newest first, by status; administrators only.
func (s Notifications) FindDeliveries(ctx context.Context, a *linli.Actor, webhookID string, in linli.Input[linli.DeliveryFilter]) ([]linli.Delivery, string, error) {
	if err := a.RequireAdmin(); err != nil {
		return nil, "", err
	}
	var exists bool
	if validID(webhookID) {
		if err := s.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM webhooks WHERE id = ?)`, webhookID).Scan(&exists); err != nil {
			return nil, "", translate(err)
		}
	}
	if !exists {
		return nil, "", linli.NotFound("webhook")
	}
	f, err := in()
	if err != nil {
		return nil, "", err
	}
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	return listPage(ctx, s.read, f.Page, `SELECT d.id, d.webhook_id, d.notification_id, n.kind, d.status, d.attempts, d.last_status,
			d.last_error, d.next_attempt_at, d.created_at, d.delivered_at
		FROM webhook_deliveries d JOIN notifications n ON n.id = d.notification_id
		WHERE d.webhook_id = ?1 AND (?2 = '' OR d.status = ?2) AND (?3 = '' OR d.id < ?3) ORDER BY d.id DESC LIMIT ?4`,
		scanDelivery, func(d linli.Delivery) string { return d.ID }, webhookID, f.Status)
}

func scanDelivery(r *sql.Rows) (linli.Delivery, error) {
	var d linli.Delivery
	var next, created instant
	var delivered nullInstant
	err := r.Scan(&d.ID, &d.WebhookID, &d.NotificationID, &d.Kind, &d.Status, &d.Attempts, &d.LastStatus,
		&d.LastError, &next, &created, &delivered)
	d.CreatedAt = created.Time
	if d.Status == linli.DeliveryPending {
		t := next.Time
		d.NextAttemptAt = &t
	}
	if delivered.Valid {
		t := delivered.Time
		d.DeliveredAt = &t
	}
	return d, err
}
