package fees

import (
	"fmt"
	"testing"
)

// benchPlans builds n realistic, varied plans: capped debit, banded UnionPay
// QR, a fixed fee on foreign cards for most (some plans lack the channel),
// five terminal models, deposits on every third plan.
func benchPlans(n int) []Plan {
	plans := make([]Plan, n)
	for i := range plans {
		v := int64(i % 17)
		rows := []RateRow{
			{Channel: DebitCard, RatePPM: 4500 + 50*v, CapFen: new(int64(1800 + 10*v))},
			{Channel: CreditCard, RatePPM: 5500 + 50*v},
			{Channel: WeChatPay, RatePPM: 3000 + 40*v},
			{Channel: Alipay, RatePPM: 3000 + 45*v},
			{Channel: UnionPayQR, RatePPM: 3000 + 30*v, MaxTicketFen: new(int64(100_000))},
			{Channel: UnionPayQR, RatePPM: 5500 + 30*v, MinTicketFen: 100_001},
			{Channel: Contactless, RatePPM: 3800 + 20*v, MaxTicketFen: new(int64(100_000))},
			{Channel: Contactless, RatePPM: 5000 + 20*v, MinTicketFen: 100_001},
		}
		if i%5 != 0 {
			rows = append(rows, RateRow{Channel: ForeignCard, RatePPM: 25_000 + 100*v, FixedFen: 150})
		}
		p := Plan{
			ID: int64(i + 1), ProviderID: int64(i%8 + 1), Provider: fmt.Sprintf("Provider %d", i%8),
			Name: fmt.Sprintf("Plan %03d", i), Rates: rows,
			MonthlyFeeFen: 500 * (v % 4), AnnualFeeFen: 36_500 * (v % 2), SetupFeeFen: 10_000 * (v % 3),
			D0SurchargePPM: 500 + 100*(v%5),
		}
		if i%3 == 0 {
			p.DepositFen, p.DepositRefundVolumeFen, p.DepositRefundMonths = 99_900, 50_000_000, 3+int(v%6)
		}
		for m := int64(1); m <= 5; m++ {
			p.TerminalPrices = append(p.TerminalPrices, TerminalPrice{
				ModelID: m, PurchaseFen: 50_000*m + 1000*v, MonthlyRentalFen: 2000*m + 50*v,
			})
		}
		plans[i] = p
	}
	return plans
}

// benchRequest is a busy restaurant: ¥1.9m a month over all seven channels,
// cards and QR given as ticket-size buckets.
func benchRequest() QuoteRequest {
	req := QuoteRequest{
		Profile: Profile{Channels: []ChannelVolume{
			buckets(DebitCard, 3_000, 1200, 15_000, 600, 400_000, 40, 2_000_000, 5),
			avg(CreditCard, 700, 25_000),
			buckets(WeChatPay, 1_500, 3000, 6_000, 2000, 30_000, 300),
			avg(Alipay, 2500, 5500),
			buckets(UnionPayQR, 5_000, 800, 100_000, 20, 250_000, 8),
			avg(Contactless, 900, 8_800),
			avg(ForeignCard, 40, 60_000),
		}},
		Months: 24, TerminalCount: 3, Acquisition: Rental, ModelID: new(int64(3)), Settlement: SettlementD0,
	}
	return req
}

func BenchmarkQuote200Plans(b *testing.B) {
	plans, req := benchPlans(200), benchRequest()
	compat := Compatibility{ByProvider: map[int64]ChannelSet{7: NewChannelSet(ForeignCard)}}
	if _, err := QuotePlans(plans, req, compat); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QuotePlans(plans, req, compat); err != nil {
			b.Fatal(err)
		}
	}
}
