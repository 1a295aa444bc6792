package catalog

import (
	"fmt"
	"testing"
	"time"

	"posportal/fees"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// benchCatalog stores 8 providers, 5 models and n plans of 8–9 rate rows
// (capped debit, banded UnionPay QR and contactless, foreign cards on most)
// with a price for every model.
func benchCatalog(b testing.TB, d *db.DB, n int) *Service {
	b.Helper()
	svc := NewService(d, func() time.Time { return fixedNow })
	br, err := svc.CreateBrand(ctx, nil, Brand{Name: "Bench", SupportHours: Support24x7, SupportRating: 3}, auth.Request{})
	if err != nil {
		b.Fatal(err)
	}
	var models []Model
	for i := range 5 {
		m := countertop(br, fmt.Sprintf("M%d", i), int64(50_000*(i+1)))
		if i == 4 {
			m = soundbox(br, "Box", 9_900)
		}
		got, err := svc.CreateModel(ctx, nil, m, auth.Request{})
		if err != nil {
			b.Fatal(err)
		}
		models = append(models, got)
	}
	var provs []Provider
	for i := range 8 {
		methods := []Method{UnionPayCard, WeChatPay, Alipay, UnionPayQR}
		if i%2 == 0 {
			methods = append(methods, IntlCard)
		}
		p, err := svc.CreateProvider(ctx, nil, Provider{Name: fmt.Sprintf("Provider %d", i), Kind: Bank, Methods: methods}, auth.Request{})
		if err != nil {
			b.Fatal(err)
		}
		provs = append(provs, p)
	}
	for i := range n {
		v := int64(i % 17)
		rows := []fees.RateRow{
			{Channel: fees.DebitCard, RatePPM: 4500 + 50*v, CapFen: ptr(1800 + 10*v)},
			{Channel: fees.CreditCard, RatePPM: 5500 + 50*v},
			{Channel: fees.WeChatPay, RatePPM: 3000 + 40*v},
			{Channel: fees.Alipay, RatePPM: 3000 + 45*v},
			{Channel: fees.UnionPayQR, RatePPM: 3000 + 30*v, MaxTicketFen: ptr(100_000)},
			{Channel: fees.UnionPayQR, RatePPM: 5500 + 30*v, MinTicketFen: 100_001},
			{Channel: fees.Contactless, RatePPM: 3800 + 20*v, MaxTicketFen: ptr(100_000)},
			{Channel: fees.Contactless, RatePPM: 5000 + 20*v, MinTicketFen: 100_001},
		}
		if i%5 != 0 {
			rows = append(rows, fees.RateRow{Channel: fees.ForeignCard, RatePPM: 25_000 + 100*v, FixedFen: 150})
		}
		p := fees.Plan{ProviderID: provs[i%8].ID, Name: fmt.Sprintf("Plan %03d", i), Rates: rows,
			MonthlyFeeFen: 500 * (v % 4), AnnualFeeFen: 36_500 * (v % 2), D0SurchargePPM: 500 + 100*(v%5)}
		if i%3 == 0 {
			p.DepositFen, p.DepositRefundVolumeFen, p.DepositRefundMonths = 99_900, 50_000_000, 3+int(v%6)
		}
		for j, m := range models {
			p.TerminalPrices = append(p.TerminalPrices, fees.TerminalPrice{ModelID: m.ID, PurchaseFen: m.PurchaseFen + 1000*v, MonthlyRentalFen: int64(2000*(j+1)) + 50*v})
		}
		if _, err := svc.CreatePlan(ctx, nil, Plan{Plan: p}, auth.Request{}); err != nil {
			b.Fatal(err)
		}
	}
	return svc
}

// benchQuoteRequest is a busy restaurant on all seven channels, with no
// model chosen, so every plan's terminal is picked as well.
func benchQuoteRequest() fees.QuoteRequest {
	return fees.QuoteRequest{Profile: fees.Profile{Channels: []fees.ChannelVolume{
		{Channel: fees.DebitCard, Buckets: []fees.Bucket{{TicketFen: 3_000, MonthlyCount: 1200}, {TicketFen: 400_000, MonthlyCount: 40}}},
		{Channel: fees.CreditCard, MonthlyCount: 700, AverageTicketFen: 25_000},
		{Channel: fees.WeChatPay, Buckets: []fees.Bucket{{TicketFen: 1_500, MonthlyCount: 3000}, {TicketFen: 30_000, MonthlyCount: 300}}},
		{Channel: fees.Alipay, MonthlyCount: 2500, AverageTicketFen: 5500},
		{Channel: fees.UnionPayQR, Buckets: []fees.Bucket{{TicketFen: 5_000, MonthlyCount: 800}, {TicketFen: 250_000, MonthlyCount: 8}}},
		{Channel: fees.Contactless, MonthlyCount: 900, AverageTicketFen: 8_800},
		{Channel: fees.ForeignCard, MonthlyCount: 40, AverageTicketFen: 60_000},
	}}, Months: 24, TerminalCount: 3, Acquisition: fees.Rental, Settlement: fees.SettlementD0}
}

// BenchmarkQuote200Plans prices one profile against 200 stored plans × 7
// channels through the service (the version check, the snapshot, each
// plan's terminal chosen, then fees.QuotePlans) and, in the same loop so
// that machine load cancels out, the arithmetic alone (fees.QuotePlans on
// inputs prepared once). It reports both and their ratio.
func BenchmarkQuote200Plans(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			svc := benchCatalog(b, d, 200)
			req := benchQuoteRequest()
			snap, err := svc.snaps.get(ctx, d)
			if err != nil {
				b.Fatal(err)
			}
			compat := fees.Compatibility{ByProvider: snap.providerOut}
			prepared := chooseTerminals(snap.fee, snap.priceOut, &req, &compat)
			b.ReportAllocs()
			b.ResetTimer()
			var store, arith time.Duration
			for b.Loop() {
				t0 := time.Now()
				qs, err := svc.Quote(ctx, req)
				if err != nil || len(qs) != 200 {
					b.Fatalf("%d quotes, %v", len(qs), err)
				}
				t1 := time.Now()
				if _, err := fees.QuotePlans(prepared, req, compat); err != nil {
					b.Fatal(err)
				}
				store, arith = store+t1.Sub(t0), arith+time.Since(t1)
			}
			b.ReportMetric(float64(store.Microseconds())/float64(b.N), "store-µs/op")
			b.ReportMetric(float64(arith.Microseconds())/float64(b.N), "arith-µs/op")
			b.ReportMetric(float64(store)/float64(arith), "store/arith")
		})
	}
}
