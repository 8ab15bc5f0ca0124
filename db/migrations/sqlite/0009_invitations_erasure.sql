-- Invitations to become another guardian of a child. The invited login is kept as typed
-- (normalised), whether or not anyone has registered it, so that inviting says nothing about who
-- holds a login; whoever holds it when they read GET /me/invitations may accept or decline. An
-- invitation goes with its child and with its inviter's account.
CREATE TABLE guardian_invitations (
    id          TEXT PRIMARY KEY,
    child_id    TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    invited_by  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    login       TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX guardian_invitations_login ON guardian_invitations (login, expires_at);
CREATE INDEX guardian_invitations_inviter ON guardian_invitations (invited_by, created_at);
