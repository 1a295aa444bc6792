-- +goose Up
-- Webhooks (§14): endpoints integrators register, the events the domain
-- writes in the same transaction as each change (transactional outbox),
-- one delivery per event and endpoint, and every attempt to send it.

-- secret_enc is the signing secret sealed with the data key: it is needed
-- in clear to sign, so it cannot be hashed. events is a JSON array of the
-- event types the endpoint receives. A deleted endpoint keeps its row so
-- its delivery log stays readable; nothing is sent to it any more.
CREATE TABLE webhook_endpoints (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    url         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    events      TEXT NOT NULL,
    secret_enc  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL,
    rotated_at  TIMESTAMP,
    deleted_at  TIMESTAMP
);

-- body is the exact JSON sent, fixed when the change committed, so every
-- retry and replay carries the same bytes and the object as it was then.
CREATE TABLE webhook_events (
    id         TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- next_attempt_at is both the due time and, while an instance holds the
-- delivery, its lease end: a sender that died leaves it due again then.
-- attempts counts the tries so far and picks the next backoff wait.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id      INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    event_id         TEXT NOT NULL REFERENCES webhook_events (id),
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_status_code INTEGER,
    last_error       TEXT NOT NULL DEFAULT '',
    next_attempt_at  TIMESTAMP,
    claimed_by       TEXT,
    replay_of        INTEGER REFERENCES webhook_deliveries (id),
    created_at       TIMESTAMP NOT NULL,
    delivered_at     TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- status_code is NULL when no answer came (refused address, timeout).
CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at TIMESTAMP NOT NULL,
    status_code  INTEGER,
    error        TEXT NOT NULL DEFAULT '',
    duration_ms  INTEGER NOT NULL,
    claimed_by   TEXT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- +goose Down
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_endpoints;
