-- +goose Up
-- Several portal instances share one database (§13). Background work is
-- claimed row by row for a lease: claimed_by names the instance and claim,
-- and a claim nobody finished (the instance died) lapses at its lease end,
-- so another instance takes the work over.

ALTER TABLE sched_reminders ADD COLUMN claimed_by TEXT;
ALTER TABLE sched_reminders ADD COLUMN lease_until TIMESTAMP;

-- deliver_after: NULL means held for admins only (no SMTP when it was
-- written); otherwise the earliest moment an instance may try to send it.
-- A claim moves it one lease ahead, so a crashed sender's message becomes
-- due again when the lease runs out; a failed send moves it to the retry.
-- attempts counts failed sends; after the last retry the message is
-- marked failed for good.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN deliver_after TIMESTAMP;
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_deliverable ON outbox (deliver_after) WHERE status = 'held' AND deliver_after IS NOT NULL;

-- Periodic jobs (the regression watch) that must run once per interval
-- across all instances, whichever instance gets there first.
CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    next_run_at TIMESTAMP NOT NULL,
    claimed_by  TEXT,
    lease_until TIMESTAMP,
    last_run_at TIMESTAMP,
    last_error  TEXT NOT NULL DEFAULT ''
);

-- In-memory caches compare their version with this row (one primary-key
-- read) and reload when an edit on any instance has bumped it.
CREATE TABLE cache_versions (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO cache_versions (name, version) VALUES ('workcal', 1);

-- +goose Down
DROP TABLE cache_versions;
DROP TABLE job_runs;
DROP INDEX outbox_deliverable;
ALTER TABLE outbox DROP COLUMN deliver_after;
ALTER TABLE outbox DROP COLUMN attempts;
ALTER TABLE outbox DROP COLUMN claimed_by;
ALTER TABLE sched_reminders DROP COLUMN lease_until;
ALTER TABLE sched_reminders DROP COLUMN claimed_by;
