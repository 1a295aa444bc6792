-- +goose Up
-- Idempotency-Key (§14): the first successful answer to a creating POST,
-- kept for 24 h so a client that retries (timeout, lost connection) gets
-- the same answer instead of a second object. A key belongs to one actor:
-- another user's identical key is another row. A row without status is
-- in flight: the first request is still running, and the primary key makes
-- a concurrent twin fail to insert, so it never runs the handler.
CREATE TABLE idempotency_keys (
    actor        TEXT NOT NULL,
    key          TEXT NOT NULL,
    method_path  TEXT NOT NULL,    -- "POST /api/v1/applications" as sent
    body_sha256  TEXT NOT NULL DEFAULT '', -- set when the answer is stored
    status       INTEGER,          -- NULL while in flight
    headers      TEXT NOT NULL DEFAULT '{}', -- JSON of the replayed headers
    body         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (actor, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- +goose Down
DROP TABLE idempotency_keys;
