-- Signed-in devices (GET /me/sessions): each session gets a random id of its own, separate from
-- the cookie and its hash, and remembers when it was last used and by which browser.
ALTER TABLE auth_sessions ADD COLUMN device_id TEXT;
ALTER TABLE auth_sessions ADD COLUMN last_seen_at TEXT;
ALTER TABLE auth_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- A session written without a device id (by an older tool) gets a random one (a version 4 UUID).
CREATE TRIGGER auth_sessions_device AFTER INSERT ON auth_sessions WHEN NEW.device_id IS NULL OR NEW.last_seen_at IS NULL
BEGIN
    UPDATE auth_sessions SET last_seen_at = COALESCE(last_seen_at, created_at),
        device_id = COALESCE(device_id, lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
            substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))))
    WHERE token_hash = NEW.token_hash;
END;

UPDATE auth_sessions SET last_seen_at = created_at,
    device_id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
CREATE UNIQUE INDEX auth_sessions_device ON auth_sessions(device_id);
