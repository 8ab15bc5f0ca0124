-- Day calendar marks and covered years; programs and their materialised sessions.
-- Dates are TEXT YYYY-MM-DD; instants TEXT in UTC, fixed width, as in 0001.

-- A date may carry a holiday or workday mark (is_break = 0) and, independently, a school break
-- (is_break = 1): a break over the Spring Festival keeps its public holidays.
CREATE TABLE calendar_days (
    calendar_id TEXT NOT NULL REFERENCES calendars(id),
    date        TEXT NOT NULL,
    is_break    INTEGER NOT NULL CHECK (is_break IN (0, 1)),
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday', 'school_break')),
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (calendar_id, date, is_break),
    CHECK ((kind = 'school_break') = (is_break = 1))
);

-- Years whose holidays were imported into a calendar (the built-in years of "cn" are in code).
CREATE TABLE calendar_years (
    calendar_id TEXT NOT NULL REFERENCES calendars(id),
    year        INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    PRIMARY KEY (calendar_id, year)
);

CREATE INDEX calendars_base ON calendars(base_id);
CREATE INDEX communities_calendar ON communities(calendar_id);

CREATE TABLE programs (
    id                     TEXT PRIMARY KEY,
    community_id           TEXT NOT NULL REFERENCES communities(id),
    kind                   TEXT NOT NULL CHECK (kind IN ('after_school', 'holiday_class', 'volunteer_shift', 'neighbor_visit', 'event')),
    title                  TEXT NOT NULL,
    category               TEXT NOT NULL,
    description            TEXT NOT NULL DEFAULT '',
    age_min                INTEGER,
    age_max                INTEGER,
    capacity               INTEGER NOT NULL CHECK (capacity > 0),
    waitlist               INTEGER NOT NULL DEFAULT 1,
    venue_id               TEXT REFERENCES venues(id),
    booking_opens_at       TEXT,
    cancel_cutoff_minutes  INTEGER NOT NULL DEFAULT 0,
    lesson_minutes         INTEGER,
    max_children_per_staff INTEGER,
    schedule               TEXT NOT NULL, -- the schedule object of the API, as JSON
    start_date             TEXT NOT NULL, -- schedule.start_date and end_date, for filters
    end_date               TEXT NOT NULL,
    day_filter             TEXT NOT NULL, -- schedule.day_filter: calendar changes re-plan all but all_days
    status                 TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX programs_community ON programs(community_id, id);

CREATE TABLE program_staff (
    program_id TEXT NOT NULL REFERENCES programs(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_staff_user ON program_staff(user_id);

-- kind, title and category are copied from the program when the session is planned or
-- re-planned, so past sessions keep what they were. local_date is the community-local date of
-- starts_at; plan_date the date of the program's schedule the session stands for (a move keeps
-- it), which re-plans match on. cancel_origin is 'plan' or 'person' for a cancelled session.
CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    program_id    TEXT NOT NULL REFERENCES programs(id),
    community_id  TEXT NOT NULL REFERENCES communities(id),
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL,
    venue_id      TEXT REFERENCES venues(id),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    local_date    TEXT NOT NULL,
    plan_date     TEXT NOT NULL,
    capacity      INTEGER NOT NULL CHECK (capacity > 0),
    confirmed     INTEGER NOT NULL DEFAULT 0 CHECK (confirmed >= 0),
    waitlisted    INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted >= 0),
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'delivered')),
    cancel_reason TEXT NOT NULL DEFAULT '',
    cancel_origin TEXT NOT NULL DEFAULT '',
    sequence      INTEGER NOT NULL DEFAULT 0,
    delivered_at  TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK (confirmed <= capacity),
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_program ON sessions(program_id, plan_date);
CREATE INDEX sessions_community_start ON sessions(community_id, starts_at, id);
CREATE INDEX sessions_start ON sessions(starts_at, id);
CREATE INDEX sessions_venue_start ON sessions(venue_id, starts_at) WHERE venue_id IS NOT NULL;

-- teacher_type is the type the person was counted under when assigned (volunteers count as
-- resident_volunteer). starts_at and ends_at copy the session's, so that a staff member's clash
-- check is one index range; they change only together with the session's.
CREATE TABLE session_staff (
    session_id   TEXT NOT NULL REFERENCES sessions(id),
    user_id      TEXT NOT NULL REFERENCES users(id),
    teacher_type TEXT NOT NULL CHECK (teacher_type IN ('school_teacher', 'community_teacher', 'resident_volunteer')),
    position     INTEGER NOT NULL DEFAULT 0,
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX session_staff_user ON session_staff(user_id, starts_at);
