-- +goose Up
-- Installation and training scheduling (SPEC §5): installer profiles, their
-- districts, weekly hours and blocked dates, appointments, reminders, in-app
-- notifications and the e-mail outbox.

-- An installer profile belongs to one installer account. The calendar
-- feed's secret token is kept only as its SHA-256.
CREATE TABLE sched_installers (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id             INTEGER NOT NULL UNIQUE REFERENCES users (id),
    time_zone           TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    daily_cap           INTEGER NOT NULL DEFAULT 6 CHECK (daily_cap > 0),
    active              BOOLEAN NOT NULL DEFAULT 1,
    calendar_token_hash TEXT UNIQUE,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);

CREATE TABLE sched_installer_districts (
    installer_id INTEGER NOT NULL REFERENCES sched_installers (id) ON DELETE CASCADE,
    province     TEXT NOT NULL,
    city         TEXT NOT NULL,
    district     TEXT NOT NULL,
    PRIMARY KEY (installer_id, province, city, district)
);
CREATE INDEX sched_installer_districts_place ON sched_installer_districts (city, district);

-- Working hours per weekday (0 = Sunday), minutes after local midnight.
CREATE TABLE sched_installer_hours (
    installer_id INTEGER NOT NULL REFERENCES sched_installers (id) ON DELETE CASCADE,
    weekday      INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute   INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    PRIMARY KEY (installer_id, weekday),
    CHECK (start_minute < end_minute)
);

-- Days ('YYYY-MM-DD' in the installer's zone) the installer does not work.
CREATE TABLE sched_installer_blocked (
    installer_id INTEGER NOT NULL REFERENCES sched_installers (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,
    PRIMARY KEY (installer_id, day)
);

-- An appointment at a merchant's shop. uid is the iCal UID, fixed at
-- booking; sequence is bumped on every change the installer must see.
CREATE TABLE sched_appointments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT NOT NULL UNIQUE,
    merchant_id    INTEGER NOT NULL REFERENCES users (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    installer_id   INTEGER NOT NULL REFERENCES sched_installers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('installation', 'installation_with_training', 'training', 'repair')),
    status         TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'completed')),
    starts_at      TIMESTAMP NOT NULL,
    ends_at        TIMESTAMP NOT NULL,
    sequence       INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    cancelled_at   TIMESTAMP,
    completed_at   TIMESTAMP
);
CREATE INDEX sched_appointments_installer ON sched_appointments (installer_id, starts_at);
CREATE INDEX sched_appointments_application ON sched_appointments (application_id);
CREATE INDEX sched_appointments_merchant ON sched_appointments (merchant_id);

-- What the installer recorded when completing an installation.
CREATE TABLE sched_completions (
    appointment_id INTEGER PRIMARY KEY REFERENCES sched_appointments (id),
    merchant_id    INTEGER NOT NULL REFERENCES users (id),
    checklist      TEXT NOT NULL, -- JSON
    created_at     TIMESTAMP NOT NULL
);

-- Terminals installed, until support's device registry takes them over.
-- Serials are unique across the portal.
CREATE TABLE sched_installed_devices (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    serial            TEXT NOT NULL UNIQUE,
    merchant_id       INTEGER NOT NULL REFERENCES users (id),
    appointment_id    INTEGER NOT NULL REFERENCES sched_appointments (id),
    model_id          INTEGER NOT NULL,
    hardware_revision TEXT NOT NULL DEFAULT '',
    firmware_version  TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL
);

-- Reminders due 24 h before an appointment, one per channel.
CREATE TABLE sched_reminders (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id INTEGER NOT NULL REFERENCES sched_appointments (id),
    merchant_id    INTEGER NOT NULL REFERENCES users (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    channel        TEXT NOT NULL CHECK (channel IN ('in_app', 'email')),
    due_at         TIMESTAMP NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'withdrawn')),
    sent_at        TIMESTAMP
);
CREATE INDEX sched_reminders_due ON sched_reminders (status, due_at);

-- In-app notifications a user sees on their dashboard.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    merchant_id INTEGER REFERENCES users (id),
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    read_at     TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, created_at);

-- Every e-mail the portal sends. Without SMTP configured they stay here
-- (status 'held') for admins to read, never silently dropped.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    merchant_id INTEGER REFERENCES users (id),
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('held', 'sent', 'failed')),
    error       TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP
);

-- +goose Down
DROP TABLE outbox;
DROP TABLE notifications;
DROP TABLE sched_reminders;
DROP TABLE sched_installed_devices;
DROP TABLE sched_completions;
DROP TABLE sched_appointments;
DROP TABLE sched_installer_blocked;
DROP TABLE sched_installer_hours;
DROP TABLE sched_installer_districts;
DROP TABLE sched_installers;
