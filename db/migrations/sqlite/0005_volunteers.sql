-- Volunteers: shift sign-ups, service records and their corrections, neighbour visit plans,
-- visit logs and the troubles (concerns) found on visits.
-- Instants are TEXT in UTC, fixed width, as in 0001. Troubles and visit notes are read only by
-- the community's coordinators and the volunteers assigned to the household; the audit log
-- records ids, statuses and times, never their text.

-- A volunteer on a volunteer_shift session. sessions.confirmed counts the active rows of a
-- shift, so that a session's confirmed/capacity are its places taken/places.
CREATE TABLE session_signups (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    status     TEXT NOT NULL CHECK (status IN ('active','left')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX session_signups_user ON session_signups(user_id, status);

-- Time a volunteer served on a session, recorded and certified by the session's community
-- ("谁组织谁记录，谁记录谁证明"). Only approved records count. source is 'sheet' (PUT
-- /sessions/{id}/service) or 'visit_log' (a done visit).
CREATE TABLE service_records (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    source       TEXT NOT NULL CHECK (source IN ('sheet', 'visit_log')),
    check_in     TEXT NOT NULL,
    check_out    TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    approved_by  TEXT REFERENCES users(id),
    approved_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (session_id, user_id),
    CHECK (check_out > check_in)
);
CREATE INDEX service_records_community ON service_records(community_id, status, check_in);
CREATE INDEX service_records_user ON service_records(user_id, check_in);

-- A volunteer's request to change the times of their record; at most one pending per record.
CREATE TABLE service_corrections (
    id         TEXT PRIMARY KEY,
    record_id  TEXT NOT NULL REFERENCES service_records(id),
    check_in   TEXT NOT NULL,
    check_out  TEXT NOT NULL,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    note       TEXT NOT NULL DEFAULT '',
    filed_by   TEXT NOT NULL REFERENCES users(id),
    filed_at   TEXT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at TEXT,
    CHECK (check_out > check_in)
);
CREATE UNIQUE INDEX service_corrections_pending ON service_corrections(record_id) WHERE status = 'pending';
CREATE INDEX service_corrections_record ON service_corrections(record_id, filed_at);

-- A household's visit plan is a neighbor_visit program (its staff are the plan's volunteers,
-- its sessions the visits); the plan adds the household and the cadence as given. The plan is
-- active while its program is.
CREATE TABLE visit_plans (
    id           TEXT PRIMARY KEY,
    household_id TEXT NOT NULL REFERENCES households(id),
    community_id TEXT NOT NULL REFERENCES communities(id),
    program_id   TEXT NOT NULL UNIQUE REFERENCES programs(id),
    cadence      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX visit_plans_household ON visit_plans(household_id, id);
CREATE INDEX visit_plans_community ON visit_plans(community_id);

-- One log per visit session. visited_at is the session's start, for "last visit" questions.
CREATE TABLE visit_logs (
    session_id   TEXT PRIMARY KEY REFERENCES sessions(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    community_id TEXT NOT NULL REFERENCES communities(id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('done', 'missed')),
    minutes      INTEGER NOT NULL CHECK (minutes >= 0),
    notes        TEXT NOT NULL DEFAULT '',
    visited_at   TEXT NOT NULL,
    logged_by    TEXT NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX visit_logs_household ON visit_logs(household_id, outcome, visited_at);

-- A trouble found on a visit, tracked open → in_progress → resolved.
CREATE TABLE concerns (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    household_id TEXT NOT NULL REFERENCES households(id),
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    category     TEXT NOT NULL CHECK (category IN ('repairs', 'health', 'paperwork', 'safety', 'other')),
    text         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved')),
    raised_by    TEXT NOT NULL REFERENCES users(id),
    raised_at    TEXT NOT NULL,
    resolved_at  TEXT,
    updated_at   TEXT NOT NULL
);
CREATE INDEX concerns_community ON concerns(community_id, status, raised_at, id);
CREATE INDEX concerns_household ON concerns(household_id);

-- Every change of a concern: who, when, the move (from_status '' when raised) and a note.
CREATE TABLE concern_events (
    id          INTEGER PRIMARY KEY,
    concern_id  TEXT NOT NULL REFERENCES concerns(id),
    at          TEXT NOT NULL,
    by_id       TEXT NOT NULL REFERENCES users(id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX concern_events_concern ON concern_events(concern_id, id);
