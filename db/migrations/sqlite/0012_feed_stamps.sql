-- Feed stamps (issue 14): the LAST-MODIFIED of every event rises with every change of it, even
-- two changes in one second. ICSx5 updates an event only when its LAST-MODIFIED, which has
-- one-second resolution, changes; SEQUENCE alone is not enough. Each change stamps the event
-- max(now, previous stamp + 1 s), so a second change within a second moves it a second ahead.
--
-- An event's stamp is kept where its changes meet: sessions.feed_stamp for the event of public
-- feeds and downloads (the session and its program), feed_entries.stamp for a personal feed's
-- event (the session, its program, the user's relation, children, household and language). An
-- empty feed_stamp means the session has not changed since it was made: its event is stamped with
-- the last change of the session or its program, as before. "now" is the changed row's
-- updated_at (the server's clock), or SQLite's clock where a change has no time of its own.

ALTER TABLE sessions ADD COLUMN feed_stamp TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_entries ADD COLUMN stamp TEXT NOT NULL DEFAULT '';

UPDATE feed_entries SET stamp = COALESCE((SELECT max(feed_entries.changed_at, s.updated_at, p.updated_at)
    FROM sessions s JOIN programs p ON p.id = s.program_id WHERE s.id = feed_entries.session_id), changed_at);

-- A change of what a session's event shows stamps the session and every personal event of it.
-- (These updates change no column the session triggers watch, so they fire nothing further.)
CREATE TRIGGER feed_stamp_session AFTER UPDATE ON sessions
WHEN OLD.updated_at IS NOT NEW.updated_at OR OLD.sequence IS NOT NEW.sequence OR OLD.status IS NOT NEW.status
  OR OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.title IS NOT NEW.title
  OR OLD.kind IS NOT NEW.kind OR OLD.venue_id IS NOT NEW.venue_id OR OLD.cancel_reason IS NOT NEW.cancel_reason BEGIN
    UPDATE sessions SET feed_stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', max(OLD.feed_stamp, OLD.updated_at, COALESCE((SELECT updated_at FROM programs WHERE id = NEW.program_id), '')), '+1 second'), NEW.updated_at))
    WHERE id = NEW.id;
    UPDATE feed_entries SET stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), NEW.updated_at)) WHERE session_id = NEW.id;
END;

-- A program's title and description are in the events of all its sessions.
CREATE TRIGGER feed_stamp_program AFTER UPDATE ON programs
WHEN OLD.updated_at IS NOT NEW.updated_at OR OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description BEGIN
    UPDATE sessions SET feed_stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', max(feed_stamp, updated_at, OLD.updated_at), '+1 second'), NEW.updated_at))
    WHERE program_id = NEW.id;
    UPDATE feed_entries SET stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), NEW.updated_at))
    WHERE session_id IN (SELECT id FROM sessions WHERE program_id = NEW.id);
END;

-- A child's name is in its guardians' events of the sessions it is booked into.
CREATE TRIGGER feed_stamp_child AFTER UPDATE ON children
WHEN OLD.name IS NOT NEW.name OR OLD.updated_at IS NOT NEW.updated_at BEGIN
    UPDATE feed_entries SET stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), NEW.updated_at))
    WHERE user_id IN (SELECT user_id FROM child_guardians WHERE child_id = NEW.id)
      AND session_id IN (SELECT session_id FROM bookings WHERE child_id = NEW.id);
END;

-- A household's label and building are in its visitors' events.
CREATE TRIGGER feed_stamp_household AFTER UPDATE ON households
WHEN OLD.label IS NOT NEW.label OR OLD.updated_at IS NOT NEW.updated_at BEGIN
    UPDATE feed_entries SET stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), NEW.updated_at))
    WHERE session_id IN (SELECT s.id FROM visit_plans vp JOIN sessions s ON s.program_id = vp.program_id WHERE vp.household_id = NEW.id);
END;

-- A user's language is the language of all their events.
CREATE TRIGGER feed_stamp_locale AFTER UPDATE OF locale ON users WHEN OLD.locale IS NOT NEW.locale BEGIN
    UPDATE feed_entries SET stamp = max(NEW.updated_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), NEW.updated_at)) WHERE user_id = NEW.id;
END;

-- The relation triggers of 0007, each now stamping the entry it adds or changes.

DROP TRIGGER feed_staff_added;
CREATE TRIGGER feed_staff_added AFTER INSERT ON session_staff
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp)
    SELECT NEW.user_id, id, updated_at, updated_at FROM sessions WHERE id = NEW.session_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_staff_removed;
CREATE TRIGGER feed_staff_removed AFTER DELETE ON session_staff
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = OLD.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp)
    SELECT OLD.user_id, id, updated_at, updated_at FROM sessions WHERE id = OLD.session_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', OLD.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_booking_added;
CREATE TRIGGER feed_booking_added AFTER INSERT ON bookings
WHEN EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp)
    SELECT g.user_id, NEW.session_id, NEW.updated_at, NEW.updated_at FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_booking_changed;
CREATE TRIGGER feed_booking_changed AFTER UPDATE OF status ON bookings
WHEN OLD.status IS NOT NEW.status
 AND EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp)
    SELECT g.user_id, NEW.session_id, NEW.updated_at, NEW.updated_at FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = NEW.child_id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_signup_added;
CREATE TRIGGER feed_signup_added AFTER INSERT ON session_signups
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp) VALUES (NEW.user_id, NEW.session_id, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_signup_changed;
CREATE TRIGGER feed_signup_changed AFTER UPDATE OF status ON session_signups
WHEN OLD.status IS NOT NEW.status AND EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp) VALUES (NEW.user_id, NEW.session_id, NEW.updated_at, NEW.updated_at)
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_guardian_added;
CREATE TRIGGER feed_guardian_added AFTER INSERT ON child_guardians
WHEN EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) BEGIN
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp)
    SELECT NEW.user_id, session_id, NEW.added_at, NEW.added_at FROM bookings WHERE child_id = NEW.child_id AND status IN ('confirmed', 'waitlisted')
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = changes + 1, changed_at = max(changed_at, excluded.changed_at),
        stamp = max(excluded.changed_at, COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), excluded.changed_at));
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES ('personal', NEW.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;

DROP TRIGGER feed_child_deleted;
CREATE TRIGGER feed_child_deleted BEFORE DELETE ON children
WHEN EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = OLD.id) BEGIN
    UPDATE feed_entries SET changes = changes + 1, changed_at = max(changed_at, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')),
        stamp = max(strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'), COALESCE(strftime('%Y-%m-%dT%H:%M:%f000Z', stamp, '+1 second'), strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')))
    WHERE user_id IN (SELECT user_id FROM child_guardians WHERE child_id = OLD.id)
      AND session_id IN (SELECT session_id FROM bookings WHERE child_id = OLD.id);
    INSERT INTO feed_versions (kind, id, version, changed_at)
    SELECT 'personal', g.user_id, 1, strftime('%Y-%m-%dT%H:%M:%f000Z', 'now') FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id
    WHERE g.child_id = OLD.id
    ON CONFLICT (kind, id) DO UPDATE SET version = version + 1, changed_at = excluded.changed_at;
END;
