-- Bookings of children into sessions, and each session's line of arrivals.
-- A booking is stored confirmed, waitlisted, cancelled or session_cancelled; "expired" (still
-- waitlisted when the session started) is computed when read. Deleting a child keeps its past
-- bookings as anonymous counts: child_id becomes NULL.

CREATE TABLE bookings (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    child_id   TEXT REFERENCES children(id) ON DELETE SET NULL,
    -- The place in line: the arrival number within the session, shared by siblings booked
    -- together (one place in line, promoted together). Confirmed bookings keep theirs too.
    arrival    INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'session_cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- One active booking per child and session, whatever the code above it does.
CREATE UNIQUE INDEX bookings_active ON bookings(session_id, child_id) WHERE status IN ('confirmed', 'waitlisted');
CREATE INDEX bookings_line ON bookings(session_id, status, arrival);
CREATE INDEX bookings_child ON bookings(child_id, status);

-- arrivals is the last arrival number given in the session; waiting the places in line taken
-- by waitlisted bookings now (a sibling group is one), so that a new entry's position needs no count.
CREATE TABLE session_lines (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    arrivals   INTEGER NOT NULL DEFAULT 0,
    waiting    INTEGER NOT NULL DEFAULT 0 CHECK (waiting >= 0)
);
