-- The triggers of the SQLite migrations 0006, 0007, 0010 and 0012, as they stand after 0012: they
-- keep feed_entries, feed_versions and the feed stamps up to date in the same transaction as every
-- change a feed shows, anonymise what a deleted child leaves, and give a device id to a session
-- written without one. db/migrations/sqlite/0007_feeds.sql and 0012_feed_stamps.sql explain each.
-- PostgreSQL runs an AFTER trigger at the end of its statement rather than after each row; no
-- trigger here reads what another row's trigger writes, so the results are the same.

-- A subscriber's feed changed: raise its version.
CREATE FUNCTION linli_raise_feed(k text, i text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO feed_versions (kind, id, version, changed_at) VALUES (k, i, 1, linli_now())
    ON CONFLICT (kind, id) DO UPDATE SET version = feed_versions.version + 1, changed_at = excluded.changed_at
$$;

-- A subscriber's relation to a session began or changed at the instant given.
CREATE FUNCTION linli_touch_entry(u text, s text, at text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO feed_entries (user_id, session_id, changed_at, stamp) VALUES (u, s, at, at)
    ON CONFLICT (user_id, session_id) DO UPDATE SET changes = feed_entries.changes + 1,
        changed_at = GREATEST(feed_entries.changed_at, excluded.changed_at),
        stamp = GREATEST(excluded.changed_at, COALESCE(linli_next_second(feed_entries.stamp), excluded.changed_at))
$$;

CREATE FUNCTION linli_feed_staff() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r session_staff;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = r.user_id) THEN
        PERFORM linli_touch_entry(r.user_id, s.id, s.updated_at) FROM sessions s WHERE s.id = r.session_id;
        PERFORM linli_raise_feed('personal', r.user_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_staff_added AFTER INSERT ON session_staff FOR EACH ROW EXECUTE FUNCTION linli_feed_staff();
CREATE TRIGGER feed_staff_removed AFTER DELETE ON session_staff FOR EACH ROW EXECUTE FUNCTION linli_feed_staff();

CREATE FUNCTION linli_feed_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM linli_touch_entry(g.user_id, NEW.session_id, NEW.updated_at)
        FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id;
    PERFORM linli_raise_feed('personal', g.user_id)
        FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = NEW.child_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_booking_added AFTER INSERT ON bookings FOR EACH ROW EXECUTE FUNCTION linli_feed_booking();
CREATE TRIGGER feed_booking_changed AFTER UPDATE OF status ON bookings FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION linli_feed_booking();

CREATE FUNCTION linli_feed_signup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) THEN
        PERFORM linli_touch_entry(NEW.user_id, NEW.session_id, NEW.updated_at);
        PERFORM linli_raise_feed('personal', NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_signup_added AFTER INSERT ON session_signups FOR EACH ROW EXECUTE FUNCTION linli_feed_signup();
CREATE TRIGGER feed_signup_changed AFTER UPDATE OF status ON session_signups FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION linli_feed_signup();

CREATE FUNCTION linli_feed_guardian() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM feed_tokens WHERE user_id = NEW.user_id) THEN
        PERFORM linli_touch_entry(NEW.user_id, b.session_id, NEW.added_at)
            FROM bookings b WHERE b.child_id = NEW.child_id AND b.status IN ('confirmed', 'waitlisted');
        PERFORM linli_raise_feed('personal', NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_guardian_added AFTER INSERT ON child_guardians FOR EACH ROW EXECUTE FUNCTION linli_feed_guardian();

CREATE FUNCTION linli_feed_child_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    now text := linli_now();
BEGIN
    IF EXISTS (SELECT 1 FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = OLD.id) THEN
        UPDATE feed_entries SET changes = changes + 1, changed_at = GREATEST(changed_at, now),
            stamp = GREATEST(now, COALESCE(linli_next_second(stamp), now))
        WHERE user_id IN (SELECT user_id FROM child_guardians WHERE child_id = OLD.id)
          AND session_id IN (SELECT session_id FROM bookings WHERE child_id = OLD.id);
        PERFORM linli_raise_feed('personal', g.user_id)
            FROM child_guardians g JOIN feed_tokens t ON t.user_id = g.user_id WHERE g.child_id = OLD.id;
    END IF;
    RETURN OLD;
END
$$;
CREATE TRIGGER feed_child_deleted BEFORE DELETE ON children FOR EACH ROW EXECUTE FUNCTION linli_feed_child_deleted();

CREATE FUNCTION linli_feed_locale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM feed_tokens t WHERE t.user_id = NEW.id) THEN
        PERFORM linli_raise_feed('personal', NEW.id);
    END IF;
    UPDATE feed_entries SET stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(stamp), NEW.updated_at)) WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_locale_changed AFTER UPDATE OF locale ON users FOR EACH ROW
    WHEN (OLD.locale IS DISTINCT FROM NEW.locale) EXECUTE FUNCTION linli_feed_locale();

CREATE FUNCTION linli_feed_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM linli_raise_feed('personal', g.user_id) FROM child_guardians g
        WHERE g.child_id = NEW.id AND EXISTS (SELECT 1 FROM feed_tokens t WHERE t.user_id = g.user_id);
    UPDATE feed_entries SET stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(stamp), NEW.updated_at))
    WHERE user_id IN (SELECT user_id FROM child_guardians WHERE child_id = NEW.id)
      AND session_id IN (SELECT session_id FROM bookings WHERE child_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_child_changed AFTER UPDATE ON children FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
    EXECUTE FUNCTION linli_feed_child_changed();

CREATE FUNCTION linli_feed_session_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM linli_raise_feed('community', NEW.community_id);
    PERFORM linli_raise_feed('program', NEW.program_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_session_added AFTER INSERT ON sessions FOR EACH ROW
    WHEN (NEW.kind <> 'neighbor_visit') EXECUTE FUNCTION linli_feed_session_added();

-- A change of what a session's event shows raises the feeds that show it and stamps the session
-- and every personal event of it. (The stamp updates change no column this trigger watches.)
CREATE FUNCTION linli_feed_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'neighbor_visit' THEN
        PERFORM linli_raise_feed('community', NEW.community_id);
        PERFORM linli_raise_feed('program', NEW.program_id);
    END IF;
    PERFORM linli_raise_feed('personal', e.user_id) FROM feed_entries e WHERE e.session_id = NEW.id;
    UPDATE sessions SET feed_stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(GREATEST(OLD.feed_stamp, OLD.updated_at,
            COALESCE((SELECT updated_at FROM programs WHERE id = NEW.program_id), ''))), NEW.updated_at))
    WHERE id = NEW.id;
    UPDATE feed_entries SET stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(stamp), NEW.updated_at)) WHERE session_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_session_changed AFTER UPDATE ON sessions FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.sequence IS DISTINCT FROM NEW.sequence
      OR OLD.status IS DISTINCT FROM NEW.status OR OLD.starts_at IS DISTINCT FROM NEW.starts_at
      OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.title IS DISTINCT FROM NEW.title
      OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.venue_id IS DISTINCT FROM NEW.venue_id
      OR OLD.cancel_reason IS DISTINCT FROM NEW.cancel_reason)
    EXECUTE FUNCTION linli_feed_session_changed();

CREATE FUNCTION linli_feed_program_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind <> 'neighbor_visit' THEN
        PERFORM linli_raise_feed('community', NEW.community_id);
        PERFORM linli_raise_feed('program', NEW.id);
    END IF;
    PERFORM linli_raise_feed('personal', u.user_id) FROM (SELECT DISTINCT e.user_id FROM sessions s
        JOIN feed_entries e ON e.session_id = s.id WHERE s.program_id = NEW.id) u;
    UPDATE sessions SET feed_stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(GREATEST(feed_stamp, updated_at, OLD.updated_at)), NEW.updated_at))
    WHERE program_id = NEW.id;
    UPDATE feed_entries SET stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(stamp), NEW.updated_at))
    WHERE session_id IN (SELECT id FROM sessions WHERE program_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_program_changed AFTER UPDATE ON programs FOR EACH ROW
    WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at OR OLD.title IS DISTINCT FROM NEW.title
      OR OLD.description IS DISTINCT FROM NEW.description)
    EXECUTE FUNCTION linli_feed_program_changed();

CREATE FUNCTION linli_feed_community_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM linli_raise_feed('community', NEW.id);
    PERFORM linli_raise_feed('program', p.id) FROM programs p WHERE p.community_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_community_changed AFTER UPDATE ON communities FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.timezone IS DISTINCT FROM NEW.timezone)
    EXECUTE FUNCTION linli_feed_community_changed();

CREATE FUNCTION linli_feed_household_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM linli_raise_feed('personal', u.user_id) FROM (SELECT DISTINCT e.user_id FROM visit_plans vp
        JOIN sessions s ON s.program_id = vp.program_id JOIN feed_entries e ON e.session_id = s.id
        WHERE vp.household_id = NEW.id) u;
    UPDATE feed_entries SET stamp = GREATEST(NEW.updated_at, COALESCE(linli_next_second(stamp), NEW.updated_at))
    WHERE session_id IN (SELECT s.id FROM visit_plans vp JOIN sessions s ON s.program_id = vp.program_id WHERE vp.household_id = NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER feed_household_changed AFTER UPDATE ON households FOR EACH ROW
    WHEN (OLD.label IS DISTINCT FROM NEW.label OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
    EXECUTE FUNCTION linli_feed_household_changed();

-- A deleted child's attendance and feedback keep their counts and lose what names the family.
CREATE FUNCTION linli_attendance_anonymise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.picked_up_by := '';
    NEW.picked_up_kind := '';
    NEW.picked_up_name := '';
    RETURN NEW;
END
$$;
CREATE TRIGGER attendance_anonymise BEFORE UPDATE OF child_id ON attendance FOR EACH ROW
    WHEN (NEW.child_id IS NULL) EXECUTE FUNCTION linli_attendance_anonymise();

CREATE FUNCTION linli_feedback_anonymise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.user_id := '';
    NEW.comment := '';
    RETURN NEW;
END
$$;
CREATE TRIGGER session_feedback_anonymise BEFORE UPDATE OF child_id ON session_feedback FOR EACH ROW
    WHEN (NEW.child_id IS NULL) EXECUTE FUNCTION linli_feedback_anonymise();

-- A session written without a device id (by an older tool) gets a random one.
CREATE FUNCTION linli_session_device() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.device_id := COALESCE(NEW.device_id, gen_random_uuid()::text);
    NEW.last_seen_at := COALESCE(NEW.last_seen_at, NEW.created_at);
    RETURN NEW;
END
$$;
CREATE TRIGGER auth_sessions_device BEFORE INSERT ON auth_sessions FOR EACH ROW EXECUTE FUNCTION linli_session_device();
