package onboarding

import (
	"testing"
	"time"

	"posportal/fees"
	"posportal/internal/pdf"
)

// BenchmarkContractPDF renders a typical Chinese contract (two terminal
// lines, five rate bands, a refundable deposit) with the embedded font
// parsed once, as the portal does; pdf-bytes is the size of one contract.
func BenchmarkContractPDF(b *testing.B) {
	capFen, maxFen := int64(2000), int64(100000)
	a := Application{ID: 42, LegalName: "上海堃昇商贸有限公司", ShopName: "堃昇便利店(世纪大道店)", USCC: "91350100M000100Y43",
		LegalRepName: "张喆", Province: "上海市", City: "上海市", District: "浦东新区", Address: "世纪大道100号",
		SettlementBank: "中国工商银行上海浦东分行", SettlementAccountMasked: "**** 0123"}
	terms := ContractTerms{TermMonths: DefaultTermMonths, Plan: fees.Plan{Provider: "明岚银行", Name: "标准商户费率",
		Rates: []fees.RateRow{
			{Channel: fees.DebitCard, RatePPM: 5000, CapFen: &capFen},
			{Channel: fees.CreditCard, RatePPM: 6000},
			{Channel: fees.WeChatPay, RatePPM: 3800},
			{Channel: fees.UnionPayQR, RatePPM: 3800, MaxTicketFen: &maxFen},
			{Channel: fees.UnionPayQR, RatePPM: 6000, MinTicketFen: maxFen + 1},
		},
		MonthlyFeeFen: 1000, AnnualFeeFen: 36000, DepositFen: 9900, DepositRefundVolumeFen: 5_000_000, DepositRefundMonths: 6, D0SurchargePPM: 1000},
		Terminals: []ContractTermsTerminal{
			{Brand: "海岳", Name: "HY-Q3 智能 POS", Quantity: 2, Acquisition: "purchase", UnitFen: 129900, TotalFen: 259800},
			{Brand: "云拓", Name: "YT-S1 扫码云音箱", Quantity: 1, Acquisition: "rental", UnitFen: 1500, TotalFen: 1500},
		}}
	font := pdf.Embedded()
	at := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	size := 0
	b.ReportAllocs()
	for b.Loop() {
		out, err := renderContract(font, "zh-CN", "POS-2026-000042", a, "1001234567890123", terms, at)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "pdf-bytes")
}
