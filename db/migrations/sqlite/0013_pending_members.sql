-- Pending members: a coordinator adds a phone number or e-mail that nobody has registered yet,
-- with the name they typed; the first registration with that login turns each row into a
-- membership.
CREATE TABLE pending_memberships (
    community_id TEXT NOT NULL REFERENCES communities(id),
    login        TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('coordinator', 'teacher', 'volunteer')),
    teacher_type TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, login, role)
);
CREATE INDEX pending_memberships_login ON pending_memberships(login);
