-- +goose Up
-- Slot search and booking read every booked visit of a district's
-- installers around a window (installer, status, start, end). Including
-- the end and status allows an index-only scan; it replaces the
-- (installer_id, starts_at) index, which has the same key.
CREATE INDEX sched_appointments_visits ON sched_appointments (installer_id, starts_at) INCLUDE (ends_at, status);
DROP INDEX sched_appointments_installer;

-- +goose Down
CREATE INDEX sched_appointments_installer ON sched_appointments (installer_id, starts_at);
DROP INDEX sched_appointments_visits;
