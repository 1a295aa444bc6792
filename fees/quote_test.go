package fees

import (
	"errors"
	"slices"
	"testing"
)

func TestQuoteBreakdown(t *testing.T) {
	// WeChat Pay at 0.38 %, ¥10 monthly fee, model 7 at ¥299 or ¥15/month.
	plan := planWith(flat(WeChatPay, 3800))
	plan.MonthlyFeeFen = 1000
	plan.TerminalPrices = []TerminalPrice{{ModelID: 7, PurchaseFen: 29_900, MonthlyRentalFen: 1500}}

	// 1000 tickets of ¥50 a month for 3 months, 2 terminals.
	req := request(avg(WeChatPay, 1000, 5000))
	req.Months, req.TerminalCount, req.ModelID = 3, 2, new(int64(7))

	t.Run("purchase", func(t *testing.T) {
		q := mustQuote(t, plan, req, 0)
		// fee/ticket = 5000 × 3800 / 10⁶ = 19; 19 × 1000 × 3 = 57000.
		// fixed = 1000 × 3 = 3000; terminal = 29900 × 2 = 59800.
		// total = 57000 + 3000 + 59800 = 119800; volume = 5000 × 1000 × 3 = 15,000,000.
		// rate = 119800 / 15e6 × 10⁴ = 79.8667 bp → 79.87.
		want := PlanQuote{
			PlanID: 1, PlanName: "Test plan", Provider: "示例银行", ProviderID: 10,
			ProcessingFen: 57_000, FixedFeesFen: 3000, TerminalFen: 59_800,
			TotalFen: 119_800, EffectiveRateBP: 7987, VolumeFen: 15_000_000,
			UnsupportedChannels: []Channel{}, TerminalModelID: new(int64(7)), Comparable: true,
		}
		assertQuote(t, q, want)
	})
	t.Run("rental", func(t *testing.T) {
		r := req
		r.Acquisition = Rental
		q := mustQuote(t, plan, r, 0)
		// terminal = 1500 × 2 × 3 = 9000; total = 57000 + 3000 + 9000 = 69000.
		// rate = 69000 / 15e6 × 10⁴ = 46.00 bp.
		if q.TerminalFen != 9000 || q.TotalFen != 69_000 || q.EffectiveRateBP != 4600 {
			t.Errorf("terminal %d total %d rate %s; want 9000 69000 46.00", q.TerminalFen, q.TotalFen, q.EffectiveRateBP)
		}
	})
	t.Run("d0", func(t *testing.T) {
		p := plan
		p.D0SurchargePPM = 1000
		r := req
		r.Settlement = SettlementD0
		q := mustQuote(t, p, r, 0)
		// fee/ticket = 5000 × (3800 + 1000) / 10⁶ = 24; 24 × 1000 × 3 = 72000.
		if q.ProcessingFen != 72_000 {
			t.Errorf("processing = %d, want 72000", q.ProcessingFen)
		}
		// Under T1 the surcharge is not charged: 57000 as above.
		if q := mustQuote(t, p, req, 0); q.ProcessingFen != 57_000 {
			t.Errorf("T1 processing = %d, want 57000", q.ProcessingFen)
		}
	})
}

func assertQuote(t *testing.T, got, want PlanQuote) {
	t.Helper()
	gotJSON, wantJSON := mustJSON(t, got), mustJSON(t, want)
	if gotJSON != wantJSON {
		t.Errorf("quote\n got %s\nwant %s", gotJSON, wantJSON)
	}
}

func TestQuoteProcessing(t *testing.T) {
	bands := []RateRow{
		{Channel: UnionPayQR, RatePPM: 3800, MaxTicketFen: new(int64(100_000))},
		{Channel: UnionPayQR, RatePPM: 6000, MinTicketFen: 100_001},
	}
	tests := []struct {
		name    string
		plan    Plan
		profile ChannelVolume
		want    int64 // one month's processing
		volume  int64
		rate    BasisPoints
	}{
		{
			// Debit 0.5 % capped at ¥20: 10 × ¥10,000 → 5000 capped to 2000 each = 20000;
			// 100 × ¥100 → 50 each = 5000. Total 25000 on 11,000,000 volume.
			// rate = 25000 / 11e6 × 10⁴ = 22.7272… → 22.73.
			name:    "cap hit and not hit",
			plan:    planWith(RateRow{Channel: DebitCard, RatePPM: 5000, CapFen: new(int64(2000))}),
			profile: buckets(DebitCard, 1_000_000, 10, 10_000, 100),
			want:    25_000, volume: 11_000_000, rate: 2273,
		},
		{
			// 0.6 % on ¥2.50 = 1.5 fen → 2, × 2 tickets = 4 on 500 volume.
			// rate = 4 / 500 × 10⁴ = 80.00.
			name:    "half-up at exactly .5 fen",
			plan:    planWith(flat(WeChatPay, 6000)),
			profile: avg(WeChatPay, 2, 250),
			want:    4, volume: 500, rate: 8000,
		},
		{
			// ¥100 × 100 at 0.38 % = 38 × 100 = 3800
			// ¥1,000 × 5 (boundary, lower band) = 380 × 5 = 1900
			// ¥1,000.01 × 1 at 0.60 % = 600.006 → 600
			// ¥2,000 × 10 at 0.60 % = 1200 × 10 = 12000
			// total 18300 on 1,000,000 + 500,000 + 100,001 + 2,000,000 = 3,600,001;
			// rate = 18300 / 3600001 × 10⁴ = 50.8333… → 50.83.
			name:    "banded rates",
			plan:    planWith(bands...),
			profile: buckets(UnionPayQR, 10_000, 100, 100_000, 5, 100_001, 1, 200_000, 10),
			want:    18_300, volume: 3_600_001, rate: 5083,
		},
		{
			// Fixed ¥0.10 per ticket on top of 0.38 %: (19 + 10) × 1000 = 29000 on 5,000,000.
			// rate = 29000 / 5e6 × 10⁴ = 58.00.
			name:    "fixed fee per ticket",
			plan:    planWith(RateRow{Channel: Alipay, RatePPM: 3800, FixedFen: 10}),
			profile: avg(Alipay, 1000, 5000),
			want:    29_000, volume: 5_000_000, rate: 5800,
		},
		{
			// A channel with zero tickets costs nothing; volume 0 → rate 0.
			name:    "zero volume",
			plan:    planWith(flat(Alipay, 3800)),
			profile: avg(Alipay, 0, 5000),
			want:    0, volume: 0, rate: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := mustQuote(t, tt.plan, request(tt.profile), 0)
			if q.ProcessingFen != tt.want || q.VolumeFen != tt.volume || q.EffectiveRateBP != tt.rate {
				t.Errorf("processing %d volume %d rate %s; want %d %d %s",
					q.ProcessingFen, q.VolumeFen, q.EffectiveRateBP, tt.want, tt.volume, tt.rate)
			}
			if q.TotalFen != q.ProcessingFen {
				t.Errorf("total %d != processing %d for a plan without other costs", q.TotalFen, q.ProcessingFen)
			}
		})
	}
}

func TestQuoteFixedFees(t *testing.T) {
	// ¥10/month, ¥365/year, ¥200 setup.
	plan := planWith(flat(WeChatPay, 3800))
	plan.MonthlyFeeFen, plan.AnnualFeeFen, plan.SetupFeeFen = 1000, 36_500, 20_000
	for _, tt := range []struct {
		months int
		want   int64
	}{
		{1, 1000 + 36_500 + 20_000},         // a started year is charged: ceil(1/12) = 1
		{12, 12_000 + 36_500 + 20_000},      // ceil(12/12) = 1
		{13, 13_000 + 2*36_500 + 20_000},    // ceil(13/12) = 2 years
		{120, 120_000 + 10*36_500 + 20_000}, // ceil(120/12) = 10
	} {
		req := request(avg(WeChatPay, 0, 100))
		req.Months = tt.months
		if q := mustQuote(t, plan, req, 0); q.FixedFeesFen != tt.want {
			t.Errorf("months %d: fixed fees = %d, want %d", tt.months, q.FixedFeesFen, tt.want)
		}
	}
}

func TestQuoteDeposit(t *testing.T) {
	// ¥500 deposit, refunded once cumulative volume reaches ¥100,000 within 6 months.
	plan := planWith(flat(WeChatPay, 0), flat(Alipay, 0))
	plan.DepositFen, plan.DepositRefundVolumeFen, plan.DepositRefundMonths = 50_000, 10_000_000, 6

	wechat := func(perMonth int64) []ChannelVolume { return []ChannelVolume{avg(WeChatPay, perMonth/100, 100)} }
	both := []ChannelVolume{avg(WeChatPay, 30_000, 100), avg(Alipay, 10_000, 100)} // ¥30,000 + ¥10,000 a month
	tests := []struct {
		name         string
		plan         func(Plan) Plan
		profile      []ChannelVolume
		months       int
		unsupported  ChannelSet
		wantMonth    int // 0 = not refunded
		wantRefunded int64
	}{
		// 3,000,000/month: 9M after 3 months, 12M after 4 → month 4 ≤ 6 and ≤ 12.
		{"inside window", nil, wechat(3_000_000), 12, 0, 4, 50_000},
		// 2,000,000/month reaches exactly 10M in month 5: "reaches" includes equality.
		{"exactly at threshold", nil, wechat(2_000_000), 12, 0, 5, 50_000},
		// 1,700,000/month: 8.5M after 5, 10.2M after 6 = deposit_refund_months → still inside.
		{"last month of window", nil, wechat(1_700_000), 12, 0, 6, 50_000},
		// 1,500,000/month needs ceil(10M / 1.5M) = 7 months > 6: kept.
		{"outside window", nil, wechat(1_500_000), 12, 0, 0, 0},
		// Month 4 would qualify, but the horizon is 3 months.
		{"beyond horizon", nil, wechat(3_000_000), 3, 0, 0, 0},
		// No volume at all: never.
		{"never", nil, wechat(0), 12, 0, 0, 0},
		// deposit_refund_months = 0: non-refundable.
		{"non-refundable", func(p Plan) Plan { p.DepositRefundMonths = 0; return p }, wechat(3_000_000), 12, 0, 0, 0},
		// Threshold 0 is reached by month 1's cumulative volume (0 ≥ 0).
		{"zero threshold", func(p Plan) Plan { p.DepositRefundVolumeFen = 0; return p }, wechat(0), 12, 0, 1, 50_000},
		// 4,000,000/month over both channels → ceil(10M / 4M) = month 3.
		{"all priced volume counts", nil, both, 12, 0, 3, 50_000},
		// With WeChat excluded only Alipay's 1,000,000/month counts → month 10 > 6.
		{"unsupported volume does not count", nil, both, 12, NewChannelSet(WeChatPay), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := plan
			if tt.plan != nil {
				p = tt.plan(p)
			}
			req := request(tt.profile...)
			req.Months = tt.months
			q := mustQuote(t, p, req, tt.unsupported)
			gotMonth := 0
			if q.DepositRefundMonth != nil {
				gotMonth = *q.DepositRefundMonth
			}
			if q.DepositPaidFen != 50_000 {
				t.Errorf("paid = %d, want 50000", q.DepositPaidFen)
			}
			if q.DepositRefundedFen != tt.wantRefunded || gotMonth != tt.wantMonth {
				t.Errorf("refunded %d in month %d; want %d in month %d", q.DepositRefundedFen, gotMonth, tt.wantRefunded, tt.wantMonth)
			}
			// Rates are 0 and the terminal free, so the total is the deposit kept.
			if q.TotalFen != 50_000-tt.wantRefunded {
				t.Errorf("total = %d, want deposit paid − refunded = %d", q.TotalFen, 50_000-tt.wantRefunded)
			}
		})
	}

	t.Run("no deposit", func(t *testing.T) {
		p := planWith(flat(WeChatPay, 0))
		q := mustQuote(t, p, request(avg(WeChatPay, 1, 100)), 0)
		if q.DepositPaidFen != 0 || q.DepositRefundedFen != 0 || q.DepositRefundMonth != nil {
			t.Errorf("deposit %d/%d month %v; want 0/0 nil", q.DepositPaidFen, q.DepositRefundedFen, q.DepositRefundMonth)
		}
	})
}

func TestQuoteUnsupportedChannels(t *testing.T) {
	// The plan prices WeChat, Alipay and UnionPay QR only up to ¥1,000.
	plan := planWith(
		flat(WeChatPay, 3800),
		flat(Alipay, 3800),
		RateRow{Channel: UnionPayQR, RatePPM: 3800, MaxTicketFen: new(int64(100_000))},
	)
	req := request(
		avg(WeChatPay, 1000, 5000),   // priced: 19 × 1000 = 19000 on 5,000,000
		avg(Alipay, 1000, 5000),      // excluded by the caller (e.g. provider cannot acquire it)
		avg(ForeignCard, 10, 50_000), // no rate row
		avg(CreditCard, 10, 50_000),  // no rate row
		// One bucket is above every band, so the whole channel is excluded,
		// not just that bucket: partial pricing would hide the gap.
		buckets(UnionPayQR, 10_000, 100, 200_000, 1),
	)
	q := mustQuote(t, plan, req, NewChannelSet(Alipay))

	wantUnsupported := []Channel{Alipay, CreditCard, ForeignCard, UnionPayQR} // sorted by name
	if !slices.Equal(q.UnsupportedChannels, wantUnsupported) {
		t.Errorf("unsupported = %v, want %v", q.UnsupportedChannels, wantUnsupported)
	}
	// Only WeChat is priced: processing 19000, volume 5,000,000, rate 38.00 bp.
	if q.ProcessingFen != 19_000 || q.VolumeFen != 5_000_000 || q.EffectiveRateBP != 3800 {
		t.Errorf("processing %d volume %d rate %s; want 19000 5000000 38.00", q.ProcessingFen, q.VolumeFen, q.EffectiveRateBP)
	}

	t.Run("caller set limited to requested channels", func(t *testing.T) {
		// Excluding a channel the merchant does not use reports nothing.
		q := mustQuote(t, plan, request(avg(WeChatPay, 1, 100)), NewChannelSet(Contactless))
		if len(q.UnsupportedChannels) != 0 {
			t.Errorf("unsupported = %v, want none", q.UnsupportedChannels)
		}
	})
	t.Run("sizes without tickets need no band", func(t *testing.T) {
		// A form row "¥2,000 tickets: 0" must not drop the whole channel;
		// 38 × 100 = 3800 on 1,000,000.
		q := mustQuote(t, plan, request(buckets(UnionPayQR, 10_000, 100, 200_000, 0)), 0)
		if len(q.UnsupportedChannels) != 0 || q.ProcessingFen != 3800 {
			t.Errorf("unsupported %v processing %d; want none 3800", q.UnsupportedChannels, q.ProcessingFen)
		}
		// But a channel the plan has no row for is reported even without tickets.
		q = mustQuote(t, plan, request(avg(WeChatPay, 1, 100), avg(DebitCard, 0, 100)), 0)
		if !slices.Equal(q.UnsupportedChannels, []Channel{DebitCard}) {
			t.Errorf("unsupported %v, want [debit_card]", q.UnsupportedChannels)
		}
	})
	t.Run("everything unsupported", func(t *testing.T) {
		q := mustQuote(t, plan, request(avg(DebitCard, 10, 100)), 0)
		if q.VolumeFen != 0 || q.EffectiveRateBP != 0 || q.ProcessingFen != 0 {
			t.Errorf("volume %d rate %s processing %d; want zeros", q.VolumeFen, q.EffectiveRateBP, q.ProcessingFen)
		}
	})
}

func TestQuoteTerminal(t *testing.T) {
	plan := planWith(flat(WeChatPay, 3800))
	plan.TerminalPrices = []TerminalPrice{
		{ModelID: 1, PurchaseFen: 30_000, MonthlyRentalFen: 1000},
		{ModelID: 2, PurchaseFen: 20_000, MonthlyRentalFen: 1500},
		{ModelID: 3, PurchaseFen: 20_000, MonthlyRentalFen: 2000},
	}
	tests := []struct {
		name        string
		plan        Plan
		acq         Acquisition
		model       *int64
		wantFen     int64
		wantModel   *int64
		wantMissing bool
	}{
		// 30000 × 4 terminals.
		{"requested model purchase", plan, Purchase, new(int64(1)), 120_000, new(int64(1)), false},
		// 1000 × 4 terminals × 6 months.
		{"requested model rental", plan, Rental, new(int64(1)), 24_000, new(int64(1)), false},
		// Cheapest purchase: models 2 and 3 tie at 20000, lower id wins → 20000 × 4.
		{"cheapest purchase", plan, Purchase, nil, 80_000, new(int64(2)), false},
		// Cheapest rental: model 1 at 1000 → 1000 × 4 × 6.
		{"cheapest rental", plan, Rental, nil, 24_000, new(int64(1)), false},
		// Model 9 has no price in this plan: cost 0, flagged.
		{"model without price", plan, Purchase, new(int64(9)), 0, nil, true},
		{"free terminal", planWith(flat(WeChatPay, 3800)), Purchase, nil, 0, new(int64(1)), false},
		{"plan with no terminal offer", func() Plan { p := plan; p.TerminalPrices = nil; return p }(), Rental, nil, 0, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := request(avg(WeChatPay, 0, 100))
			req.Months, req.TerminalCount, req.Acquisition, req.ModelID = 6, 4, tt.acq, tt.model
			q := mustQuote(t, tt.plan, req, 0)
			if q.TerminalFen != tt.wantFen || q.TerminalPriceMissing != tt.wantMissing {
				t.Errorf("terminal %d missing %v; want %d %v", q.TerminalFen, q.TerminalPriceMissing, tt.wantFen, tt.wantMissing)
			}
			if (q.TerminalModelID == nil) != (tt.wantModel == nil) || (q.TerminalModelID != nil && *q.TerminalModelID != *tt.wantModel) {
				t.Errorf("terminal model %v, want %v", q.TerminalModelID, tt.wantModel)
			}
			if q.TotalFen != q.TerminalFen {
				t.Errorf("total %d, want terminal only %d", q.TotalFen, q.TerminalFen)
			}
		})
	}
}

func TestQuoteRejectsInvalidInput(t *testing.T) {
	plan := planWith(flat(WeChatPay, 3800))
	bad := request(avg(WeChatPay, 1, 100))
	bad.Months = 0
	if _, err := Quote(plan, bad, 0); fieldErrors(t, err)["months"] != CodeOutOfRange {
		t.Errorf("err = %v, want months out_of_range", err)
	}
	plan.Name = ""
	_, err := Quote(plan, request(avg(WeChatPay, 1, 100)), 0)
	var pe *PlanError
	if !errors.As(err, &pe) || pe.PlanID != 1 || fieldErrors(t, err)["name"] != CodeRequired {
		t.Errorf("err = %v, want PlanError for plan 1 with name required", err)
	}
}
