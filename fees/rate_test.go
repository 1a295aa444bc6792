package fees

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func TestTransactionFee(t *testing.T) {
	capped := func(ppm, capFen, fixed int64) RateRow {
		return RateRow{Channel: DebitCard, RatePPM: ppm, CapFen: new(capFen), FixedFen: fixed}
	}
	tests := []struct {
		name      string
		row       RateRow
		ticket    int64
		surcharge int64
		want      int64
	}{
		// 10000 × 6000 / 10⁶ = 60 exactly.
		{"exact", flat(WeChatPay, 6000), 10_000, 0, 60},
		// 125 × 20000 / 10⁶ = 2.5 → half-up → 3.
		{"half rounds up", flat(CreditCard, 20_000), 125, 0, 3},
		// 250 × 6000 / 10⁶ = 1.5 → 2.
		{"half rounds up small", flat(WeChatPay, 6000), 250, 0, 2},
		// 124 × 20000 / 10⁶ = 2.48 → 2.
		{"below half rounds down", flat(CreditCard, 20_000), 124, 0, 2},
		// 126 × 20000 / 10⁶ = 2.52 → 3.
		{"above half rounds up", flat(CreditCard, 20_000), 126, 0, 3},
		// 5 × 100000 / 10⁶ = 0.5 → 1: even a sub-fen fee at exactly .5 is charged.
		{"half fen", flat(CreditCard, 100_000), 5, 0, 1},
		// 4 × 100000 / 10⁶ = 0.4 → 0.
		{"under half fen", flat(CreditCard, 100_000), 4, 0, 0},
		// 1000000 × 5000 / 10⁶ = 5000 > cap 2000 → 2000.
		{"cap hit", capped(5000, 2000, 0), 1_000_000, 0, 2000},
		// 100000 × 5000 / 10⁶ = 500 < cap 2000 → 500.
		{"cap not hit", capped(5000, 2000, 0), 100_000, 0, 500},
		// 400000 × 5000 / 10⁶ = 2000 = cap → 2000.
		{"cap exactly", capped(5000, 2000, 0), 400_000, 0, 2000},
		// fixed is added after the cap: min(5000, 2000) + 10 = 2010.
		{"fixed after cap", capped(5000, 2000, 10), 1_000_000, 0, 2010},
		// cap 0: only the fixed part is charged.
		{"zero cap", capped(5000, 0, 35), 1_000_000, 0, 35},
		// D0: 10000 × (3800 + 1000) / 10⁶ = 48.
		{"d0 surcharge", flat(WeChatPay, 3800), 10_000, 1000, 48},
		// D0 surcharge is inside the cap: 1000000 × 6000 / 10⁶ = 6000 → cap 2000.
		{"d0 surcharge capped", capped(5000, 2000, 0), 1_000_000, 1000, 2000},
		// MaxInt64 × 10⁵ / 10⁶ = 922337203685477580.7 → 922337203685477581.
		{"huge ticket exact in 128 bits", flat(CreditCard, 100_000), math.MaxInt64, 0, 922337203685477581},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TransactionFee(tt.row, tt.ticket, tt.surcharge)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("fee = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestTransactionFeeOverflow(t *testing.T) {
	row := RateRow{Channel: DebitCard, RatePPM: 100_000, FixedFen: math.MaxInt64}
	if _, err := TransactionFee(row, 1_000_000, 0); !errors.Is(err, ErrOverflow) {
		t.Fatalf("err = %v, want ErrOverflow", err)
	}
}

func TestMulDivHalfUpEdges(t *testing.T) {
	tests := []struct {
		a, b, d int64
		want    int64
		err     error
	}{
		{7, 1, 2, 4, nil},                         // 3.5 → 4
		{5, 1, 3, 2, nil},                         // 1.67 → 2
		{4, 1, 3, 1, nil},                         // 1.33 → 1
		{math.MaxInt64, 1, 1, math.MaxInt64, nil}, // identity at the top
		{math.MaxInt64, 2, 1, 0, ErrOverflow},     // quotient needs 64 bits
		{math.MaxInt64, math.MaxInt64, 2, 0, ErrOverflow},
		// (2⁶³−1)² / (2⁶³−1) exactly, through a 126-bit product.
		{math.MaxInt64, math.MaxInt64, math.MaxInt64, math.MaxInt64, nil},
		{-1, 1, 1, 0, errNegative},
	}
	for _, tt := range tests {
		var c checked
		got := c.mulDivHalfUp(tt.a, tt.b, tt.d)
		if !errors.Is(c.err, tt.err) || (tt.err == nil && got != tt.want) {
			t.Errorf("mulDivHalfUp(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.d, got, c.err, tt.want, tt.err)
		}
	}
}

// TestMulPPMHalfUpAgreesWithMulDiv checks the 64-bit fast path against the
// general 128-bit one, at the rounding boundaries, across the switch to
// 128 bits and on random operands.
func TestMulPPMHalfUpAgreesWithMulDiv(t *testing.T) {
	cases := [][2]int64{
		{0, 0}, {1, 499_999}, {1, 500_000}, {1, 500_001}, {3, 166_667}, {999_999, 1},
		{math.MaxInt64, 1}, {math.MaxInt64, 2}, {math.MaxInt64, MaxRatePPM}, {math.MaxInt64, math.MaxInt64},
		{1 << 44, 1 << 20}, {1<<44 - 1, 1 << 20}, {-1, 1},
	}
	rng := rand.New(rand.NewPCG(16, 16))
	for range 20_000 {
		cases = append(cases, [2]int64{rng.Int64N(1 << (1 + rng.IntN(62))), rng.Int64N(2 * MaxRatePPM)})
	}
	for _, c := range cases {
		var fast, slow checked
		got, want := fast.mulPPMHalfUp(c[0], c[1]), slow.mulDivHalfUp(c[0], c[1], PPMPerUnit)
		if got != want || !errors.Is(fast.err, slow.err) || !errors.Is(slow.err, fast.err) {
			t.Fatalf("mulPPMHalfUp(%d, %d) = %d, %v; mulDivHalfUp says %d, %v", c[0], c[1], got, fast.err, want, slow.err)
		}
	}
}

func TestRateForBands(t *testing.T) {
	// UnionPay QR: ≤ ¥1,000 at 0.38 %, above at 0.60 %.
	p := planWith(
		RateRow{Channel: UnionPayQR, RatePPM: 3800, MaxTicketFen: new(int64(100_000))},
		RateRow{Channel: UnionPayQR, RatePPM: 6000, MinTicketFen: 100_001},
	)
	for _, tt := range []struct {
		ticket int64
		want   int64
	}{{1, 3800}, {100_000, 3800}, {100_001, 6000}, {math.MaxInt64, 6000}} {
		row, ok := p.RateFor(UnionPayQR, tt.ticket)
		if !ok || row.RatePPM != tt.want {
			t.Errorf("RateFor(%d) = %v, %v; want rate %d", tt.ticket, row, ok, tt.want)
		}
	}
	if _, ok := p.RateFor(WeChatPay, 100); ok {
		t.Error("RateFor found a row for a channel the plan does not price")
	}
}
