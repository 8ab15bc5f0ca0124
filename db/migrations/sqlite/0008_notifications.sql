-- Notifications: the outbox, which is also each user's in-app inbox; webhooks for a city's
-- gateway (SMS, WeChat) and their deliveries. Instants are TEXT in UTC, fixed width, as in 0001.

-- One row per notice and recipient, written in the same transaction as the change that causes
-- it. data holds what the text names (NoticeData as JSON); the title and body are rendered from
-- it in the reader's language when read or delivered. once_key (kind|session|user) makes a
-- reminder or an alert unique for ever, however often a scan finds it due.
CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,   -- UUIDv7: ordering by id follows creation
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    session_id TEXT REFERENCES sessions(id),
    once_key   TEXT UNIQUE,
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_session ON notifications(session_id, kind) WHERE session_id IS NOT NULL;

-- secret signs the deliveries (HMAC-SHA256), so it is kept as given; the API never shows it.
CREATE TABLE webhooks (
    id         TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    events     TEXT NOT NULL,      -- JSON list of notice kinds
    secret     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One row per notification and subscribed webhook, written with the notification. A worker
-- claims a due row by setting claimed_by and lease_until in a write transaction, posts it, and
-- only then records the outcome, provided it still holds the claim.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY, -- the X-Linli-Delivery header
    webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    notification_id TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by      TEXT,
    lease_until     TEXT,
    last_status     INTEGER NOT NULL DEFAULT 0, -- HTTP status of the last attempt; 0 when none came
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    delivered_at    TEXT,
    UNIQUE (webhook_id, notification_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries(webhook_id, status, id);
CREATE INDEX webhook_deliveries_notification ON webhook_deliveries(notification_id);
