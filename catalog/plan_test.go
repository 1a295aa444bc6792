package catalog

import (
	"reflect"
	"slices"
	"testing"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func ptr(v int64) *int64 { return &v }

// samplePlan has every §4 feature: a capped debit rate, UnionPay QR banded
// at ¥1,000, a fixed fee on foreign cards, a D0 surcharge, fees, a deposit
// with a refund condition and terminal prices.
func samplePlan(providerID int64, models ...Model) fees.Plan {
	p := fees.Plan{
		ProviderID: providerID, Name: "标准费率 Standard",
		Rates: []fees.RateRow{
			{Channel: fees.DebitCard, RatePPM: 5000, CapFen: ptr(2000)},
			{Channel: fees.CreditCard, RatePPM: 6000},
			{Channel: fees.UnionPayQR, RatePPM: 3800, MaxTicketFen: ptr(100_000)},
			{Channel: fees.UnionPayQR, RatePPM: 6000, MinTicketFen: 100_001},
			{Channel: fees.ForeignCard, RatePPM: 25_000, FixedFen: 150},
		},
		MonthlyFeeFen: 990, AnnualFeeFen: 36_500, SetupFeeFen: 20_000,
		DepositFen: 29_900, DepositRefundVolumeFen: 5_000_000, DepositRefundMonths: 3, D0SurchargePPM: 500,
		TerminalPrices: []fees.TerminalPrice{},
	}
	for _, m := range models {
		p.TerminalPrices = append(p.TerminalPrices, fees.TerminalPrice{ModelID: m.ID, PurchaseFen: m.PurchaseFen, MonthlyRentalFen: m.MonthlyRentalFen})
	}
	return p
}

func TestPlansRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		m1, m2 := f.model(countertop(b, "A", 100_000)), f.model(soundbox(b, "B", 20_000))
		prov := f.provider("明岚银行", UnionPayCard, IntlCard, UnionPayQR)
		in := samplePlan(prov.ID, m1, m2)
		got := f.plan(in)

		in.ID, in.Provider = got.ID, "明岚银行"
		if !reflect.DeepEqual(got.Plan, in) {
			t.Fatalf("stored plan\n got %+v\nwant %+v", got.Plan, in)
		}
		if got.Rates[0].CapFen == nil || *got.Rates[0].CapFen != 2000 || got.Rates[1].CapFen != nil || got.Rates[3].MaxTicketFen != nil {
			t.Error("NULL cap / max ticket did not round-trip")
		}

		t.Run("UpdateReplacesRows", func(t *testing.T) {
			upd := got
			upd.Rates = []fees.RateRow{{Channel: fees.WeChatPay, RatePPM: 3000}}
			upd.TerminalPrices = []fees.TerminalPrice{{ModelID: m2.ID, MonthlyRentalFen: 700}}
			res, err := f.svc.UpdatePlan(ctx, f.admin, upd, noReq)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rates) != 1 || res.Rates[0].Channel != fees.WeChatPay || len(res.TerminalPrices) != 1 || res.TerminalPrices[0].MonthlyRentalFen != 700 {
				t.Errorf("updated = %+v", res.Plan)
			}
			if _, err := f.svc.UpdatePlan(ctx, f.admin, got, noReq); err != nil { // restore
				t.Fatal(err)
			}
		})
		t.Run("ErrInvalidInTheUsersTerms", func(t *testing.T) {
			bad := samplePlan(prov.ID)
			bad.Rates[0].RatePPM = 200_000
			bad.Rates[3].MinTicketFen = 100_000 // overlaps the first band at exactly ¥1,000
			_, err := f.svc.CreatePlan(ctx, f.admin, Plan{Plan: bad}, noReq)
			e := wantCode(t, err, apperr.Validation)
			want := map[string]string{
				"rates[0].rate_ppm":       "fees.field.rate_ppm.out_of_range",
				"rates[3].min_ticket_fen": "fees.field.min_ticket_fen.overlap",
			}
			if !reflect.DeepEqual(e.Fields, want) {
				t.Errorf("fields = %v, want %v", e.Fields, want)
			}
		})
		t.Run("ErrUnknownProviderOrModel", func(t *testing.T) {
			_, err := f.svc.CreatePlan(ctx, f.admin, Plan{Plan: samplePlan(999)}, noReq)
			wantField(t, err, "provider_id", "catalog.field.provider_id.unknown")
			p := samplePlan(prov.ID)
			p.Name = "Other"
			p.TerminalPrices = []fees.TerminalPrice{{ModelID: m1.ID}, {ModelID: 999}}
			_, err = f.svc.CreatePlan(ctx, f.admin, Plan{Plan: p}, noReq)
			wantField(t, err, "terminal_prices[1].model_id", "catalog.field.model_id.unknown")
		})
		t.Run("ErrNameTakenWithinProvider", func(t *testing.T) {
			_, err := f.svc.CreatePlan(ctx, f.admin, Plan{Plan: samplePlan(prov.ID)}, noReq)
			wantField(t, err, "name", "catalog.field.name.taken")
		})
		t.Run("ErrInUse", func(t *testing.T) {
			wantCode(t, f.svc.DeleteModel(ctx, f.admin, m1.ID, noReq), apperr.Conflict)
			wantCode(t, f.svc.DeleteProvider(ctx, f.admin, prov.ID, noReq), apperr.Conflict)
		})
		t.Run("PlansForModel", func(t *testing.T) {
			ps, err := f.svc.PlansForModel(ctx, m2.ID)
			if err != nil || len(ps) != 1 || ps[0].ID != got.ID {
				t.Errorf("plans for model = %v, %v", ps, err)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			if err := f.svc.DeletePlan(ctx, f.admin, got.ID, noReq); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Plan(ctx, got.ID); !isNotFound(err) {
				t.Errorf("deleted plan: %v", err)
			}
			if err := f.svc.DeleteModel(ctx, f.admin, m1.ID, noReq); err != nil {
				t.Errorf("model no longer priced, delete: %v", err)
			}
		})
		for _, a := range []string{"catalog.plan.create", "catalog.plan.update", "catalog.plan.delete"} {
			if f.auditCount(a) == 0 {
				t.Errorf("no %s audit event", a)
			}
		}
	})
}

// quoteFixture: provider Local takes UnionPay cards and QR but no foreign
// cards; provider Intl takes everything. Each has one plan pricing a
// countertop with NFC, one without, and a QR soundbox.
type quoteFixture struct {
	*fixture
	nfc, noNFC, box Model
	local, intl     Plan
}

func newQuoteFixture(t *testing.T, d *db.DB) *quoteFixture {
	f := &quoteFixture{fixture: newFixture(t, d)}
	b := f.brand("Acme")
	f.nfc = f.model(countertop(b, "Tap", 150_000))
	no := countertop(b, "NoTap", 120_000)
	no.NFCContactless = false
	f.noNFC = f.model(no)
	f.box = f.model(soundbox(b, "Box", 20_000))
	local := f.provider("Local Bank", UnionPayCard, UnionPayQR, WeChatPay)
	intl := f.provider("Intl Pay", UnionPayCard, IntlCard, UnionPayQR, WeChatPay, Alipay)
	rates := []fees.RateRow{
		{Channel: fees.DebitCard, RatePPM: 5000, CapFen: ptr(2000)},
		{Channel: fees.Contactless, RatePPM: 3800},
		{Channel: fees.WeChatPay, RatePPM: 3000},
		{Channel: fees.ForeignCard, RatePPM: 25_000}, // priced, but Local cannot acquire them
	}
	prices := []fees.TerminalPrice{
		{ModelID: f.nfc.ID, PurchaseFen: 150_000, MonthlyRentalFen: 5000},
		{ModelID: f.noNFC.ID, PurchaseFen: 120_000, MonthlyRentalFen: 4000},
		{ModelID: f.box.ID, PurchaseFen: 20_000, MonthlyRentalFen: 900},
	}
	f.local = f.plan(fees.Plan{ProviderID: local.ID, Name: "Local", Rates: rates, TerminalPrices: prices})
	f.intl = f.plan(fees.Plan{ProviderID: intl.ID, Name: "Intl", Rates: rates, TerminalPrices: prices})
	return f
}

func quoteReq(model *int64, chs ...fees.ChannelVolume) fees.QuoteRequest {
	return fees.QuoteRequest{Profile: fees.Profile{Channels: chs}, Months: 12, TerminalCount: 1,
		Acquisition: fees.Purchase, Settlement: fees.SettlementT1, ModelID: model}
}

func vol(ch fees.Channel, count, ticket int64) fees.ChannelVolume {
	return fees.ChannelVolume{Channel: ch, MonthlyCount: count, AverageTicketFen: ticket}
}

func byName(qs []Quote) map[string]Quote {
	out := map[string]Quote{}
	for _, q := range qs {
		out[q.PlanName] = q
	}
	return out
}

func TestQuoteUsesCompatibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newQuoteFixture(t, d)
		cards := []fees.ChannelVolume{vol(fees.DebitCard, 100, 10_000), vol(fees.Contactless, 50, 5_000), vol(fees.ForeignCard, 10, 50_000)}

		t.Run("model without NFC cannot take contactless", func(t *testing.T) {
			qs, err := f.svc.Quote(ctx, quoteReq(&f.noNFC.ID, cards...))
			if err != nil {
				t.Fatal(err)
			}
			got := byName(qs)
			if u := got["Intl"].UnsupportedChannels; !slices.Equal(u, []fees.Channel{fees.Contactless}) {
				t.Errorf("Intl with NoTap: unsupported = %v, want [contactless]", u)
			}
			// Local cannot acquire foreign cards on any model.
			if u := got["Local"].UnsupportedChannels; !slices.Equal(u, []fees.Channel{fees.Contactless, fees.ForeignCard}) {
				t.Errorf("Local with NoTap: unsupported = %v", u)
			}
			// Debit only: 100 × round(¥100 × 0.5 %) = 100 × 50 fen a month, × 12.
			if p := got["Intl"].ProcessingFen; p != 12*(100*50+10*1250) {
				t.Errorf("Intl processing = %d", p)
			}
		})
		t.Run("provider without foreign cards", func(t *testing.T) {
			qs, err := f.svc.Quote(ctx, quoteReq(&f.nfc.ID, cards...))
			if err != nil {
				t.Fatal(err)
			}
			got := byName(qs)
			if u := got["Local"].UnsupportedChannels; !slices.Equal(u, []fees.Channel{fees.ForeignCard}) {
				t.Errorf("Local with Tap: unsupported = %v, want [foreign_card]", u)
			}
			if u := got["Intl"].UnsupportedChannels; len(u) != 0 {
				t.Errorf("Intl with Tap: unsupported = %v, want none", u)
			}
		})
		t.Run("without a model each plan gets a terminal that takes the volume", func(t *testing.T) {
			qs, err := f.svc.Quote(ctx, quoteReq(nil, cards...))
			if err != nil {
				t.Fatal(err)
			}
			intl := byName(qs)["Intl"]
			// The soundbox is cheapest but reads no cards; NoTap misses contactless.
			if intl.TerminalModelID == nil || *intl.TerminalModelID != f.nfc.ID || len(intl.UnsupportedChannels) != 0 || intl.TerminalFen != 150_000 {
				t.Errorf("Intl = %+v", intl)
			}
			qr, err := f.svc.Quote(ctx, quoteReq(nil, vol(fees.WeChatPay, 300, 3000)))
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qr {
				if q.TerminalModelID == nil || *q.TerminalModelID != f.box.ID {
					t.Errorf("%s: QR-only volume should get the soundbox, got %v", q.PlanName, q.TerminalModelID)
				}
			}
		})
		t.Run("ErrUnknownModelOrPlan", func(t *testing.T) {
			_, err := f.svc.Quote(ctx, quoteReq(ptr(999_999), cards...))
			wantField(t, err, "model_id", "catalog.field.model_id.unknown")
			r := quoteReq(nil, cards...)
			r.PlanIDs = []int64{f.local.ID, 999_999}
			_, err = f.svc.Quote(ctx, r)
			wantField(t, err, "plan_ids[1]", "catalog.field.plan_ids.unknown")
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			r := quoteReq(nil, cards...)
			r.Months = 0
			_, err := f.svc.Quote(ctx, r)
			wantField(t, err, "months", "fees.field.months.out_of_range")
		})
		t.Run("plan_ids restricts", func(t *testing.T) {
			r := quoteReq(nil, cards...)
			r.PlanIDs = []int64{f.local.ID}
			qs, err := f.svc.Quote(ctx, r)
			if err != nil || len(qs) != 1 || qs[0].PlanID != f.local.ID {
				t.Errorf("quotes = %+v, %v", qs, err)
			}
		})
	})
}
