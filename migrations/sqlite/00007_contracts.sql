-- +goose Up
-- One contract per application. The PDF the merchant reads is stored in the
-- blob store and identified by its SHA-256; signing records who, when, from
-- where, and the hash of exactly those bytes.
CREATE TABLE contracts (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    merchant_id    INTEGER NOT NULL,
    number         TEXT NOT NULL UNIQUE,
    fee_plan_id    INTEGER NOT NULL,
    terms          TEXT NOT NULL, -- JSON: terminals, prices, fee schedule as offered
    lang           TEXT NOT NULL,
    pdf_key        TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    signer_name    TEXT NOT NULL DEFAULT '',
    signer_ip      TEXT NOT NULL DEFAULT '',
    signer_agent   TEXT NOT NULL DEFAULT '',
    signed_sha256  TEXT NOT NULL DEFAULT '',
    signed_at      TIMESTAMP
);

-- +goose StatementBegin
CREATE TRIGGER contracts_signed_immutable BEFORE UPDATE ON contracts
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed contract cannot change');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER contracts_signed_undeletable BEFORE DELETE ON contracts
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed contract cannot change');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE contracts;
