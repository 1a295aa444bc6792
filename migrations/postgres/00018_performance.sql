-- +goose Up
-- The catalog's quote snapshot (catalog/snapshot.go) is rebuilt on every
-- instance when this version moves; every catalog change bumps it in its
-- own transaction.
INSERT INTO cache_versions (name, version) VALUES ('catalog', 1);

-- Every dashboard lists the user's last sign-ins (actor_id, action =
-- 'login', newest first). Without this the query walks the whole
-- append-only audit log backwards from its newest event.
CREATE INDEX audit_events_actor_action ON audit_events (actor_id, action, id);

-- +goose Down
DROP INDEX audit_events_actor_action;
DELETE FROM cache_versions WHERE name = 'catalog';
