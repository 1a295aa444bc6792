package main

import (
	"context"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/secret"
	"posportal/migrations"
	"posportal/onboarding"
)

// TestUpgradeSealsAccountNumbersAndScopesIntegrations upgrades a database
// that holds what earlier versions wrote — a settlement account number in
// clear, in its row and its submission snapshot, and an integration
// without a provider that has checked in one provider's device — with
// `portal migrate`, on both databases. Afterwards no column holds the
// number, the portal still reads it, a second run changes nothing, and
// the integration is limited to the provider it served.
func TestUpgradeSealsAccountNumbersAndScopesIntegrations(t *testing.T) {
	const key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
	const number = "6222021234567890128"
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			url := "sqlite:" + filepath.Join(dir, "old.db")
			gooseDialect := goose.DialectSQLite3
			if dialect == "postgres" {
				url, gooseDialect = dbtest.PostgresURL(t), goose.DialectPostgres
			}
			d, err := db.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			sub, _ := fs.Sub(migrations.FS, dialect)
			p, err := goose.NewProvider(gooseDialect, d.SQL(), sub, goose.WithDisableGlobalRegistry(true))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 10); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC()
			var merchant, app, providerA, providerB, brand, model, device, integ int64
			insert := func(dst *int64, q string, args ...any) {
				t.Helper()
				if err := d.Get(ctx, dst, q+` RETURNING id`, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			insert(&merchant, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('old@example.com', '老商户', 'merchant', 'x', ?)`, now)
			insert(&app, `INSERT INTO applications (merchant_id, status, settlement_account_type, settlement_account_number, created_at, updated_at, submitted_at)
				VALUES (?, 'submitted', 'personal', ?, ?, ?, ?)`, merchant, number, now, now, now)
			var ev int64
			insert(&ev, `INSERT INTO application_events (application_id, merchant_id, event, from_status, to_status, snapshot, created_at)
				VALUES (?, ?, 'submit', 'draft', 'submitted', ?, ?)`, app, merchant, `{"settlement_account_number":"`+number+`"}`, now)
			insert(&providerA, `INSERT INTO catalog_providers (name, kind, created_at, updated_at) VALUES ('甲银行', 'bank', ?, ?)`, now, now)
			insert(&providerB, `INSERT INTO catalog_providers (name, kind, created_at, updated_at) VALUES ('乙支付', 'payment_institution', ?, ?)`, now, now)
			insert(&brand, `INSERT INTO catalog_brands (name, support_hours, support_rating, created_at, updated_at) VALUES ('旧牌', 'business', 3, ?, ?)`, now, now)
			insert(&model, `INSERT INTO catalog_models (brand_id, name, category, created_at, updated_at) VALUES (?, 'M1', 'countertop', ?, ?)`, brand, now, now)
			insert(&device, `INSERT INTO support_devices (serial, merchant_id, model_id, provider_id, created_at, updated_at) VALUES ('OLD-0001', ?, ?, ?, ?, ?)`,
				merchant, model, providerB, now, now)
			insert(&integ, `INSERT INTO support_integrations (name, token_hash, token_hint, created_at, rotated_at) VALUES ('old TMS', 'h', 'abcd', ?, ?)`, now, now)
			var unused int64
			insert(&unused, `INSERT INTO support_integrations (name, token_hash, token_hint, created_at, rotated_at) VALUES ('never used', 'h2', 'efgh', ?, ?)`, now, now)
			var audited int64
			insert(&audited, `INSERT INTO audit_events (created_at, action, entity_type, entity_id, ip, detail) VALUES (?, 'support.device.checkin', 'device', ?, 'integration:old TMS', ?)`,
				now, device, `{"firmware_version":"1.0","from":"","integration_id":`+strconv.FormatInt(integ, 10)+`,"upgrade_completed":true}`)

			env := testEnv(t, "PORTAL_DATABASE_URL", url, "PORTAL_DATA_KEY", key)
			for range 2 {
				runOK(t, env, "", "migrate")
			}

			var raw string
			if err := d.Get(ctx, &raw, `SELECT settlement_account_number || settlement_account_enc || settlement_account_hash || settlement_account_masked FROM applications`); err != nil {
				t.Fatal(err)
			}
			var snap string
			if err := d.Get(ctx, &snap, `SELECT snapshot FROM application_events`); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(raw+snap, number[:12]) || !strings.Contains(raw, "****0128") {
				t.Fatalf("after upgrade: row %q, snapshot %q", raw, snap)
			}
			k, _ := secret.ParseKey(key)
			box, _ := secret.NewBox(k)
			blobs, _ := blob.NewLocal(t.TempDir())
			onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
			var reviewer int64
			insert(&reviewer, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('r@bank.example', '审核员', 'reviewer', 'x', ?)`, now)
			r, err := onb.Reveal(ctx, auth.User{ID: reviewer, Role: auth.Reviewer}, app, "test")
			if err != nil || r.AccountNumber != number {
				t.Fatalf("reveal after upgrade: %+v %v", r, err)
			}

			var scoped struct {
				Old    *int64 `db:"old"`
				Unused *int64 `db:"unused"`
			}
			if err := d.Get(ctx, &scoped, `SELECT (SELECT provider_id FROM support_integrations WHERE id = ?) AS old,
				(SELECT provider_id FROM support_integrations WHERE id = ?) AS unused`, integ, unused); err != nil {
				t.Fatal(err)
			}
			if scoped.Old == nil || *scoped.Old != providerB || scoped.Unused != nil {
				t.Fatalf("integration providers after upgrade: %+v", scoped)
			}
		})
	}
}
