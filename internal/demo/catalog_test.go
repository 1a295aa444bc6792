package demo

import (
	"context"
	"testing"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func catalogCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"catalog_brands", "catalog_models", "catalog_model_revisions", "catalog_providers",
		"catalog_provider_methods", "fee_plans", "fee_plan_rates", "fee_plan_terminal_prices", "audit_events"} {
		var n int
		if err := d.Get(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestSeedCatalogIsCompleteSampleAndIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := catalog.NewService(d, nil)
		if err := SeedCatalog(ctx, svc); err != nil {
			t.Fatal(err)
		}
		first := catalogCounts(t, d)
		if err := SeedCatalog(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if again := catalogCounts(t, d); again["audit_events"] != first["audit_events"] || again["fee_plan_rates"] != first["fee_plan_rates"] {
			t.Errorf("seeding twice changed the data: %v then %v", first, again)
		}

		brands, _ := svc.Brands(ctx)
		models, _ := svc.Models(ctx, catalog.Filter{})
		providers, _ := svc.Providers(ctx)
		plans, _ := svc.Plans(ctx)
		if len(brands) < 6 || len(models) < 15 || len(providers) < 5 || len(plans) < 5 {
			t.Fatalf("%d brands, %d models, %d providers, %d plans", len(brands), len(models), len(providers), len(plans))
		}
		perCategory := map[catalog.Category]int{}
		for _, m := range models {
			perCategory[m.Category]++
			if !m.Sample {
				t.Errorf("model %s is not marked as sample data", m.Name)
			}
		}
		for _, c := range catalog.Categories {
			if perCategory[c] == 0 {
				t.Errorf("no sample model of category %s", c)
			}
		}
		kinds := map[catalog.ProviderKind]bool{}
		for _, p := range providers {
			kinds[p.Kind] = true
		}
		if !kinds[catalog.Bank] || !kinds[catalog.PaymentInstitution] {
			t.Errorf("providers should include banks and payment institutions: %v", kinds)
		}
		var banded, capped, d0, refundable bool
		for _, p := range plans {
			if !p.Sample {
				t.Errorf("plan %s is not marked as sample data", p.Name)
			}
			qr := 0
			for _, r := range p.Rates {
				if r.Channel == fees.UnionPayQR && (r.MaxTicketFen != nil || r.MinTicketFen > 0) {
					qr++
				}
				capped = capped || (r.Channel == fees.DebitCard && r.CapFen != nil)
			}
			banded = banded || qr >= 2
			d0 = d0 || p.D0SurchargePPM > 0
			refundable = refundable || (p.DepositFen > 0 && p.DepositRefundMonths > 0 && p.DepositRefundVolumeFen > 0)
		}
		if !banded || !capped || !d0 || !refundable {
			t.Errorf("plans lack a feature: banded QR %v, debit cap %v, D0 surcharge %v, refundable deposit %v", banded, capped, d0, refundable)
		}
		// Every sample plan can be quoted: the data is consistent.
		req := fees.QuoteRequest{Profile: fees.Profile{Channels: []fees.ChannelVolume{
			{Channel: fees.WeChatPay, MonthlyCount: 900, AverageTicketFen: 3500},
			{Channel: fees.DebitCard, MonthlyCount: 200, AverageTicketFen: 25_000},
		}}, Months: 12, TerminalCount: 1, Acquisition: fees.Purchase, Settlement: fees.SettlementT1}
		if qs, err := svc.Quote(ctx, req); err != nil || len(qs) != len(plans) {
			t.Errorf("quote over the sample plans: %d quotes, %v", len(qs), err)
		}
	})
}
