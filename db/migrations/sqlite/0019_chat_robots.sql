-- Group-chat robots of 企业微信, 钉钉 and 飞书 (issue 18): a community's coordinators add the
-- webhook URL of a group's robot; the community's public events are posted to it, one post per
-- event and robot. The URL is a credential (the API shows it masked, never logs or audits it);
-- secret signs the posts of 钉钉 and 飞书 robots and is never shown.
CREATE TABLE chat_robots (
    id           TEXT PRIMARY KEY,
    community_id TEXT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'feishu')),
    url          TEXT NOT NULL,
    secret       TEXT NOT NULL DEFAULT '',
    events       TEXT NOT NULL,      -- JSON list of chat events
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    deleted_at   TEXT                -- a deleted robot posts nothing more; its pending posts go
);
CREATE INDEX chat_robots_community ON chat_robots (community_id, created_at);

-- The robots' outbox: one row per robot and event, written in the transaction of the change it
-- tells of. dedupe_key folds the many sessions one change of a program cancels or moves into one
-- post (times says how many). A worker claims due rows (claimed_by, lease_until), at most 20 a
-- minute per robot counting every post whose attempted_at is less than a minute old, posts them
-- re-signed, and records the outcome. last_error holds the service's error code or the failure,
-- never the URL.
CREATE TABLE chat_robot_posts (
    id              TEXT PRIMARY KEY,
    robot_id        TEXT NOT NULL REFERENCES chat_robots(id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    data            TEXT NOT NULL,  -- JSON linli.ChatEvent
    dedupe_key      TEXT NOT NULL UNIQUE,
    times           INTEGER NOT NULL DEFAULT 1,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    attempted_at    TEXT,
    claimed_by      TEXT,
    lease_until     TEXT,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX chat_robot_posts_due ON chat_robot_posts (status, next_attempt_at);
CREATE INDEX chat_robot_posts_sent ON chat_robot_posts (robot_id, attempted_at);
