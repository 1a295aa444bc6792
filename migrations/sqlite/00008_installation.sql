-- +goose Up
-- Installed terminals now go straight into support's device registry
-- (support_devices) when the installation is completed, so scheduling's
-- interim table goes.
DROP TABLE sched_installed_devices;

-- Group training sessions (§5), at a branch or online, with a capacity.
-- booked counts the seats taken; the CHECK and the conditional increment
-- in the service keep it within capacity however many merchants book at once.
CREATE TABLE sched_training_sessions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    mode            TEXT NOT NULL CHECK (mode IN ('branch', 'online')),
    place           TEXT NOT NULL, -- branch address, or the online link
    starts_at       TIMESTAMP NOT NULL,
    ends_at         TIMESTAMP NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity > 0),
    booked          INTEGER NOT NULL DEFAULT 0,
    trainer_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK (booked >= 0 AND booked <= capacity),
    CHECK (starts_at < ends_at)
);
CREATE INDEX sched_training_sessions_start ON sched_training_sessions (starts_at);

-- A merchant's seat for one application; one seat per application.
CREATE TABLE sched_training_seats (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     INTEGER NOT NULL REFERENCES sched_training_sessions (id),
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    merchant_id    INTEGER NOT NULL REFERENCES users (id),
    status         TEXT NOT NULL CHECK (status IN ('booked', 'attended')),
    created_at     TIMESTAMP NOT NULL,
    attended_at    TIMESTAMP
);
CREATE INDEX sched_training_seats_session ON sched_training_seats (session_id);
CREATE INDEX sched_training_seats_merchant ON sched_training_seats (merchant_id);

-- +goose Down
DROP TABLE sched_training_seats;
DROP TABLE sched_training_sessions;
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
