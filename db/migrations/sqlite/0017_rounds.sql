-- Application rounds (报名摇号, DOMAIN.md "Fair allocation of popular classes"). A round's status
-- is computed: draft before opens_at, open until it is closed (closed_at), closed until drawn
-- (drawn_at). server_seed is secret until the draw (never answered before drawn_at is set).
-- priority_groups is the API's JSON list [{key, label}]; only its ranks are ever published.
CREATE TABLE rounds (
    id                   TEXT PRIMARY KEY,
    community_id         TEXT NOT NULL REFERENCES communities(id),
    title                TEXT NOT NULL,
    opens_at             TEXT NOT NULL,
    closes_at            TEXT NOT NULL,
    draw_at              TEXT,
    open_after_draw_at   TEXT,
    entropy_source       TEXT NOT NULL DEFAULT '',
    max_wishes           INTEGER NOT NULL CHECK (max_wishes BETWEEN 1 AND 10),
    max_places_per_child INTEGER NOT NULL CHECK (max_places_per_child >= 1 AND max_places_per_child <= max_wishes),
    priority_groups      TEXT NOT NULL DEFAULT '[]',
    closed_at            TEXT,
    server_seed          TEXT,
    commitment           TEXT,
    applications_digest  TEXT,
    programs_digest      TEXT,
    public_entropy       TEXT,
    draw_seed            TEXT,
    drawn_at             TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (closes_at > opens_at)
);
CREATE INDEX rounds_community ON rounds(community_id, opens_at, id);
-- The per-minute worker finds rounds to close or draw by these.
CREATE INDEX rounds_to_close ON rounds(closes_at) WHERE closed_at IS NULL;
CREATE INDEX rounds_to_draw ON rounds(draw_at) WHERE closed_at IS NOT NULL AND drawn_at IS NULL;

-- The round's programs. seats and overlapping (a JSON list of program ids, sorted) are fixed at the
-- close and used unchanged by the draw; NULL before.
CREATE TABLE round_programs (
    round_id   TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    program_id TEXT NOT NULL REFERENCES programs(id),
    seats      INTEGER CHECK (seats >= 0),
    overlapping TEXT,
    PRIMARY KEY (round_id, program_id)
);
CREATE INDEX round_programs_program ON round_programs(program_id);

-- An application: one child or siblings placed together (size = its number of children, kept
-- here so that the published result does not change when a child is erased). priority_group is
-- the key of the coordinator-set group, NULL for none. lottery_number is set by the draw.
CREATE TABLE round_applications (
    id             TEXT PRIMARY KEY,
    round_id       TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    applied_by     TEXT REFERENCES users(id) ON DELETE SET NULL,
    size           INTEGER NOT NULL CHECK (size >= 1),
    priority_group TEXT,
    priority_rank  INTEGER,
    lottery_number TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX round_applications_round ON round_applications(round_id, id);

-- A child is in at most one application per round. Erasing the child removes the row; the
-- application keeps its size and its published outcome.
CREATE TABLE round_application_children (
    application_id TEXT NOT NULL REFERENCES round_applications(id) ON DELETE CASCADE,
    round_id       TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    child_id       TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, child_id)
);
CREATE INDEX round_application_children_app ON round_application_children(application_id);
CREATE INDEX round_application_children_child ON round_application_children(child_id);

-- Ranked wishes (rank 1 = first). removed_at_close is 1 for a wish the freeze removed because it
-- overlaps a confirmed booking the family holds outside the round: it is not published and not
-- drawn.
CREATE TABLE round_wishes (
    application_id   TEXT NOT NULL REFERENCES round_applications(id) ON DELETE CASCADE,
    rank             INTEGER NOT NULL CHECK (rank >= 1),
    program_id       TEXT NOT NULL REFERENCES programs(id),
    removed_at_close INTEGER NOT NULL DEFAULT 0 CHECK (removed_at_close IN (0, 1)),
    PRIMARY KEY (application_id, rank),
    UNIQUE (application_id, program_id)
);
CREATE INDEX round_wishes_program ON round_wishes(program_id);

-- A place: a course booking of one application in one program. Its bookings (one per child and
-- round session not started at the draw) carry round_place_id; cancelling any cancels all.
-- status: placed, cancelled (by the family or a coordinator), released (given up for a higher
-- wish on promotion). drawn is 1 for a place given by the draw, 0 for one given by promotion.
CREATE TABLE round_places (
    id             TEXT PRIMARY KEY,
    round_id       TEXT NOT NULL REFERENCES rounds(id),
    application_id TEXT NOT NULL REFERENCES round_applications(id),
    program_id     TEXT NOT NULL REFERENCES programs(id),
    status         TEXT NOT NULL CHECK (status IN ('placed', 'cancelled', 'released')),
    drawn          INTEGER NOT NULL CHECK (drawn IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX round_places_active ON round_places(application_id, program_id) WHERE status = 'placed';
CREATE INDEX round_places_program ON round_places(program_id, status);
ALTER TABLE bookings ADD COLUMN round_place_id TEXT REFERENCES round_places(id);
CREATE INDEX bookings_round_place ON bookings(round_place_id) WHERE round_place_id IS NOT NULL;

-- The waiting list of a round program, as drawn (position from 1, DOMAIN.md). status: waiting,
-- promoted (given a place later), left (withdrew, or no longer eligible to wait).
CREATE TABLE round_waitlist (
    round_id       TEXT NOT NULL REFERENCES rounds(id),
    program_id     TEXT NOT NULL REFERENCES programs(id),
    application_id TEXT NOT NULL REFERENCES round_applications(id),
    position       INTEGER NOT NULL CHECK (position >= 1),
    status         TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'promoted', 'left')),
    PRIMARY KEY (program_id, round_id, position),
    UNIQUE (round_id, program_id, application_id)
);
CREATE INDEX round_waitlist_application ON round_waitlist(application_id);
