-- +goose Up
-- On-site repair visits (SPEC §6 via §5): a repair appointment names the
-- support ticket it serves. At most one booked visit per ticket at a time.
-- No REFERENCES here: SQLite cannot DROP a column that takes part in a
-- foreign key, and the Down step must work; the service sets it only from
-- a loaded ticket.
ALTER TABLE sched_appointments ADD COLUMN ticket_id INTEGER;
CREATE UNIQUE INDEX sched_appointments_ticket_booked ON sched_appointments (ticket_id)
    WHERE ticket_id IS NOT NULL AND status = 'booked';
CREATE INDEX sched_appointments_ticket ON sched_appointments (ticket_id);

-- +goose Down
DROP INDEX sched_appointments_ticket;
DROP INDEX sched_appointments_ticket_booked;
ALTER TABLE sched_appointments DROP COLUMN ticket_id;
