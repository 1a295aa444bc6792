-- +goose Up
-- The catalog's quote snapshot (catalog/snapshot.go) is rebuilt on every
-- instance when this version moves; every catalog change bumps it in its
-- own transaction.
INSERT INTO cache_versions (name, version) VALUES ('catalog', 1);

-- +goose Down
DELETE FROM cache_versions WHERE name = 'catalog';
