-- +goose Up
-- Operations insight (SPEC §15). A report reads one range of a large
-- history: the month's first submissions by (event, created_at), whether a
-- submission is an application's first by (application_id, event,
-- created_at), activations by (to_status, created_at), devices upgraded in
-- the range, and each device's tickets after its upgrade.
CREATE INDEX application_events_event_time ON application_events (event, created_at);
CREATE INDEX application_events_app_event ON application_events (application_id, event, created_at);
CREATE INDEX application_events_status_time ON application_events (to_status, created_at);
CREATE INDEX support_devices_upgraded ON support_devices (upgraded_at);
CREATE INDEX support_tickets_device ON support_tickets (device_id, created_at);

-- +goose Down
DROP INDEX support_tickets_device;
DROP INDEX support_devices_upgraded;
DROP INDEX application_events_status_time;
DROP INDEX application_events_app_event;
DROP INDEX application_events_event_time;
