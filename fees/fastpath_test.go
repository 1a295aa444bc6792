package fees

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// The comparison's fast paths (pairwise band check, channel indices,
// arena, key sort) must give exactly what the plain per-plan path gives.

// TestAnyOverlapAgreesWithSortedCheck: the pairwise pre-check says "overlap"
// exactly when the sorted check would report one.
func TestAnyOverlapAgreesWithSortedCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 16))
	chs := []Channel{DebitCard, UnionPayQR, Contactless, "bogus"}
	for range 20_000 {
		rows := make([]RateRow, 1+rng.IntN(8))
		for i := range rows {
			r := RateRow{Channel: chs[rng.IntN(len(chs))], MinTicketFen: rng.Int64N(12) - 1}
			if rng.IntN(3) > 0 {
				r.MaxTicketFen = new(rng.Int64N(12) - 1)
			}
			rows[i] = r
		}
		var ix [MaxRateRows]int8
		for i := range rows {
			ix[i] = int8(rows[i].Channel.index())
		}
		var c collector
		reportOverlaps(&c, rows)
		if got, want := anyOverlap(rows, ix[:len(rows)]), len(c.fields) > 0; got != want {
			t.Fatalf("anyOverlap = %v, sorted check reports %d overlaps, rows %+v", got, len(c.fields), rows)
		}
	}
}

// TestQuotePlansMatchesQuoteAndRank: a 200-plan comparison with random
// compatibility equals quoting each plan alone and ranking with Rank.
func TestQuotePlansMatchesQuoteAndRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 16))
	plans := benchPlans(200)
	for i := range plans {
		if rng.IntN(4) == 0 { // ties on name and total exercise every key
			plans[i].Name = "Same"
		}
	}
	for round := range 50 {
		req := benchRequest()
		if round%2 == 0 {
			req.ModelID = nil
			req.Acquisition = Purchase
			req.Settlement = SettlementT1
		}
		if round%5 == 0 {
			req.Profile.Channels = req.Profile.Channels[:1+rng.IntN(len(req.Profile.Channels))]
		}
		compat := Compatibility{
			Unsupported: ChannelSet(rng.IntN(4)) << 4,
			ByProvider:  map[int64]ChannelSet{int64(1 + rng.IntN(8)): ChannelSet(1 << rng.IntN(7))},
			ByPlan:      map[int64]ChannelSet{},
		}
		for range 20 {
			compat.ByPlan[int64(1+rng.IntN(200))] = ChannelSet(rng.IntN(128))
		}
		got, err := QuotePlans(plans, req, compat)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]PlanQuote, len(plans))
		for i := range plans {
			if want[i], err = Quote(plans[i], req, compat.For(&plans[i])); err != nil {
				t.Fatal(err)
			}
		}
		Rank(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: QuotePlans differs from Quote + Rank", round)
		}
	}
}

// TestUnsupportedChannelsAreIndependent: a caller appending to one quote's
// unsupported list must not change its neighbour's.
func TestUnsupportedChannelsAreIndependent(t *testing.T) {
	plans := benchPlans(3)
	compat := Compatibility{Unsupported: NewChannelSet(Alipay)}
	qs, err := QuotePlans(plans, benchRequest(), compat)
	if err != nil {
		t.Fatal(err)
	}
	before := append([]Channel(nil), qs[1].UnsupportedChannels...)
	_ = append(qs[0].UnsupportedChannels, DebitCard, DebitCard, DebitCard)
	if !reflect.DeepEqual(qs[1].UnsupportedChannels, before) {
		t.Fatalf("appending to quote 0 changed quote 1: %v, was %v", qs[1].UnsupportedChannels, before)
	}
}
