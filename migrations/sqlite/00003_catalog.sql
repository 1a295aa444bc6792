-- +goose Up
-- The terminal catalog (SPEC §3) and fee plans (§4). Sample rows seeded by
-- `--demo` carry sample = 1 so every page can label them as sample data.
CREATE TABLE catalog_brands (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    name              TEXT NOT NULL UNIQUE,
    -- What a merchant weighs besides price (the seed: reputation, service
    -- quality, technical support).
    service_cities    INTEGER NOT NULL DEFAULT 0,
    support_hours     TEXT NOT NULL CHECK (support_hours IN ('24x7', 'extended', 'business')),
    onsite_sla_hours  INTEGER NOT NULL DEFAULT 0, -- 0: no on-site service
    support_rating    INTEGER NOT NULL CHECK (support_rating BETWEEN 1 AND 5),
    sample            BOOLEAN NOT NULL DEFAULT 0,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);

CREATE TABLE catalog_models (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    brand_id            INTEGER NOT NULL REFERENCES catalog_brands (id),
    name                TEXT NOT NULL,
    category            TEXT NOT NULL CHECK (category IN ('countertop', 'wireless', 'smart_android', 'mpos', 'qr_soundbox')),
    magstripe           BOOLEAN NOT NULL DEFAULT 0,
    emv_chip            BOOLEAN NOT NULL DEFAULT 0,
    nfc_contactless     BOOLEAN NOT NULL DEFAULT 0,
    qr_scan             BOOLEAN NOT NULL DEFAULT 0,
    printer             BOOLEAN NOT NULL DEFAULT 0,
    pin_pad             BOOLEAN NOT NULL DEFAULT 0,
    cellular_4g         BOOLEAN NOT NULL DEFAULT 0,
    wifi                BOOLEAN NOT NULL DEFAULT 0,
    ethernet            BOOLEAN NOT NULL DEFAULT 0,
    bluetooth           BOOLEAN NOT NULL DEFAULT 0,
    battery_mah         INTEGER NOT NULL DEFAULT 0, -- 0: mains powered only
    screen_tenth_inches INTEGER NOT NULL DEFAULT 0, -- 55 = 5.5"; 0: no screen
    touchscreen         BOOLEAN NOT NULL DEFAULT 0,
    os                  TEXT NOT NULL DEFAULT '',
    purchase_fen        INTEGER NOT NULL DEFAULT 0,
    monthly_rental_fen  INTEGER NOT NULL DEFAULT 0,
    deposit_fen         INTEGER NOT NULL DEFAULT 0,
    warranty_months     INTEGER NOT NULL DEFAULT 0,
    sample              BOOLEAN NOT NULL DEFAULT 0,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (brand_id, name)
);
CREATE INDEX catalog_models_category ON catalog_models (category);

-- Certifications and hardware revisions are lists; position keeps the order
-- an admin gave (revisions oldest first: support compares a device's
-- revision with a firmware release's minimum).
CREATE TABLE catalog_model_certifications (
    model_id INTEGER NOT NULL REFERENCES catalog_models (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    PRIMARY KEY (model_id, position)
);

CREATE TABLE catalog_model_revisions (
    model_id INTEGER NOT NULL REFERENCES catalog_models (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    revision TEXT NOT NULL,
    PRIMARY KEY (model_id, position),
    UNIQUE (model_id, revision)
);

CREATE TABLE catalog_providers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('bank', 'payment_institution')),
    sample     BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The payment methods a provider acquires; with a model's capabilities they
-- decide which fee channels a combination can take.
CREATE TABLE catalog_provider_methods (
    provider_id INTEGER NOT NULL REFERENCES catalog_providers (id) ON DELETE CASCADE,
    method      TEXT NOT NULL CHECK (method IN ('unionpay_card', 'intl_card', 'wechat_pay', 'alipay', 'unionpay_qr', 'ecny')),
    PRIMARY KEY (provider_id, method)
);

CREATE TABLE fee_plans (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id               INTEGER NOT NULL REFERENCES catalog_providers (id),
    name                      TEXT NOT NULL,
    monthly_fee_fen           INTEGER NOT NULL DEFAULT 0,
    annual_fee_fen            INTEGER NOT NULL DEFAULT 0,
    setup_fee_fen             INTEGER NOT NULL DEFAULT 0,
    deposit_fen               INTEGER NOT NULL DEFAULT 0,
    deposit_refund_volume_fen INTEGER NOT NULL DEFAULT 0,
    deposit_refund_months     INTEGER NOT NULL DEFAULT 0, -- 0: not refundable
    d0_surcharge_ppm          INTEGER NOT NULL DEFAULT 0,
    sample                    BOOLEAN NOT NULL DEFAULT 0,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL,
    UNIQUE (provider_id, name)
);

CREATE TABLE fee_plan_rates (
    plan_id        INTEGER NOT NULL REFERENCES fee_plans (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    channel        TEXT NOT NULL,
    rate_ppm       INTEGER NOT NULL,
    cap_fen        INTEGER,          -- NULL: no cap
    fixed_fen      INTEGER NOT NULL DEFAULT 0,
    min_ticket_fen INTEGER NOT NULL DEFAULT 0,
    max_ticket_fen INTEGER,          -- NULL: no upper bound
    PRIMARY KEY (plan_id, position)
);

-- A model may only be deleted once no plan prices it (checked in the
-- service, enforced here).
CREATE TABLE fee_plan_terminal_prices (
    plan_id            INTEGER NOT NULL REFERENCES fee_plans (id) ON DELETE CASCADE,
    model_id           INTEGER NOT NULL REFERENCES catalog_models (id),
    purchase_fen       INTEGER NOT NULL DEFAULT 0,
    monthly_rental_fen INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, model_id)
);
CREATE INDEX fee_plan_terminal_prices_model ON fee_plan_terminal_prices (model_id);

-- A merchant's shortlist of models; the contract issue attaches it to the
-- application. merchant_id is the merchant's user id (kept for sharding).
CREATE TABLE merchant_shortlist (
    merchant_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_id    INTEGER NOT NULL REFERENCES catalog_models (id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (merchant_id, model_id)
);

-- +goose Down
DROP TABLE merchant_shortlist;
DROP TABLE fee_plan_terminal_prices;
DROP TABLE fee_plan_rates;
DROP TABLE fee_plans;
DROP TABLE catalog_provider_methods;
DROP TABLE catalog_providers;
DROP TABLE catalog_model_revisions;
DROP TABLE catalog_model_certifications;
DROP TABLE catalog_models;
DROP TABLE catalog_brands;
