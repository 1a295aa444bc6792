-- +goose Up
-- The business-day calendar's exceptions: weekday holidays and weekend
-- make-up workdays (调休). Days are 'YYYY-MM-DD' text so they sort and
-- compare the same way on both databases; the C collation keeps a locale
-- from reordering them.
CREATE TABLE calendar_days (
    day         TEXT COLLATE "C" PRIMARY KEY CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    -- Built-in data derived before the State Council's notice was known;
    -- cleared when an admin confirms the year.
    provisional BOOLEAN NOT NULL DEFAULT FALSE,
    -- A deleted day stays as a tombstone so start-up seeding does not bring
    -- back a built-in day an admin removed.
    deleted     BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by  BIGINT REFERENCES users (id), -- NULL: built-in data
    updated_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE calendar_days;
