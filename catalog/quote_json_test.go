package catalog

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"posportal/fees"
	"posportal/internal/db/dbtest"
)

// TestAppendFeeComparisonJSONIsEncodingJSON: the hand-written encoder
// writes exactly what encoding/json writes for the response body, for a
// real comparison and for random ones with awkward names and nil fields.
func TestAppendFeeComparisonJSONIsEncodingJSON(t *testing.T) {
	check := func(fc FeeComparison) {
		t.Helper()
		want, err := json.Marshal(fc)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendFeeComparisonJSON(nil, &fc); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	}
	svc := benchCatalog(t, dbtest.SQLite(t), 30)
	fc, err := svc.CompareFees(ctx, benchQuoteRequest())
	if err != nil {
		t.Fatal(err)
	}
	if fc.BestPlanID == nil || fc.MonthlyVolumeFen == 0 {
		t.Fatalf("the real comparison should have a best plan and a volume: %+v", fc.Summary)
	}
	check(fc)
	check(FeeComparison{})
	check(FeeComparison{Quotes: []Quote{}})

	names := []string{"", "Plan 1", "工商银行 标准费率", "a<b>&c", `quote " and \ slash`, "tab\tnew\nline", "\u2028sep\u2029",
		"bad \xff utf8", "emoji 😀", "\x00", "混合 <b> 名"}
	rng := rand.New(rand.NewPCG(5, 16))
	for range 500 {
		q := Quote{Sample: rng.IntN(2) == 0, PlanQuote: fees.PlanQuote{
			PlanID: rng.Int64(), PlanName: names[rng.IntN(len(names))], Provider: names[rng.IntN(len(names))], ProviderID: rng.Int64N(100),
			ProcessingFen: rng.Int64(), FixedFeesFen: rng.Int64(), TerminalFen: rng.Int64(), DepositPaidFen: rng.Int64(),
			DepositRefundedFen: rng.Int64(), TotalFen: rng.Int64(), VolumeFen: rng.Int64(),
			EffectiveRateBP: fees.BasisPoints(rng.Int64N(1_000_000) - 1000), TerminalPriceMissing: rng.IntN(2) == 0,
			Comparable: rng.IntN(2) == 0,
		}}
		if rng.IntN(2) == 0 {
			m := rng.IntN(120)
			q.DepositRefundMonth = &m
		}
		if rng.IntN(2) == 0 {
			id := rng.Int64()
			q.TerminalModelID = &id
		}
		switch rng.IntN(3) {
		case 0:
			q.UnsupportedChannels = []fees.Channel{}
		case 1:
			q.UnsupportedChannels = []fees.Channel{fees.Alipay, fees.ForeignCard}
		}
		fc := FeeComparison{Quotes: []Quote{q}, Summary: fees.Summary{MonthlyVolumeFen: rng.Int64(), TotalVolumeFen: rng.Int64()}}
		if rng.IntN(2) == 0 {
			fc.BestPlanID = &q.PlanID
		}
		check(fc)
	}
}

func BenchmarkQuoteResponseJSON(b *testing.B) {
	svc := benchCatalog(b, dbtest.SQLite(b), 200)
	fc, err := svc.CompareFees(ctx, benchQuoteRequest())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(fc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = AppendFeeComparisonJSON(buf[:0], &fc)
		}
	})
}
