-- +goose Up
CREATE TABLE applications (
    id                          INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id                 INTEGER NOT NULL REFERENCES users (id),
    status                      TEXT NOT NULL,
    merchant_type               TEXT NOT NULL DEFAULT '',
    legal_name                  TEXT NOT NULL DEFAULT '',
    shop_name                   TEXT NOT NULL DEFAULT '',
    uscc                        TEXT NOT NULL DEFAULT '',
    mcc_group                   TEXT NOT NULL DEFAULT '',
    province                    TEXT NOT NULL DEFAULT '',
    city                        TEXT NOT NULL DEFAULT '',
    district                    TEXT NOT NULL DEFAULT '',
    address                     TEXT NOT NULL DEFAULT '',
    legal_rep_name              TEXT NOT NULL DEFAULT '',
    -- The resident ID number: AES-GCM ciphertext, a keyed hash for look-ups,
    -- and the masked form shown everywhere but the reviewer's detail page.
    legal_rep_id_enc            TEXT NOT NULL DEFAULT '',
    legal_rep_id_hash           TEXT NOT NULL DEFAULT '',
    legal_rep_id_masked         TEXT NOT NULL DEFAULT '',
    contact_mobile              TEXT NOT NULL DEFAULT '',
    contact_email               TEXT NOT NULL DEFAULT '',
    settlement_bank             TEXT NOT NULL DEFAULT '',
    settlement_account_type     TEXT NOT NULL DEFAULT '',
    settlement_account_name     TEXT NOT NULL DEFAULT '',
    settlement_account_number   TEXT NOT NULL DEFAULT '',
    expected_monthly_volume_fen INTEGER NOT NULL DEFAULT 0,
    average_ticket_fen          INTEGER NOT NULL DEFAULT 0,
    channel_mix                 TEXT NOT NULL DEFAULT '{}',
    terminal_count              INTEGER NOT NULL DEFAULT 0,
    high_risk                   BOOLEAN NOT NULL DEFAULT FALSE,
    claimed_by                  INTEGER REFERENCES users (id),
    claimed_at                  TIMESTAMP,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL,
    submitted_at                TIMESTAMP,
    decided_at                  TIMESTAMP
);
CREATE INDEX applications_merchant ON applications (merchant_id);
CREATE INDEX applications_queue ON applications (status, submitted_at);
CREATE INDEX applications_id_hash ON applications (legal_rep_id_hash);

-- The merchant-visible history of an application: every transition with
-- who, when, from, to and the reviewer's words.
CREATE TABLE application_events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    merchant_id    INTEGER NOT NULL,
    actor_id       INTEGER REFERENCES users (id),
    event          TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    reason_code    TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    requested      TEXT NOT NULL DEFAULT '{}',
    -- The application's fields at submit time, for the reviewer's diff.
    snapshot       TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX application_events_app ON application_events (application_id, id);

-- High-risk applications need approvals by two different reviewers.
CREATE TABLE application_approvals (
    application_id INTEGER NOT NULL REFERENCES applications (id),
    reviewer_id    INTEGER NOT NULL REFERENCES users (id),
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, reviewer_id)
);

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    merchant_id    INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    blob_key       TEXT NOT NULL,
    filename       TEXT NOT NULL DEFAULT '',
    content_type   TEXT NOT NULL,
    size           INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    verdict        TEXT NOT NULL DEFAULT '',
    verdict_reason TEXT NOT NULL DEFAULT '',
    verdict_by     INTEGER REFERENCES users (id),
    replaced_at    TIMESTAMP, -- set when a newer upload of the kind supersedes it
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX documents_app ON documents (application_id);
-- The same bytes twice on one application are refused.
CREATE UNIQUE INDEX documents_app_sha ON documents (application_id, sha256) WHERE replaced_at IS NULL;

-- Which document kinds each merchant type must upload; admin-editable.
CREATE TABLE document_requirements (
    merchant_type TEXT NOT NULL,
    kind          TEXT NOT NULL,
    required      BOOLEAN NOT NULL,
    PRIMARY KEY (merchant_type, kind)
);

-- +goose Down
DROP TABLE document_requirements;
DROP TABLE documents;
DROP TABLE application_approvals;
DROP TABLE application_events;
DROP TABLE applications;
