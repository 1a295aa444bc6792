-- +goose Up
-- login_failures now also holds attempts in flight: each login reserves its
-- row before the password is hashed, so concurrent guesses are counted
-- before any of them is answered. The limit per (account, address) is the
-- one most logins check first.
CREATE INDEX login_failures_email_ip ON login_failures (email, ip, created_at);

-- Self-registrations per client address, throttled like logins.
CREATE TABLE registration_attempts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ip         TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX registration_attempts_ip ON registration_attempts (ip, created_at);

-- +goose Down
DROP TABLE registration_attempts;
DROP INDEX login_failures_email_ip;
