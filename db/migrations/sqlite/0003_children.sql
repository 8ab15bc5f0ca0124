-- Children, their guardians, the guardians' consent, and the adults allowed to collect them.
-- Data about children under 14 is sensitive personal information (PIPL arts. 28 and 31): only the
-- child's guardians read these rows (staff of booked sessions, read-only, through the roster), and
-- the audit log records ids only, never a name, a birth date, notes or a phone number.
-- Deleting a child deletes everything below it.

CREATE TABLE children (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    birth_date TEXT NOT NULL,              -- YYYY-MM-DD
    notes      TEXT NOT NULL DEFAULT '',   -- allergies or needs, at most 500 characters
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE child_guardians (
    child_id TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id),
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (child_id, user_id)
);
CREATE INDEX child_guardians_user ON child_guardians(user_id);

-- Who consented to the child-data policy, when, and to which version; one row per consent given.
CREATE TABLE child_consents (
    id             INTEGER PRIMARY KEY,
    child_id       TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    user_id        TEXT NOT NULL,
    policy_version TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX child_consents_child ON child_consents(child_id, id);

-- Adults the guardians name to collect the child on any day; phone is 11 digits.
CREATE TABLE pickup_persons (
    id         TEXT PRIMARY KEY,
    child_id   TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    relation   TEXT NOT NULL,
    phone      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pickup_persons_child_phone ON pickup_persons(child_id, phone);

-- An adult allowed to collect the child on one date (YYYY-MM-DD) only.
CREATE TABLE pickup_delegations (
    id         TEXT PRIMARY KEY,
    child_id   TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    date       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX pickup_delegations_child_date_phone ON pickup_delegations(child_id, date, phone);
