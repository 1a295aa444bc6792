package fees

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// fuzzInput is raw fuzz input; build turns it into a valid plan and request: rates are
// folded into 0–MaxRatePPM and months into 1–120 so every run exercises
// pricing, while money, tickets and counts stay anywhere in int64 (when
// the "huge" bit is set) so overflow handling is exercised too.
type fuzzInput struct {
	RateA, RateB, CapA, FixedA, BandMax int64
	T1, C1, T2, C2, T3, C3              int64
	Months, RefundMonths, Flags, Mode   uint8
	Monthly, Annual, Setup              int64
	Deposit, RefundVolume, Surcharge    int64
	Purchase, Rental, TermCount, DA, DB int64
}

func (in fuzzInput) build() (Plan, QuoteRequest, ChannelSet) {
	nonneg := func(v int64) int64 { return v & math.MaxInt64 }
	huge := in.Flags&1 != 0
	money := func(v int64) int64 {
		if huge {
			return nonneg(v)
		}
		return nonneg(v) % 100_000_000 // up to ¥1,000,000
	}
	ticket := func(v int64) int64 { return money(v)%math.MaxInt64 + 1 }
	count := func(v int64) int64 {
		if huge {
			return nonneg(v)
		}
		return nonneg(v) % 10_000_000
	}
	rate := func(v int64) int64 { return nonneg(v) % (MaxRatePPM + 1) }

	debit := RateRow{Channel: DebitCard, RatePPM: rate(in.RateA), FixedFen: money(in.FixedA)}
	if in.Flags&4 != 0 {
		debit.CapFen = new(money(in.CapA))
	}
	rows := []RateRow{debit}
	if in.Flags&2 != 0 { // two bands split at BandMax
		bandMax := nonneg(in.BandMax) % (math.MaxInt64 - 1)
		rows[0].MaxTicketFen = new(bandMax)
		rows = append(rows, RateRow{Channel: DebitCard, RatePPM: rate(in.RateB), MinTicketFen: bandMax + 1})
	}
	if in.Flags&8 != 0 {
		rows = append(rows, RateRow{Channel: WeChatPay, RatePPM: rate(in.RateB)})
	}
	rows = append(rows, RateRow{Channel: Alipay, RatePPM: rate(in.RateA + in.RateB)})
	p := Plan{
		ID: 1, ProviderID: 1, Name: "fuzz", Rates: rows,
		MonthlyFeeFen: money(in.Monthly), AnnualFeeFen: money(in.Annual), SetupFeeFen: money(in.Setup),
		DepositFen: money(in.Deposit), DepositRefundVolumeFen: money(in.RefundVolume),
		DepositRefundMonths: int(in.RefundMonths % 130), D0SurchargePPM: rate(in.Surcharge),
		TerminalPrices: []TerminalPrice{
			{ModelID: 1, PurchaseFen: money(in.Purchase), MonthlyRentalFen: money(in.Rental)},
			{ModelID: 2, PurchaseFen: money(in.Rental), MonthlyRentalFen: money(in.Purchase)},
		},
	}
	req := QuoteRequest{
		Profile: Profile{Channels: []ChannelVolume{
			{Channel: DebitCard, Buckets: []Bucket{{ticket(in.T1), count(in.C1)}, {ticket(in.T2), count(in.C2)}}},
			{Channel: WeChatPay, MonthlyCount: count(in.C3), AverageTicketFen: ticket(in.T3)},
			{Channel: Alipay, MonthlyCount: count(in.C2), AverageTicketFen: ticket(in.T1)},
		}},
		Months:        1 + int(in.Months%MaxMonths),
		TerminalCount: 1 + nonneg(in.TermCount)%MaxTerminalCount,
		Acquisition:   Purchase,
		Settlement:    SettlementT1,
	}
	if in.Flags&32 != 0 {
		req.Settlement = SettlementD0
	}
	if in.Flags&64 != 0 {
		req.Acquisition = Rental
	}
	switch in.Mode % 3 {
	case 1:
		req.ModelID = new(int64(2))
	case 2:
		req.ModelID = new(int64(3)) // no price in the plan
	}
	var external ChannelSet
	if in.Flags&16 != 0 {
		external = NewChannelSet(Alipay)
	}
	return p, req, external
}

// dearer is p with every rate raised by a non-negative amount, all else equal.
func (in fuzzInput) dearer(p Plan) Plan {
	d := p
	d.ID, d.Name = 2, "a dearer plan" // sorts before "fuzz": it may only win true ties
	d.Rates = append([]RateRow(nil), p.Rates...)
	for i := range d.Rates {
		delta := in.DA
		if i%2 == 1 {
			delta = in.DB
		}
		d.Rates[i].RatePPM = min(MaxRatePPM, d.Rates[i].RatePPM+(delta&math.MaxInt64)%(MaxRatePPM+1))
	}
	return d
}

// checkProperties reports whether the input quoted without overflow.
func checkProperties(t *testing.T, in fuzzInput) (quoted bool) {
	p, req, external := in.build()
	got, err := Quote(p, req, external)
	want, fits := oracle(p, req, external)

	// The implementation agrees with the arbitrary-precision formulas, and
	// overflows exactly when the true amounts do not fit in int64.
	if !fits {
		if !errors.Is(err, ErrOverflow) {
			t.Fatalf("true amounts exceed int64, want ErrOverflow, got %v (quote %+v)", err, got)
		}
		return false
	}
	if err != nil {
		t.Fatalf("Quote: %v", err)
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Fatalf("quote differs from oracle\n got %s\nwant %s", g, w)
	}

	// total = sum of parts.
	if got.TotalFen != got.ProcessingFen+got.FixedFeesFen+got.TerminalFen+got.DepositPaidFen-got.DepositRefundedFen {
		t.Fatalf("total %d is not the sum of its parts: %+v", got.TotalFen, got)
	}

	// Deterministic: the same inputs give the same answer.
	if again, _ := Quote(p, req, external); mustJSON(t, again) != mustJSON(t, got) {
		t.Fatal("Quote is not deterministic")
	}

	// A plan whose rates are ≥ on every channel never ranks cheaper.
	d := in.dearer(p)
	dq, err := Quote(d, req, external)
	if err != nil {
		return true // the dearer plan may overflow where the base did not
	}
	if dq.TotalFen < got.TotalFen {
		t.Fatalf("dearer plan costs %d < base %d", dq.TotalFen, got.TotalFen)
	}
	ranked, err := QuotePlans([]Plan{d, p}, req, Compatibility{Unsupported: external})
	if err != nil {
		t.Fatal(err)
	}
	if ranked[0].PlanID == d.ID && dq.TotalFen != got.TotalFen {
		t.Fatalf("dearer plan (total %d) ranked before base (total %d)", dq.TotalFen, got.TotalFen)
	}
	return true
}

// fuzzSeeds are realistic merchants plus the extremes the issue names.
var fuzzSeeds = []fuzzInput{
	// Small shop: debit 0.5 % capped ¥20, WeChat/Alipay, 12 months, deposit.
	{RateA: 5000, RateB: 3800, CapA: 2000, BandMax: 100_000, T1: 5000, C1: 800, T2: 2_000_000, C2: 5, T3: 3500, C3: 1500,
		Months: 11, RefundMonths: 6, Flags: 2 | 4 | 8, Monthly: 1000, Annual: 36_500, Setup: 20_000,
		Deposit: 50_000, RefundVolume: 10_000_000, Surcharge: 1000, Purchase: 29_900, Rental: 1500, TermCount: 1, DA: 100, DB: 0},
	// Same, D0, rental, model 2, Alipay excluded by the caller.
	{RateA: 5000, RateB: 3800, CapA: 2000, BandMax: 100_000, T1: 5000, C1: 800, T2: 2_000_000, C2: 5, T3: 3500, C3: 1500,
		Months: 35, RefundMonths: 6, Flags: 2 | 4 | 8 | 16 | 32 | 64, Mode: 1, Monthly: 1000, Annual: 36_500,
		Deposit: 50_000, RefundVolume: 10_000_000, Surcharge: 1000, Purchase: 29_900, Rental: 1500, TermCount: 3, DA: 1, DB: 1},
	// ¥10,000,000,000 a month for a year at the highest rates.
	{RateA: MaxRatePPM, RateB: MaxRatePPM, T1: 1_000_000, C1: 400_000, T2: 1_000_000, C2: 300_000, T3: 1_000_000, C3: 300_000,
		Months: 11, Flags: 1 | 8 | 32, Surcharge: MaxRatePPM, Monthly: 1_000_000, TermCount: 100},
	// Everything at its maximum: must overflow cleanly, not wrap or panic.
	{RateA: math.MaxInt64, RateB: math.MaxInt64, CapA: math.MaxInt64, FixedA: math.MaxInt64, BandMax: math.MaxInt64,
		T1: math.MaxInt64, C1: math.MaxInt64, T2: math.MaxInt64, C2: math.MaxInt64, T3: math.MaxInt64, C3: math.MaxInt64,
		Months: 255, RefundMonths: 255, Flags: 255, Mode: 2, Monthly: math.MaxInt64, Annual: math.MaxInt64, Setup: math.MaxInt64,
		Deposit: math.MaxInt64, RefundVolume: math.MaxInt64, Surcharge: math.MaxInt64, Purchase: math.MaxInt64,
		Rental: math.MaxInt64, TermCount: math.MaxInt64, DA: math.MaxInt64, DB: math.MaxInt64},
	// Minimums and negatives (folded to valid values).
	{RateA: -1, RateB: math.MinInt64, CapA: -1, T1: -1, C1: -1, Flags: 4, Months: 0},
}

func TestProperties(t *testing.T) {
	for i, in := range fuzzSeeds {
		quoted := checkProperties(t, in)
		// The realistic seeds and the ¥10bn one must price; the all-maximum one must overflow.
		if wantQuoted := i != 3; quoted != wantQuoted {
			t.Errorf("seed %d: quoted = %v, want %v", i, quoted, wantQuoted)
		}
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.RateA, s.RateB, s.CapA, s.FixedA, s.BandMax, s.T1, s.C1, s.T2, s.C2, s.T3, s.C3,
			s.Months, s.RefundMonths, s.Flags, s.Mode, s.Monthly, s.Annual, s.Setup,
			s.Deposit, s.RefundVolume, s.Surcharge, s.Purchase, s.Rental, s.TermCount, s.DA, s.DB)
	}
	f.Fuzz(func(t *testing.T, rateA, rateB, capA, fixedA, bandMax, t1, c1, t2, c2, t3, c3 int64,
		months, refundMonths, flags, mode uint8, monthly, annual, setup,
		deposit, refundVolume, surcharge, purchase, rental, termCount, dA, dB int64) {
		checkProperties(t, fuzzInput{rateA, rateB, capA, fixedA, bandMax, t1, c1, t2, c2, t3, c3,
			months, refundMonths, flags, mode, monthly, annual, setup,
			deposit, refundVolume, surcharge, purchase, rental, termCount, dA, dB})
	})
}

// FuzzValidate feeds arbitrary JSON to the validators: they must never
// panic, and whatever they accept must quote without panicking.
func FuzzValidate(f *testing.F) {
	f.Add(`{"provider_id":1,"name":"x","rates":[{"channel":"debit_card","rate_ppm":5000,"cap_fen":2000}]}`,
		`{"profile":{"channels":[{"channel":"debit_card","monthly_count":10,"average_ticket_fen":100}]},"months":12,"terminal_count":1,"acquisition":"purchase","settlement":"T1"}`)
	f.Add(`{"rates":[{"channel":"x","min_ticket_fen":5,"max_ticket_fen":1},{"channel":"x"}]}`,
		`{"profile":{"channels":[{"channel":"alipay","buckets":[{"ticket_fen":-1}]},{"channel":"alipay"}]}}`)
	f.Fuzz(func(t *testing.T, planJSON, reqJSON string) {
		var p Plan
		var r QuoteRequest
		if json.Unmarshal([]byte(planJSON), &p) != nil || json.Unmarshal([]byte(reqJSON), &r) != nil {
			return
		}
		perr, rerr := p.Validate(), r.Validate()
		for _, err := range []error{perr, rerr} {
			var ve *ValidationError
			if err != nil && (!errors.As(err, &ve) || len(ve.Fields) == 0) {
				t.Fatalf("Validate returned %T %v, want a non-empty *ValidationError", err, err)
			}
		}
		if perr == nil && rerr == nil {
			if _, err := Quote(p, r, 0); err != nil && !errors.Is(err, ErrOverflow) {
				t.Fatalf("valid inputs failed to quote: %v", err)
			}
		}
	})
}

func TestYearOfTenBillionYuanMonthly(t *testing.T) {
	// Every channel at the highest rate, D0 surcharge, a fixed fee per
	// ticket and monthly volume of ¥10,000,000,000 (10¹² fen) spread over the
	// seven channels, for a year and for the 120-month maximum.
	var rows []RateRow
	var profile []ChannelVolume
	for i, ch := range Channels() {
		rows = append(rows, RateRow{Channel: ch, RatePPM: MaxRatePPM, FixedFen: 100})
		// 142,858 tickets of ¥10,000 per channel ≈ 1.43 × 10¹¹ fen; × 7 ≥ 10¹².
		cv := avg(ch, 142_858, 1_000_000)
		if i%2 == 1 { // and half the channels as buckets, many small tickets
			cv = buckets(ch, 1_000_000, 142_000, 100, 8_580_000)
		}
		profile = append(profile, cv)
	}
	plan := planWith(rows...)
	plan.D0SurchargePPM = MaxRatePPM
	plan.MonthlyFeeFen, plan.AnnualFeeFen, plan.SetupFeeFen = 100_000_000, 100_000_000, 100_000_000
	plan.DepositFen, plan.DepositRefundVolumeFen, plan.DepositRefundMonths = 1_000_000, 1_000_000_000_000, 12

	for _, months := range []int{12, MaxMonths} {
		req := request(profile...)
		req.Months, req.Settlement, req.Acquisition, req.TerminalCount = months, SettlementD0, Rental, MaxTerminalCount
		got, err := Quote(plan, req, 0)
		if err != nil {
			t.Fatalf("months %d: %v", months, err)
		}
		if got.VolumeFen < int64(months)*1_000_000_000_000 {
			t.Fatalf("months %d: volume %d below ¥10bn a month", months, got.VolumeFen)
		}
		want, fits := oracle(plan, req, 0)
		if !fits || mustJSON(t, got) != mustJSON(t, want) {
			t.Fatalf("months %d: quote differs from oracle\n got %s\nwant %s", months, mustJSON(t, got), mustJSON(t, want))
		}
		// 20 % of the volume plus per-ticket fixed fees: sanity of magnitude.
		if got.EffectiveRateBP < 2000_00 {
			t.Errorf("months %d: effective rate %s bp, want ≥ 2000 bp", months, got.EffectiveRateBP)
		}
	}
}
