-- +goose Up
-- Settlement account numbers are sealed like the resident ID: AES-GCM
-- ciphertext, a keyed hash (compare without decrypting) and the masked
-- form (last 4 digits). A migration has no key, so the portal seals the
-- rows still in clear at every start and in `portal migrate`
-- (onboarding.Service.SealClearAccounts); settlement_account_number is
-- then always '' and is kept only so older rows can be sealed.
ALTER TABLE applications ADD COLUMN settlement_account_enc TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN settlement_account_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN settlement_account_masked TEXT NOT NULL DEFAULT '';

-- An integration token checks in only its provider's devices. Accounts
-- created before this had no provider: each gets the provider of the
-- devices it has checked in when that is a single one; the others stay
-- NULL (unscoped, flagged to admins until one is assigned).
ALTER TABLE support_integrations ADD COLUMN provider_id BIGINT REFERENCES catalog_providers (id);
UPDATE support_integrations SET provider_id = (
    SELECT MIN(d.provider_id) FROM audit_events e JOIN support_devices d ON d.id = e.entity_id
    WHERE e.action = 'support.device.checkin' AND e.entity_type = 'device'
      AND e.detail LIKE '%"integration_id":' || support_integrations.id || ',%'
    HAVING COUNT(DISTINCT d.provider_id) = 1);

-- Failed check-in authentications per client address and fixed window:
-- after too many, the address is refused (429) until the window ends.
CREATE TABLE support_checkin_failures (
    client       TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    failures     INTEGER NOT NULL,
    PRIMARY KEY (client, window_start)
);

-- +goose Down
DROP TABLE support_checkin_failures;
ALTER TABLE support_integrations DROP COLUMN provider_id;
ALTER TABLE applications DROP COLUMN settlement_account_masked;
ALTER TABLE applications DROP COLUMN settlement_account_hash;
ALTER TABLE applications DROP COLUMN settlement_account_enc;
