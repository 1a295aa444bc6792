-- +goose Up
-- Support after upgrades (SPEC §6): devices, firmware releases, notices,
-- troubleshooting sessions with their transcript, and tickets.

-- A terminal in a merchant's shop. The serial is unique across the portal:
-- a terminal management system checks in by serial alone.
CREATE TABLE support_devices (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    serial            TEXT NOT NULL UNIQUE,
    merchant_id       INTEGER NOT NULL REFERENCES users (id),
    model_id          INTEGER NOT NULL REFERENCES catalog_models (id),
    hardware_revision TEXT NOT NULL DEFAULT '',
    firmware_version  TEXT NOT NULL DEFAULT '',
    provider_id       INTEGER NOT NULL REFERENCES catalog_providers (id),
    last_checkin_at   TIMESTAMP,
    -- FALSE when the last check-in reported an upgrade that did not finish.
    upgrade_completed BOOLEAN NOT NULL DEFAULT 1,
    -- When the firmware version last changed: the regression watch counts
    -- problems within 72 h of it.
    upgraded_at       TIMESTAMP,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX support_devices_merchant ON support_devices (merchant_id);
CREATE INDEX support_devices_firmware ON support_devices (model_id, firmware_version);

-- Integration accounts of terminal management systems. Only the SHA-256 of
-- the bearer token is kept: the token is shown once, when created or rotated.
CREATE TABLE support_integrations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    token_hint TEXT NOT NULL, -- last characters, so admins can tell tokens apart
    created_at TIMESTAMP NOT NULL,
    rotated_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP
);

CREATE TABLE support_releases (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id              INTEGER NOT NULL REFERENCES catalog_models (id),
    version               TEXT NOT NULL,
    min_hardware_revision TEXT NOT NULL DEFAULT '', -- '': every revision
    status                TEXT NOT NULL CHECK (status IN ('rolling_out', 'paused', 'withdrawn')),
    notes                 TEXT NOT NULL DEFAULT '',
    -- Set by the regression watch, cleared by an admin.
    suspect               BOOLEAN NOT NULL DEFAULT 0,
    suspect_at            TIMESTAMP,
    -- The watch counts only problems reported after this (set when an admin
    -- clears the flag), so a cleared release is not flagged again at once.
    watch_since           TIMESTAMP,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL,
    UNIQUE (model_id, version)
);

-- Notices to merchants (audience 'merchants') or to staff ('staff', e.g.
-- the regression watch's alert). Texts in both languages; English may be
-- empty and then falls back to Chinese.
CREATE TABLE support_notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('upgrade', 'outage', 'policy')),
    audience    TEXT NOT NULL DEFAULT 'merchants' CHECK (audience IN ('merchants', 'staff')),
    target      TEXT NOT NULL CHECK (target IN ('all', 'model', 'provider')),
    model_id    INTEGER REFERENCES catalog_models (id),
    provider_id INTEGER REFERENCES catalog_providers (id),
    release_id  INTEGER REFERENCES support_releases (id),
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL DEFAULT '',
    body_zh     TEXT NOT NULL DEFAULT '',
    body_en     TEXT NOT NULL DEFAULT '',
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP, -- NULL: until withdrawn
    created_by  INTEGER REFERENCES users (id), -- NULL: the system
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX support_notices_window ON support_notices (starts_at, ends_at);

CREATE TABLE support_notice_acks (
    notice_id   INTEGER NOT NULL REFERENCES support_notices (id) ON DELETE CASCADE,
    merchant_id INTEGER NOT NULL REFERENCES users (id),
    acked_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (notice_id, merchant_id)
);

-- A troubleshooting session. node is the question being asked (or the
-- diagnosis reached); steps counts the answers so a stale or concurrent
-- answer cannot overwrite a newer one.
CREATE TABLE support_sessions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id       INTEGER NOT NULL REFERENCES users (id),
    device_id         INTEGER NOT NULL REFERENCES support_devices (id),
    knowledge_version TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('asking', 'diagnosed', 'resolved', 'escalated')),
    node              TEXT NOT NULL,
    diagnosis_id      TEXT NOT NULL DEFAULT '',
    steps             INTEGER NOT NULL DEFAULT 0,
    context           TEXT NOT NULL DEFAULT '[]', -- JSON findings of the context checks
    -- What the device ran when the session began, for the report and the watch.
    firmware_version  TEXT NOT NULL DEFAULT '',
    release_id        INTEGER REFERENCES support_releases (id),
    report_id         TEXT NOT NULL UNIQUE,
    ticket_id         INTEGER,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE INDEX support_sessions_merchant ON support_sessions (merchant_id);

CREATE TABLE support_session_steps (
    session_id  INTEGER NOT NULL REFERENCES support_sessions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    merchant_id INTEGER NOT NULL REFERENCES users (id),
    node        TEXT NOT NULL,
    option_id   TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (session_id, position)
);

CREATE TABLE support_tickets (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id          INTEGER NOT NULL REFERENCES users (id),
    device_id            INTEGER NOT NULL REFERENCES support_devices (id),
    session_id           INTEGER REFERENCES support_sessions (id),
    status               TEXT NOT NULL CHECK (status IN ('open', 'assigned', 'in_progress', 'resolved', 'closed')),
    priority             TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
    category             TEXT NOT NULL DEFAULT '',
    diagnosis_id         TEXT NOT NULL DEFAULT '',
    escalation           TEXT NOT NULL DEFAULT '',
    summary              TEXT NOT NULL DEFAULT '',
    assignee_kind        TEXT NOT NULL DEFAULT '' CHECK (assignee_kind IN ('', 'installer', 'provider')),
    assignee_user_id     INTEGER REFERENCES users (id),
    assignee_provider_id INTEGER REFERENCES catalog_providers (id),
    due_at               TIMESTAMP NOT NULL, -- SLA by priority
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX support_tickets_merchant ON support_tickets (merchant_id);
CREATE INDEX support_tickets_status ON support_tickets (status);

CREATE TABLE support_ticket_comments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id   INTEGER NOT NULL REFERENCES support_tickets (id) ON DELETE CASCADE,
    merchant_id INTEGER NOT NULL REFERENCES users (id),
    author_id   INTEGER REFERENCES users (id),
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX support_ticket_comments_ticket ON support_ticket_comments (ticket_id);

-- +goose Down
DROP TABLE support_ticket_comments;
DROP TABLE support_tickets;
DROP TABLE support_session_steps;
DROP TABLE support_sessions;
DROP TABLE support_notice_acks;
DROP TABLE support_notices;
DROP TABLE support_releases;
DROP TABLE support_integrations;
DROP TABLE support_devices;
