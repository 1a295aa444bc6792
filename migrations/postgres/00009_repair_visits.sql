-- +goose Up
-- On-site repair visits (SPEC §6 via §5): a repair appointment names the
-- support ticket it serves. At most one booked visit per ticket at a time.
ALTER TABLE sched_appointments ADD COLUMN ticket_id BIGINT REFERENCES support_tickets (id);
CREATE UNIQUE INDEX sched_appointments_ticket_booked ON sched_appointments (ticket_id)
    WHERE ticket_id IS NOT NULL AND status = 'booked';
CREATE INDEX sched_appointments_ticket ON sched_appointments (ticket_id);

-- +goose Down
DROP INDEX sched_appointments_ticket;
DROP INDEX sched_appointments_ticket_booked;
ALTER TABLE sched_appointments DROP COLUMN ticket_id;
