package fees

import (
	"errors"
	"slices"
	"testing"
)

func TestRankTies(t *testing.T) {
	quotes := []PlanQuote{
		{PlanID: 1, PlanName: "Beta", TotalFen: 500, EffectiveRateBP: 10},
		{PlanID: 2, PlanName: "Alpha", TotalFen: 500, EffectiveRateBP: 20}, // same total, higher rate
		{PlanID: 3, PlanName: "Alpha", TotalFen: 500, EffectiveRateBP: 10}, // ties with 1 on rate: name
		{PlanID: 4, PlanName: "Zeta", TotalFen: 400, EffectiveRateBP: 90},  // cheapest total wins
		{PlanID: 5, PlanName: "Alpha", TotalFen: 500, EffectiveRateBP: 10}, // ties with 3 entirely: id
		{PlanID: 6, PlanName: "中国银行", TotalFen: 500, EffectiveRateBP: 10},  // after Latin names in byte order
	}
	Rank(quotes)
	var got []int64
	for _, q := range quotes {
		got = append(got, q.PlanID)
	}
	if want := []int64{4, 3, 5, 1, 6, 2}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestQuotePlansRanksAndFilters(t *testing.T) {
	// Three plans for ¥50 × 1000 WeChat + ¥50 × 1000 Alipay a month:
	//  A "Zhong" WeChat 0.38 %, Alipay 0 %: 19000 + 0 = 19000 on 10,000,000 → 19.00 bp
	//  B "Able"  WeChat 0.38 %, no Alipay:  19000 on 5,000,000 → 38.00 bp, alipay unsupported
	//  C "Cost"  WeChat 0.60 %, Alipay 0.60 %: 30000 + 30000 = 60000 → 60.00 bp
	// A and B tie on total, but B cannot take the merchant's Alipay volume: it is
	// not comparable and ranks after every plan that is, C included.
	plans := []Plan{
		planWith(flat(WeChatPay, 3800), flat(Alipay, 0)),
		planWith(flat(WeChatPay, 3800)),
		planWith(flat(WeChatPay, 6000), flat(Alipay, 6000)),
	}
	for i, name := range []string{"Zhong", "Able", "Cost"} {
		plans[i].ID, plans[i].Name = int64(i+1), name
	}
	req := request(avg(WeChatPay, 1000, 5000), avg(Alipay, 1000, 5000))

	got, err := QuotePlans(plans, req, Compatibility{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, q := range got {
		order = append(order, q.PlanName)
	}
	if want := []string{"Zhong", "Cost", "Able"}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	if got[0].EffectiveRateBP != 1900 || got[1].TotalFen != 60_000 || got[2].EffectiveRateBP != 3800 {
		t.Errorf("quotes = %+v", got)
	}

	t.Run("compatibility per provider", func(t *testing.T) {
		// Provider of plan C cannot take Alipay: C drops to 30000 but is no longer
		// comparable, so it ranks last, after B's 19000; its Alipay volume is
		// reported, not priced.
		ps := slices.Clone(plans)
		ps[2].ProviderID = 99
		got, err := QuotePlans(ps, req, Compatibility{ByProvider: map[int64]ChannelSet{99: NewChannelSet(Alipay)}})
		if err != nil {
			t.Fatal(err)
		}
		c := got[2]
		if got[1].PlanName != "Able" || c.PlanName != "Cost" || c.TotalFen != 30_000 || !slices.Equal(c.UnsupportedChannels, []Channel{Alipay}) {
			t.Errorf("plan C = %+v", c)
		}
	})
	t.Run("compatibility per plan", func(t *testing.T) {
		// The terminal chosen for plan A cannot take Alipay: only A drops it.
		got, err := QuotePlans(plans, req, Compatibility{ByPlan: map[int64]ChannelSet{plans[0].ID: NewChannelSet(Alipay)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range got {
			want := []Channel{}
			if q.PlanID == plans[0].ID || q.PlanName == "Able" {
				want = []Channel{Alipay}
			}
			if !slices.Equal(q.UnsupportedChannels, want) {
				t.Errorf("plan %s unsupported = %v, want %v", q.PlanName, q.UnsupportedChannels, want)
			}
		}
	})
	t.Run("plan_ids filter", func(t *testing.T) {
		r := req
		r.PlanIDs = []int64{3, 1, 42} // 42 is not among the plans: ignored
		got, err := QuotePlans(plans, r, Compatibility{})
		if err != nil || len(got) != 2 || got[0].PlanID != 1 || got[1].PlanID != 3 {
			t.Errorf("got %+v, %v; want plans 1 and 3", got, err)
		}
	})
	t.Run("invalid plan fails the comparison", func(t *testing.T) {
		ps := slices.Clone(plans)
		ps[1].Rates = nil
		_, err := QuotePlans(ps, req, Compatibility{})
		var pe *PlanError
		if !errors.As(err, &pe) || pe.PlanID != 2 {
			t.Errorf("err = %v, want PlanError for plan 2", err)
		}
	})
	t.Run("invalid request", func(t *testing.T) {
		r := req
		r.Settlement = "D2"
		if _, err := QuotePlans(plans, r, Compatibility{}); fieldErrors(t, err)["settlement"] != CodeUnknown {
			t.Errorf("err = %v, want settlement unknown_value", err)
		}
	})
	t.Run("no plans", func(t *testing.T) {
		got, err := QuotePlans(nil, req, Compatibility{})
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("got %v, %v; want an empty, non-nil list", got, err)
		}
	})
}

// TestLikeForLikeRanking: for a merchant taking cards and WeChat Pay, a
// QR-only plan is cheaper only because it leaves the card volume out; it
// ranks after the dearer plan that prices everything, which is the best.
func TestLikeForLikeRanking(t *testing.T) {
	full := planWith(flat(DebitCard, 5000), flat(WeChatPay, 3800))
	full.ID, full.Name = 1, "Cards and QR"
	qrOnly := planWith(flat(WeChatPay, 2000), flat(Alipay, 2000))
	qrOnly.ID, qrOnly.Name = 2, "QR only"
	req := request(avg(DebitCard, 100, 10_000), avg(WeChatPay, 100, 10_000))

	got, err := QuotePlans([]Plan{full, qrOnly}, req, Compatibility{})
	if err != nil {
		t.Fatal(err)
	}
	// full: 50 × 100 + 38 × 100 = 8800; QR only: 20 × 100 = 2000, cards left out.
	if got[0].PlanID != 1 || got[1].PlanID != 2 || got[0].TotalFen != 8800 || got[1].TotalFen != 2000 {
		t.Fatalf("ranking = %+v, want the comparable plan 1 (8800) before QR-only plan 2 (2000)", got)
	}
	if !got[0].Comparable || got[1].Comparable {
		t.Errorf("comparable = %v, %v; want true, false", got[0].Comparable, got[1].Comparable)
	}
	if id := BestPlanID(got); id == nil || *id != 1 {
		t.Errorf("best = %v, want plan 1", id)
	}

	// Rank, the same rule on quotes already made, agrees.
	qs := []PlanQuote{got[1], got[0]}
	Rank(qs)
	if qs[0].PlanID != 1 {
		t.Errorf("Rank put plan %d first", qs[0].PlanID)
	}
}

func TestMissingTerminalPriceIsNotComparable(t *testing.T) {
	priced := planWith(flat(WeChatPay, 6000))
	priced.ID, priced.TerminalPrices = 1, []TerminalPrice{{ModelID: 7, PurchaseFen: 50_000}}
	unpriced := planWith(flat(WeChatPay, 3800))
	unpriced.ID, unpriced.TerminalPrices = 2, []TerminalPrice{{ModelID: 8, PurchaseFen: 100}}
	req := request(avg(WeChatPay, 100, 10_000))
	req.ModelID = new(int64(7)) // plan 2 has no price for it

	got, err := QuotePlans([]Plan{unpriced, priced}, req, Compatibility{})
	if err != nil {
		t.Fatal(err)
	}
	// plan 1: 60 × 100 + 50000 = 56000; plan 2: 38 × 100 = 3800 with no terminal.
	if got[0].PlanID != 1 || !got[0].Comparable || got[1].Comparable || !got[1].TerminalPriceMissing || len(got[1].UnsupportedChannels) != 0 {
		t.Fatalf("ranking = %+v, want plan 1 comparable first, plan 2 missing its terminal price", got)
	}
	if id := BestPlanID(got); id == nil || *id != 1 {
		t.Errorf("best = %v, want plan 1", id)
	}
}

func TestNoBestPlanWhenNothingIsComparable(t *testing.T) {
	qr := planWith(flat(WeChatPay, 3800))
	req := request(avg(WeChatPay, 10, 1000), avg(CreditCard, 10, 1000))
	got, err := QuotePlans([]Plan{qr}, req, Compatibility{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Summarize(got, req)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Comparable || sum.BestPlanID != nil {
		t.Errorf("comparable %v, best %v; want false and nil", got[0].Comparable, sum.BestPlanID)
	}
	if sum, _ := Summarize(nil, req); sum.BestPlanID != nil {
		t.Errorf("best of no quotes = %v, want nil", *sum.BestPlanID)
	}
}

// TestSummarizeVolume: the entered volume counts every channel, priced or
// not, in either form, and an overflowing one is an error, not a wrap.
func TestSummarizeVolume(t *testing.T) {
	req := request(avg(WeChatPay, 10, 1000), buckets(CreditCard, 500, 4, 20_000, 1))
	req.Months = 12
	sum, err := Summarize(nil, req)
	// 10 × 1000 + 4 × 500 + 1 × 20000 = 32000 a month; × 12 = 384000.
	if err != nil || sum.MonthlyVolumeFen != 32_000 || sum.TotalVolumeFen != 384_000 {
		t.Errorf("summary = %+v, %v; want 32000 and 384000", sum, err)
	}
	if v, err := req.Profile.Channels[1].MonthlyVolumeFen(); err != nil || v != 22_000 {
		t.Errorf("credit card volume = %d, %v; want 22000", v, err)
	}
	huge := request(avg(WeChatPay, 1<<40, 1<<30))
	if _, err := Summarize(nil, huge); !errors.Is(err, ErrOverflow) {
		t.Errorf("err = %v, want ErrOverflow", err)
	}
}

// TestAveraged: buckets become their count and volume-weighted average,
// half up, as the calculator form shows them.
func TestAveraged(t *testing.T) {
	for _, tt := range []struct {
		in        ChannelVolume
		n, ticket int64
		ok        bool
	}{
		{avg(WeChatPay, 10, 1234), 10, 1234, true},
		{buckets(DebitCard, 100, 1, 200, 1), 2, 150, true},                 // 300 / 2
		{buckets(DebitCard, 100, 1, 201, 1), 2, 151, true},                 // 150.5 → 151
		{buckets(DebitCard, 100, 2, 101, 1), 3, 100, true},                 // 100.33 → 100
		{buckets(DebitCard, 100, 1, 101, 1, 102, 1, 104, 1), 4, 102, true}, // 101.75 → 102
		{buckets(DebitCard, 100, 1, 101, 1, 100, 2), 4, 100, true},         // 100.25 → 100
		{buckets(DebitCard, 100, 0), 0, 0, false},
		{buckets(DebitCard, 1<<40, 1<<30), 0, 0, false},
	} {
		got, ok := tt.in.Averaged()
		if ok != tt.ok || got.MonthlyCount != tt.n || got.AverageTicketFen != tt.ticket || len(got.Buckets) != 0 {
			t.Errorf("Averaged(%+v) = %+v, %v; want %d × %d, %v", tt.in, got, ok, tt.n, tt.ticket, tt.ok)
		}
	}
}
