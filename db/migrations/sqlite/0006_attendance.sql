-- Attendance and pickups, guardians' feedback on delivered sessions, and the log of roster reads.
-- A session is marked delivered in sessions (status, delivered_at; 0002). Instants are TEXT in UTC,
-- fixed width, as in 0001.
--
-- Deleting a child keeps what it counted for, anonymously, as bookings do (0004): child_id becomes
-- NULL, and the triggers below drop what would still say something about the family (who collected
-- the child, the guardian's comment).

-- One row per child and session, merged by PUT /sessions/{id}/attendance. picked_up_by is the id of
-- a guardian (a user), a pickup person or a delegation, picked_up_kind says which, and
-- picked_up_name is their name at check-out, kept even if the guardian later removes the person.
CREATE TABLE attendance (
    id             INTEGER PRIMARY KEY,
    session_id     TEXT NOT NULL REFERENCES sessions(id),
    child_id       TEXT REFERENCES children(id) ON DELETE SET NULL,
    status         TEXT NOT NULL CHECK (status IN ('present', 'late', 'absent')),
    check_in       TEXT,
    check_out      TEXT,
    picked_up_by   TEXT NOT NULL DEFAULT '',
    picked_up_kind TEXT NOT NULL DEFAULT '' CHECK (picked_up_kind IN ('', 'guardian', 'pickup_person', 'delegation')),
    picked_up_name TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX attendance_child ON attendance(session_id, child_id);
-- Counting the attended children of a session (class-hour reports) reads this index alone.
CREATE INDEX attendance_session_status ON attendance(session_id, status);

CREATE TRIGGER attendance_anonymise AFTER UPDATE OF child_id ON attendance WHEN NEW.child_id IS NULL
BEGIN
    UPDATE attendance SET picked_up_by = '', picked_up_kind = '', picked_up_name = '' WHERE id = NEW.id;
END;

-- A guardian's rating of a delivered session a child attended: once per child and session.
-- program_id copies the session's, for the per-program averages of the reports.
CREATE TABLE session_feedback (
    id         INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    program_id TEXT NOT NULL REFERENCES programs(id),
    child_id   TEXT REFERENCES children(id) ON DELETE SET NULL,
    user_id    TEXT NOT NULL,
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX session_feedback_child ON session_feedback(session_id, child_id);

CREATE TRIGGER session_feedback_anonymise AFTER UPDATE OF child_id ON session_feedback WHEN NEW.child_id IS NULL
BEGIN
    UPDATE session_feedback SET user_id = '', comment = '' WHERE id = NEW.id;
END;

-- Every read of a session's roster (children's data shown to staff): who, when, which session and
-- how many children's records it showed. Administrators export it (GET /access-log).
CREATE TABLE roster_reads (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    community_id TEXT NOT NULL,
    children     INTEGER NOT NULL
);
CREATE INDEX roster_reads_community ON roster_reads(community_id, at);
CREATE INDEX roster_reads_at ON roster_reads(at);
