-- Regions above communities (issue 18): a street (街道), a district (区) and a city (市). A
-- street's parent is a district, a district's a city, a city has none; a street or a district may
-- wait for its parent (NULL). The levels are strictly ordered, so no chain of parents can loop;
-- storage checks the order on every write (linli.CheckRegionParent) and the CHECK keeps a region
-- from being its own parent. A community sits in at most one region (communities.region_id), of
-- any level. A region viewer sees the reports of every community below the region, never a
-- child's or a household's details.
CREATE TABLE regions (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL CHECK (level IN ('street', 'district', 'city')),
    parent_id  TEXT REFERENCES regions(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX regions_parent ON regions(parent_id, name, id);

ALTER TABLE communities ADD COLUMN region_id TEXT REFERENCES regions(id);
CREATE INDEX communities_region ON communities(region_id, name, id);

CREATE TABLE region_viewers (
    region_id  TEXT NOT NULL REFERENCES regions(id),
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (region_id, user_id)
);
CREATE INDEX region_viewers_user ON region_viewers(user_id, region_id);
