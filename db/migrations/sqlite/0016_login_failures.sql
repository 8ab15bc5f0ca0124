-- Failed sign-ins and wrong reset codes, counted per login and per client address in the
-- database rather than in each server's memory, so that the limits hold when several instances
-- share the database. key_hash is the SHA-256 of the counter's key ("login:" + login,
-- "login-addr:" + address, …): the table names no login or address. Rows older than
-- linli.FailureWindow count for nothing and are purged.
CREATE TABLE login_failures (
    key_hash BLOB NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key_hash, at);
CREATE INDEX login_failures_at ON login_failures(at);
