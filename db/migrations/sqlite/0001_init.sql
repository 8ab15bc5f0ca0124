-- Accounts, sign-in sessions, communities, places, memberships, audit log, idempotency keys.
-- Instants are TEXT in UTC, fixed width (2006-01-02T15:04:05.000000Z), so they sort as text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    login         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    locale        TEXT NOT NULL DEFAULT 'zh-CN',
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

CREATE TABLE password_resets (
    code_hash  BLOB PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users(id),
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

CREATE TABLE communities (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    district       TEXT NOT NULL DEFAULT '',
    city           TEXT NOT NULL DEFAULT '',
    timezone       TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    calendar_id    TEXT NOT NULL DEFAULT 'cn',
    lesson_minutes INTEGER NOT NULL DEFAULT 40,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE memberships (
    community_id TEXT NOT NULL REFERENCES communities(id),
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('coordinator', 'teacher', 'volunteer')),
    teacher_type TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, user_id, role)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE grids (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX grids_community ON grids(community_id, id);

CREATE TABLE buildings (
    id           TEXT PRIMARY KEY,
    grid_id      TEXT NOT NULL REFERENCES grids(id),
    community_id TEXT NOT NULL REFERENCES communities(id),
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX buildings_grid ON buildings(grid_id, id);

CREATE TABLE households (
    id               TEXT PRIMARY KEY,
    building_id      TEXT NOT NULL REFERENCES buildings(id),
    community_id     TEXT NOT NULL REFERENCES communities(id),
    label            TEXT NOT NULL,
    contact_name     TEXT NOT NULL DEFAULT '',
    contact_phone    TEXT NOT NULL DEFAULT '',
    needs            TEXT NOT NULL DEFAULT '[]',
    visit_every_days INTEGER,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX households_building ON households(building_id, id);

CREATE TABLE venues (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id),
    name         TEXT NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    address      TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX venues_community ON venues(community_id, id);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor_id     TEXT NOT NULL DEFAULT '',
    community_id TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    detail       TEXT
);
CREATE INDEX audit_log_community ON audit_log(community_id, at);

CREATE TABLE idempotency_keys (
    scope        TEXT NOT NULL,
    key          TEXT NOT NULL,
    body_hash    BLOB NOT NULL,
    status       INTEGER NOT NULL DEFAULT 0,
    content_type TEXT NOT NULL DEFAULT '',
    body         BLOB,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);

-- Day calendars: the built-in "cn" and city or school-district calendars layered on a base.
CREATE TABLE calendars (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    base_id    TEXT REFERENCES calendars(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO calendars (id, name, base_id, created_at, updated_at)
VALUES ('cn', '中国大陆法定节假日', NULL, '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z');
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
