-- A coordinator may reject a volunteer's service record with a note (POST /service/{id}/reject):
-- status gains 'rejected' and the record keeps the note, which the volunteer reads in
-- GET /me/service. A rejected record never counts in reports (they count approved ones only).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows, ids and
-- indexes; deferred foreign keys let the corrections keep pointing at their records meanwhile
-- (checked again when the migration's transaction commits).
PRAGMA defer_foreign_keys = ON;

CREATE TABLE service_records_0015 AS SELECT * FROM service_records;
DROP TABLE service_records;

CREATE TABLE service_records (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    source       TEXT NOT NULL CHECK (source IN ('sheet', 'visit_log')),
    check_in     TEXT NOT NULL,
    check_out    TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    approved_by  TEXT REFERENCES users(id),
    approved_at  TEXT,
    reject_note  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (session_id, user_id),
    CHECK (check_out > check_in)
);
INSERT INTO service_records (id, community_id, session_id, user_id, source, check_in, check_out, minutes, status,
        approved_by, approved_at, created_at, updated_at)
    SELECT id, community_id, session_id, user_id, source, check_in, check_out, minutes, status,
        approved_by, approved_at, created_at, updated_at FROM service_records_0015;
DROP TABLE service_records_0015;
CREATE INDEX service_records_community ON service_records(community_id, status, check_in);
CREATE INDEX service_records_user ON service_records(user_id, check_in);
