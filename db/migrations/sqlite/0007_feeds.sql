-- Calendar feeds (docs/api/feeds.md): personal feed tokens, each user's relations to sessions as
-- feeds show them, and the version of every feed. Instants are TEXT in UTC, fixed width, as in 0001.
--
-- The triggers at the end keep feed_entries and feed_versions up to date in the same transaction
-- as every change that a feed shows, whichever code makes it (sessions, bookings, sign-ups, staff,
-- children, households). A feed is then a function of its version and the day, so every server
-- agrees on its ETag, and a repeated poll is answered from one indexed row. A new way of changing
-- something a feed shows (say a PATCH of venues or buildings, which has none yet) needs a trigger
-- here too.

-- A user's personal feed token is HMAC-SHA256(server secret, user id, generation); the secret is
-- kept outside the database. Only the token's SHA-256 is stored, so a copy of the database reveals
-- no working URL; rotating raises the generation and replaces the hash.
CREATE TABLE feed_tokens (
    user_id         TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    generation      INTEGER NOT NULL,
    token_hash      BLOB NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    last_fetched_at TEXT
);

-- One row per subscriber (a user with a feed token) and session they have stood in relation to
-- since they subscribed: staffs it, signed up for it, or has a child booked into it. The first
-- GET /me/feeds writes the rows of the relations held then; the triggers below add the rest. Rows
-- stay when the relation ends, so that the event can show as cancelled for 30 days. changes counts
-- the relation's changes after the first (the event's SEQUENCE is sessions.sequence + changes, so
-- it never falls); changed_at is the last change. Users who never subscribed cost the triggers one
-- index probe and no write, so a rush of bookings is not slowed down by feeds nobody reads.
CREATE TABLE feed_entries (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    changes    INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, session_id)
) WITHOUT ROWID;
CREATE INDEX feed_entries_session ON feed_entries(session_id);

-- The version of a feed (kind 'personal' with a user id, 'community' or 'program' with theirs),
-- raised by every change of something it shows, and when that happened by the clock (the HTTP
-- Last-Modified: it also covers events that left the feed). A missing row is version 0.
CREATE TABLE feed_versions (
    kind       TEXT NOT NULL CHECK (kind IN ('personal', 'community', 'program')),
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Relations of subscribers: a new one is an entry with changes 0, every later change raises
-- changes, and each raises the subscriber's version. Each trigger fires only for subscribers (its
-- WHEN clause), so that a booking of anyone else costs one index probe. (The versions are raised
-- here rather than by triggers on feed_entries: SQLite runs an INSERT ... SELECT into a table with
-- triggers through a temporary table, which halved the rate of a booking rush.)

CREATE TRIGGER feed_staff_added AFTER INSERT ON session_staff
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at)
    SELECT NEW.user_id, id, updated_at FROM sessions WHERE id = NEW.session_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_staff_removed AFTER DELETE ON session_staff
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = OLD.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at)
    SELECT OLD.user_id, id, updated_at FROM sessions WHERE id = OLD.session_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', OLD.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_booking_added AFTER INSERT ON bookings
WHEN EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at)
    SELECT g.user_id, NEW.session_id, NEW.updated_at FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_booking_changed AFTER UPDATE OF status ON bookings
WHEN OLD.status IS NOT NEW.status
 AND EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at)
    SELECT g.user_id, NEW.session_id, NEW.updated_at FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_signup_added AFTER INSERT ON session_signups
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at) VALUES (NEW.user_id, NEW.session_id, NEW.updated_at)
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_signup_changed AFTER UPDATE OF status ON session_signups
WHEN OLD.status IS NOT NEW.status AND EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at) VALUES (NEW.user_id, NEW.session_id, NEW.updated_at)
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

-- A new guardian sees the child's bookings that still hold a place or a place in line.
CREATE TRIGGER feed_guardian_added AFTER INSERT ON child_guardians
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at)
    SELECT NEW.user_id, session_id, NEW.added_at FROM bookings WHERE child_id = NEW.child_id AND status IN ('confirmed', 'waitlisted')
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at);
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

-- Before a child is deleted (its bookings lose their child_id, its guardians go), its guardians'
-- entries change: the events lose the child. The change has no stored time, so it takes the clock's.
CREATE TRIGGER feed_child_deleted BEFORE DELETE ON children
WHEN EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = OLD.id) BEGIN
    UPDATE feed_entries SET changes = changes + 1, changed_at = max(changed_at, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    WHERE user_id IN (SELECT user_id FROM child_guardians WHERE child_id = OLD.id)
      AND session_id IN (SELECT session_id FROM bookings WHERE child_id = OLD.id);
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = OLD.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

-- Versions: a personal feed changes with its entries (above), the user's language, the names of
-- their children, the sessions, programs and households it shows; a public feed with its sessions,
-- programs and community.

CREATE TRIGGER feed_locale_changed AFTER UPDATE OF locale ON users WHEN OLD.locale IS NOT NEW.locale BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', NEW.id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE EXISTS (SELECT 1 FROM feed_tokens t WHERE t.user_id = NEW.id)
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_child_changed AFTER UPDATE ON children
WHEN OLD.name IS NOT NEW.name OR OLD.updated_at IS NOT NEW.updated_at BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g
    WHERE g.child_id = NEW.id AND EXISTS (SELECT 1 FROM feed_tokens t WHERE t.user_id = g.user_id)
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_session_added AFTER INSERT ON sessions WHEN NEW.kind <> 'neighbor_visit' BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('community', NEW.community_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')), ('program', NEW.program_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_session_changed AFTER UPDATE ON sessions
WHEN OLD.updated_at IS NOT NEW.updated_at OR OLD.sequence IS NOT NEW.sequence OR OLD.status IS NOT NEW.status
  OR OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.title IS NOT NEW.title
  OR OLD.kind IS NOT NEW.kind OR OLD.venue_id IS NOT NEW.venue_id OR OLD.cancel_reason IS NOT NEW.cancel_reason BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'community', NEW.community_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE NEW.kind <> 'neighbor_visit'
    UNION ALL SELECT 'program', NEW.program_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE NEW.kind <> 'neighbor_visit'
    UNION ALL SELECT 'personal', e.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM feed_entries e WHERE e.session_id = NEW.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_program_changed AFTER UPDATE ON programs
WHEN OLD.updated_at IS NOT NEW.updated_at OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'community', NEW.community_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE NEW.kind <> 'neighbor_visit'
    UNION ALL SELECT 'program', NEW.id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') WHERE NEW.kind <> 'neighbor_visit'
    UNION ALL SELECT DISTINCT 'personal', e.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM sessions s JOIN feed_entries e ON e.session_id = s.id WHERE s.program_id = NEW.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_community_changed AFTER UPDATE ON communities
WHEN OLD.name IS NOT NEW.name OR OLD.timezone IS NOT NEW.timezone BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'community', NEW.id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')
    UNION ALL SELECT 'program', p.id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM programs p WHERE p.community_id = NEW.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

CREATE TRIGGER feed_household_changed AFTER UPDATE ON households
WHEN OLD.label IS NOT NEW.label OR OLD.updated_at IS NOT NEW.updated_at BEGIN
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT DISTINCT 'personal', e.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM visit_plans vp JOIN sessions s ON s.program_id = vp.program_id
        JOIN feed_entries e ON e.session_id = s.id
    WHERE vp.household_id = NEW.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;
