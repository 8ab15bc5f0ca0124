-- Calendars a school really keeps (issue 14).

-- The weekday whose timetable schools keep on a make-up workday (1–5), as a city calendar sets it.
ALTER TABLE calendar_days ADD COLUMN follows_weekday INTEGER
    CHECK (follows_weekday IS NULL OR (kind = 'workday' AND follows_weekday BETWEEN 1 AND 5));

-- What the server last planned each year of the built-in calendar "cn" on: where the year's holidays
-- came from (official, provisional) and a fingerprint of the official arrangement. At start-up a
-- newer lunar-go release that changes a year (or announces one) is seen here, and the programs
-- following the calendar are re-planned.
CREATE TABLE calendar_sources (
    year        INTEGER PRIMARY KEY,
    source      TEXT NOT NULL CHECK (source IN ('official', 'provisional')),
    fingerprint TEXT NOT NULL,
    seen_at     TEXT NOT NULL
);
