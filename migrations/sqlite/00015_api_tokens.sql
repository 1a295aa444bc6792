-- +goose Up
-- Service tokens for the bank's own systems (SPEC §14). Only a SHA-256 of
-- each token is kept: tokens carry 256 random bits, so there is nothing to
-- brute-force. A token acts for the admin who created it (created_by),
-- narrowed to its scopes (space-separated). provider_id binds a
-- devices:checkin token to the one provider whose terminals it may check
-- in. Revoked tokens stay listed (who, when) and never authenticate again.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    token_hint   TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    provider_id  INTEGER REFERENCES catalog_providers (id),
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP,
    revoked_by   INTEGER REFERENCES users (id)
);

-- Failed bearer authentications per client address and fixed window:
-- past the limit the address is answered 429 until the window ends.
CREATE TABLE api_token_failures (
    client       TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    failures     INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
);

-- +goose Down
DROP TABLE api_token_failures;
DROP TABLE api_tokens;
