-- +goose Up
-- Slot search and booking read every booked visit of a district's
-- installers around a window (installer, status, start, end). Covering
-- all four columns lets SQLite answer from the index without a table
-- look-up per visit; it replaces the (installer_id, starts_at) index,
-- which is its prefix.
CREATE INDEX sched_appointments_visits ON sched_appointments (installer_id, starts_at, ends_at, status);
DROP INDEX sched_appointments_installer;

-- +goose Down
CREATE INDEX sched_appointments_installer ON sched_appointments (installer_id, starts_at);
DROP INDEX sched_appointments_visits;
