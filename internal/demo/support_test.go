package demo

import (
	"context"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/support"
	"posportal/support/knowledge"
)

// TestSeedSupportShowsContextChecks: merchant@demo.local gets devices whose
// troubleshooting starts from a release the regression watch paused, a provider outage and an
// incomplete upgrade, plus one with a printer; seeding twice changes nothing.
func TestSeedSupportShowsContextChecks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := auth.DefaultPolicy()
		p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
		a, err := auth.NewService(d, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := knowledge.Load()
		if err != nil {
			t.Fatal(err)
		}
		s := Services{Auth: a, Catalog: catalog.NewService(d, nil), Support: support.NewService(d, tree, nil)}
		if _, err := seedAccounts(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := SeedCatalog(ctx, s.Catalog); err != nil {
			t.Fatal(err)
		}
		// The chain store's upgrades bring the tickets on which the
		// regression watch pauses XC-W6 4.0.0.
		seed := func() {
			if err := seedSupport(ctx, s); err != nil {
				t.Fatal(err)
			}
			if err := seedFleet(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		seed()
		count := func() (n int) {
			if err := d.Get(ctx, &n, `SELECT (SELECT COUNT(*) FROM support_devices) + (SELECT COUNT(*) FROM support_releases)
				+ (SELECT COUNT(*) FROM support_notices) + (SELECT COUNT(*) FROM support_integrations) + (SELECT COUNT(*) FROM audit_events)`); err != nil {
				t.Fatal(err)
			}
			return n
		}
		first := count()
		seed()
		if again := count(); again != first {
			t.Fatalf("second seed changed support data: %d rows then %d", first, again)
		}

		m, _ := a.UserByEmail(ctx, "merchant@demo.local")
		devs, err := s.Support.Devices(ctx, m)
		if err != nil || len(devs) < 3 {
			t.Fatalf("merchant devices = %d, %v", len(devs), err)
		}
		checks := map[knowledge.Check]bool{}
		printer := false
		for _, dev := range devs {
			printer = printer || dev.Printer
			ss, err := s.Support.StartSession(ctx, m, dev.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range ss.Context {
				checks[f.Check] = true
			}
		}
		for _, c := range []knowledge.Check{knowledge.CheckOutage, knowledge.CheckReleasePausedOrWithdrawn, knowledge.CheckUpgradeIncomplete} {
			if !checks[c] {
				t.Errorf("no demo device shows the %s check", c)
			}
		}
		if !printer {
			t.Error("no demo device with a printer")
		}
		ns, err := s.Support.Notices(ctx, m)
		if err != nil || len(ns) < 2 {
			t.Errorf("merchant notices = %d, %v", len(ns), err)
		}
	})
}
