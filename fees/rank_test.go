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
	// A and B tie on total; A's lower effective rate ranks it first despite its name,
	// so a plan that cannot take the merchant's Alipay volume never wins a tie.
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
	if want := []string{"Zhong", "Able", "Cost"}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	if got[0].EffectiveRateBP != 1900 || got[1].EffectiveRateBP != 3800 || got[2].TotalFen != 60_000 {
		t.Errorf("quotes = %+v", got)
	}

	t.Run("compatibility per provider", func(t *testing.T) {
		// Provider of plan C cannot take Alipay: C drops to 30000 and overtakes nobody,
		// but its Alipay volume is reported, not priced.
		ps := slices.Clone(plans)
		ps[2].ProviderID = 99
		got, err := QuotePlans(ps, req, Compatibility{ByProvider: map[int64]ChannelSet{99: NewChannelSet(Alipay)}})
		if err != nil {
			t.Fatal(err)
		}
		c := got[2]
		if c.PlanName != "Cost" || c.TotalFen != 30_000 || !slices.Equal(c.UnsupportedChannels, []Channel{Alipay}) {
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
