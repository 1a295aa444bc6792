package fees

import (
	"maps"
	"strings"
	"testing"
)

func validPlan() Plan {
	p := planWith(
		RateRow{Channel: DebitCard, RatePPM: 5000, CapFen: new(int64(2000))},
		RateRow{Channel: UnionPayQR, RatePPM: 3800, MaxTicketFen: new(int64(100_000))},
		RateRow{Channel: UnionPayQR, RatePPM: 6000, MinTicketFen: 100_001},
	)
	p.DepositFen, p.DepositRefundVolumeFen, p.DepositRefundMonths = 50_000, 10_000_000, 6
	return p
}

func TestPlanValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Plan)
		want   map[string]string // field path → code; nil = valid
	}{
		{"OK", func(*Plan) {}, nil},
		{"OK gap between bands", func(p *Plan) { p.Rates[2].MinTicketFen = 200_000 }, nil},
		{"OK rate bounds", func(p *Plan) { p.Rates[0].RatePPM = 0; p.Rates[1].RatePPM = MaxRatePPM }, nil},
		{"ErrNameRequired", func(p *Plan) { p.Name = "  " }, map[string]string{"name": CodeRequired}},
		{"ErrNameTooLong", func(p *Plan) { p.Name = strings.Repeat("费", MaxNameLen+1) }, map[string]string{"name": CodeTooLong}},
		{"ErrProviderRequired", func(p *Plan) { p.ProviderID = 0 }, map[string]string{"provider_id": CodeRequired}},
		{"ErrRatesRequired", func(p *Plan) { p.Rates = nil }, map[string]string{"rates": CodeRequired}},
		{"ErrRateNegative", func(p *Plan) { p.Rates[0].RatePPM = -1 }, map[string]string{"rates[0].rate_ppm": CodeOutOfRange}},
		{"ErrRateTooHigh", func(p *Plan) { p.Rates[0].RatePPM = MaxRatePPM + 1 }, map[string]string{"rates[0].rate_ppm": CodeOutOfRange}},
		{"ErrCapNegative", func(p *Plan) { p.Rates[0].CapFen = new(int64(-1)) }, map[string]string{"rates[0].cap_fen": CodeOutOfRange}},
		{"ErrFixedNegative", func(p *Plan) { p.Rates[0].FixedFen = -1 }, map[string]string{"rates[0].fixed_fen": CodeOutOfRange}},
		{"ErrChannelRequired", func(p *Plan) { p.Rates[0].Channel = "" }, map[string]string{"rates[0].channel": CodeRequired}},
		{"ErrChannelUnknown", func(p *Plan) { p.Rates[0].Channel = "ecny" }, map[string]string{"rates[0].channel": CodeUnknown}},
		{"ErrMinNegative", func(p *Plan) { p.Rates[0].MinTicketFen = -1 }, map[string]string{"rates[0].min_ticket_fen": CodeOutOfRange}},
		{"ErrMinAboveMax", func(p *Plan) { p.Rates[1].MinTicketFen = 100_001 }, map[string]string{"rates[1].max_ticket_fen": CodeRangeInverted}},
		// Bands sharing the ticket 100000 (upper bound is inclusive).
		{"ErrBandsOverlap", func(p *Plan) { p.Rates[2].MinTicketFen = 100_000 }, map[string]string{"rates[2].min_ticket_fen": CodeOverlap}},
		// An open-ended band followed by another band of the same channel.
		{"ErrOpenBandOverlaps", func(p *Plan) {
			p.Rates = append(p.Rates, RateRow{Channel: UnionPayQR, RatePPM: 1, MinTicketFen: 500_000})
		}, map[string]string{"rates[3].min_ticket_fen": CodeOverlap}},
		// Two unbanded rows for one channel are the same overlap.
		{"ErrDuplicateChannelRow", func(p *Plan) { p.Rates = append(p.Rates, flat(DebitCard, 1)) },
			map[string]string{"rates[3].min_ticket_fen": CodeOverlap}},
		{"ErrFeesNegative", func(p *Plan) {
			p.MonthlyFeeFen, p.AnnualFeeFen, p.SetupFeeFen, p.DepositFen = -1, -1, -1, -1
			p.DepositRefundVolumeFen, p.DepositRefundMonths = -1, -1
		}, map[string]string{
			"monthly_fee_fen": CodeOutOfRange, "annual_fee_fen": CodeOutOfRange, "setup_fee_fen": CodeOutOfRange,
			"deposit_fen": CodeOutOfRange, "deposit_refund_volume_fen": CodeOutOfRange, "deposit_refund_months": CodeOutOfRange,
		}},
		{"ErrSurchargeRange", func(p *Plan) { p.D0SurchargePPM = MaxRatePPM + 1 }, map[string]string{"d0_surcharge_ppm": CodeOutOfRange}},
		{"ErrTerminalPrices", func(p *Plan) {
			p.TerminalPrices = []TerminalPrice{{ModelID: 0, PurchaseFen: -1}, {ModelID: 5, MonthlyRentalFen: -1}, {ModelID: 5}}
		}, map[string]string{
			"terminal_prices[0].model_id": CodeRequired, "terminal_prices[0].purchase_fen": CodeOutOfRange,
			"terminal_prices[1].monthly_rental_fen": CodeOutOfRange, "terminal_prices[2].model_id": CodeDuplicate,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPlan()
			tt.modify(&p)
			got := fieldErrors(t, p.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuoteRequestValidate(t *testing.T) {
	valid := func() QuoteRequest {
		r := request(avg(WeChatPay, 1000, 5000), buckets(UnionPayQR, 10_000, 100, 200_000, 0))
		r.ModelID, r.PlanIDs = new(int64(7)), []int64{1, 2}
		return r
	}
	tests := []struct {
		name   string
		modify func(*QuoteRequest)
		want   map[string]string
	}{
		{"OK", func(*QuoteRequest) {}, nil},
		{"OK max months", func(r *QuoteRequest) { r.Months = MaxMonths }, nil},
		{"OK zero count", func(r *QuoteRequest) { r.Profile.Channels[0].MonthlyCount = 0 }, nil},
		{"ErrMonthsZero", func(r *QuoteRequest) { r.Months = 0 }, map[string]string{"months": CodeOutOfRange}},
		{"ErrMonthsTooMany", func(r *QuoteRequest) { r.Months = MaxMonths + 1 }, map[string]string{"months": CodeOutOfRange}},
		{"ErrTerminalCountZero", func(r *QuoteRequest) { r.TerminalCount = 0 }, map[string]string{"terminal_count": CodeOutOfRange}},
		{"ErrEnumsRequired", func(r *QuoteRequest) { r.Acquisition, r.Settlement = "", "" },
			map[string]string{"acquisition": CodeRequired, "settlement": CodeRequired}},
		{"ErrEnumsUnknown", func(r *QuoteRequest) { r.Acquisition, r.Settlement = "lease", "t1" },
			map[string]string{"acquisition": CodeUnknown, "settlement": CodeUnknown}},
		{"ErrModelID", func(r *QuoteRequest) { r.ModelID = new(int64(0)) }, map[string]string{"model_id": CodeOutOfRange}},
		{"ErrPlanIDs", func(r *QuoteRequest) { r.PlanIDs = []int64{1, -2, 1} },
			map[string]string{"plan_ids[1]": CodeOutOfRange, "plan_ids[2]": CodeDuplicate}},
		{"ErrNoChannels", func(r *QuoteRequest) { r.Profile.Channels = nil }, map[string]string{"profile.channels": CodeRequired}},
		{"ErrUnknownChannel", func(r *QuoteRequest) { r.Profile.Channels[0].Channel = "ecny" },
			map[string]string{"profile.channels[0].channel": CodeUnknown}},
		{"ErrDuplicateChannel", func(r *QuoteRequest) { r.Profile.Channels[1].Channel = WeChatPay },
			map[string]string{"profile.channels[1].channel": CodeDuplicate}},
		{"ErrCountNegative", func(r *QuoteRequest) { r.Profile.Channels[0].MonthlyCount = -1 },
			map[string]string{"profile.channels[0].monthly_count": CodeOutOfRange}},
		{"ErrTicketMissing", func(r *QuoteRequest) { r.Profile.Channels[0].AverageTicketFen = 0 },
			map[string]string{"profile.channels[0].average_ticket_fen": CodeRequired}},
		{"ErrTicketNegative", func(r *QuoteRequest) { r.Profile.Channels[0].AverageTicketFen = -5 },
			map[string]string{"profile.channels[0].average_ticket_fen": CodeOutOfRange}},
		{"ErrBothForms", func(r *QuoteRequest) { r.Profile.Channels[1].MonthlyCount = 3 },
			map[string]string{"profile.channels[1]": CodeConflict}},
		{"ErrBucketTicketZero", func(r *QuoteRequest) { r.Profile.Channels[1].Buckets[0].TicketFen = 0 },
			map[string]string{"profile.channels[1].buckets[0].ticket_fen": CodeOutOfRange}},
		{"ErrBucketCountNegative", func(r *QuoteRequest) { r.Profile.Channels[1].Buckets[1].MonthlyCount = -1 },
			map[string]string{"profile.channels[1].buckets[1].monthly_count": CodeOutOfRange}},
		{"ErrTooManyBuckets", func(r *QuoteRequest) {
			r.Profile.Channels[1].Buckets = make([]Bucket, MaxBuckets+1)
		}, map[string]string{"profile.channels[1].buckets": CodeTooMany}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.modify(&r)
			got := fieldErrors(t, r.Validate())
			if !maps.Equal(got, tt.want) {
				t.Errorf("errors = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidationErrorMessage(t *testing.T) {
	p := validPlan()
	p.Name, p.Rates[0].RatePPM = "", 200_000
	err := p.Validate()
	want := "fees: invalid input: name: is required; rates[0].rate_ppm: must be between 0 and 100000 ppm"
	if err == nil || err.Error() != want {
		t.Errorf("Error() = %q, want %q", err, want)
	}
	fe := err.(*ValidationError).Fields["rates[0].rate_ppm"]
	if fe.Params["min"] != "0" || fe.Params["max"] != "100000" {
		t.Errorf("params = %v, want min 0 max 100000 for translation", fe.Params)
	}
}
