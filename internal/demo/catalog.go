package demo

import (
	"context"
	"fmt"
	"strings"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/auth"
)

// The demo catalog is sample data: invented brands, models, providers and
// rates, marked Sample so every page labels them. None of it describes a
// real vendor's product or current prices.

var demoBrands = []catalog.Brand{
	{Name: "星驰 Xingchi", ServiceCities: 260, SupportHours: catalog.Support24x7, OnsiteSLAHours: 24, SupportRating: 5},
	{Name: "云拓 Yuntuo", ServiceCities: 180, SupportHours: catalog.SupportExtended, OnsiteSLAHours: 48, SupportRating: 4},
	{Name: "锐付 Ruifu", ServiceCities: 90, SupportHours: catalog.SupportBusiness, OnsiteSLAHours: 72, SupportRating: 3},
	{Name: "恒键 Hengjian", ServiceCities: 300, SupportHours: catalog.Support24x7, OnsiteSLAHours: 12, SupportRating: 5},
	{Name: "禾音 Heyin", ServiceCities: 60, SupportHours: catalog.SupportExtended, SupportRating: 4},
	{Name: "巡途 Xuntu", ServiceCities: 40, SupportHours: catalog.SupportBusiness, SupportRating: 3},
}

// demoModel is a model by its brand's name.
type demoModel struct {
	brand string
	m     catalog.Model
}

// Capability shorthands for the table below.
var (
	capsCardsNFCQR = catalog.Capabilities{EMVChip: true, Magstripe: true, NFCContactless: true, QRScan: true}
	capsCardsOnly  = catalog.Capabilities{EMVChip: true, Magstripe: true}
)

func withCaps(c catalog.Capabilities, set func(*catalog.Capabilities)) catalog.Capabilities {
	set(&c)
	return c
}

var demoModels = []demoModel{
	// Countertop
	{"恒键 Hengjian", catalog.Model{Name: "HJ-T80", Category: catalog.Countertop,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) { c.Printer, c.PINPad, c.Ethernet, c.WiFi = true, true, true, true }),
		Screen:       35, OS: "Linux", Certifications: []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}, HardwareRevisions: []string{"A", "B", "C"},
		PurchaseFen: 128_000, MonthlyRentalFen: 4_500, WarrantyMonths: 36}},
	{"恒键 Hengjian", catalog.Model{Name: "HJ-T60", Category: catalog.Countertop,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) { c.Printer, c.PINPad, c.Ethernet = true, true, true }),
		Screen:       28, OS: "Linux", Certifications: []string{"PCI PTS 5.x", "UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 69_900, MonthlyRentalFen: 2_900, WarrantyMonths: 24}},
	{"星驰 Xingchi", catalog.Model{Name: "XC-D10", Category: catalog.Countertop,
		Capabilities: withCaps(capsCardsOnly, func(c *catalog.Capabilities) {
			c.NFCContactless, c.Printer, c.PINPad, c.Ethernet = true, true, true, true
		}),
		Screen: 28, OS: "RTOS", Certifications: []string{"PCI PTS 5.x", "UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 88_000, MonthlyRentalFen: 3_000, WarrantyMonths: 24}},
	{"锐付 Ruifu", catalog.Model{Name: "RF-C3", Category: catalog.Countertop,
		Capabilities: withCaps(capsCardsOnly, func(c *catalog.Capabilities) { c.Printer, c.PINPad, c.Ethernet = true, true, true }),
		Screen:       24, OS: "RTOS", Certifications: []string{"UnionPay"}, HardwareRevisions: []string{"A"},
		PurchaseFen: 49_900, MonthlyRentalFen: 1_500, WarrantyMonths: 12}},
	// Wireless
	{"星驰 Xingchi", catalog.Model{Name: "XC-W6", Category: catalog.Wireless,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) {
			c.Printer, c.PINPad, c.Cellular4G, c.WiFi, c.Bluetooth = true, true, true, true, true
		}),
		BatteryMAh: 2600, Screen: 28, OS: "Linux", Certifications: []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}, HardwareRevisions: []string{"A", "B", "C"},
		PurchaseFen: 98_000, MonthlyRentalFen: 3_900, DepositFen: 19_900, WarrantyMonths: 24}},
	{"云拓 Yuntuo", catalog.Model{Name: "YT-W8", Category: catalog.Wireless,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) { c.Printer, c.Cellular4G, c.WiFi = true, true, true }),
		BatteryMAh:   3000, Screen: 35, Touchscreen: true, OS: "Linux", Certifications: []string{"PCI PTS 6.x", "UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 118_000, MonthlyRentalFen: 4_200, DepositFen: 19_900, WarrantyMonths: 24}},
	{"锐付 Ruifu", catalog.Model{Name: "RF-W2", Category: catalog.Wireless,
		Capabilities: withCaps(capsCardsOnly, func(c *catalog.Capabilities) { c.Printer, c.Cellular4G = true, true }),
		BatteryMAh:   2000, Screen: 24, OS: "RTOS", Certifications: []string{"UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 59_900, MonthlyRentalFen: 2_500, WarrantyMonths: 12}},
	{"恒键 Hengjian", catalog.Model{Name: "HJ-W5", Category: catalog.Wireless,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) {
			c.Printer, c.PINPad, c.Cellular4G, c.WiFi, c.Bluetooth = true, true, true, true, true
		}),
		BatteryMAh: 5200, Screen: 50, Touchscreen: true, OS: "Linux", Certifications: []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}, HardwareRevisions: []string{"A"},
		PurchaseFen: 149_900, MonthlyRentalFen: 5_500, DepositFen: 29_900, WarrantyMonths: 36}},
	// Smart Android
	{"云拓 Yuntuo", catalog.Model{Name: "YT-S1", Category: catalog.SmartAndroid,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) { c.Printer, c.Cellular4G, c.WiFi, c.Bluetooth = true, true, true, true }),
		BatteryMAh:   5000, Screen: 55, Touchscreen: true, OS: "Android 10", Certifications: []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 189_900, MonthlyRentalFen: 6_900, DepositFen: 29_900, WarrantyMonths: 24}},
	{"星驰 Xingchi", catalog.Model{Name: "XC-A9", Category: catalog.SmartAndroid,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) {
			c.Printer, c.PINPad, c.Cellular4G, c.WiFi, c.Bluetooth = true, true, true, true, true
		}),
		BatteryMAh: 5200, Screen: 60, Touchscreen: true, OS: "Android 12", Certifications: []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}, HardwareRevisions: []string{"A", "B", "C"},
		PurchaseFen: 249_900, MonthlyRentalFen: 8_900, DepositFen: 49_900, WarrantyMonths: 36}},
	{"恒键 Hengjian", catalog.Model{Name: "HJ-A8 Desk", Category: catalog.SmartAndroid,
		Capabilities: withCaps(capsCardsNFCQR, func(c *catalog.Capabilities) { c.Printer, c.WiFi, c.Ethernet = true, true, true }),
		Screen:       80, Touchscreen: true, OS: "Android 11", Certifications: []string{"PCI PTS 6.x", "UnionPay"}, HardwareRevisions: []string{"A"},
		PurchaseFen: 299_900, MonthlyRentalFen: 9_900, WarrantyMonths: 36}},
	// mPOS
	{"巡途 Xuntu", catalog.Model{Name: "XT-M1", Category: catalog.MPOS,
		Capabilities: withCaps(capsCardsOnly, func(c *catalog.Capabilities) { c.NFCContactless, c.Bluetooth = true, true }),
		BatteryMAh:   600, OS: "RTOS", Certifications: []string{"PCI PTS 5.x", "UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 19_900, WarrantyMonths: 12}},
	{"巡途 Xuntu", catalog.Model{Name: "XT-M2", Category: catalog.MPOS,
		Capabilities: withCaps(capsCardsOnly, func(c *catalog.Capabilities) { c.NFCContactless, c.PINPad, c.Bluetooth = true, true, true }),
		BatteryMAh:   800, Screen: 18, OS: "RTOS", Certifications: []string{"PCI PTS 5.x", "UnionPay"}, HardwareRevisions: []string{"A"},
		PurchaseFen: 29_900, MonthlyRentalFen: 1_200, WarrantyMonths: 12}},
	{"锐付 Ruifu", catalog.Model{Name: "RF-M5", Category: catalog.MPOS,
		Capabilities: catalog.Capabilities{EMVChip: true, NFCContactless: true, Bluetooth: true},
		BatteryMAh:   500, OS: "RTOS", Certifications: []string{"UnionPay"}, HardwareRevisions: []string{"A"},
		PurchaseFen: 15_900, WarrantyMonths: 12}},
	// QR soundboxes
	{"禾音 Heyin", catalog.Model{Name: "HY-Q1", Category: catalog.QRSoundbox,
		Capabilities: catalog.Capabilities{Cellular4G: true, WiFi: true},
		BatteryMAh:   2000, OS: "RTOS", HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 9_900, MonthlyRentalFen: 500, WarrantyMonths: 12}},
	{"禾音 Heyin", catalog.Model{Name: "HY-Q3", Category: catalog.QRSoundbox,
		Capabilities: catalog.Capabilities{QRScan: true, Cellular4G: true, WiFi: true, Bluetooth: true},
		BatteryMAh:   2500, Screen: 24, OS: "RTOS", HardwareRevisions: []string{"A"},
		PurchaseFen: 19_900, MonthlyRentalFen: 900, WarrantyMonths: 12}},
	{"禾音 Heyin", catalog.Model{Name: "HY-Q5 Desk", Category: catalog.QRSoundbox,
		Capabilities: catalog.Capabilities{QRScan: true, WiFi: true, Ethernet: true},
		OS:           "RTOS", HardwareRevisions: []string{"A"},
		PurchaseFen: 12_900, MonthlyRentalFen: 600, WarrantyMonths: 12}},
	{"云拓 Yuntuo", catalog.Model{Name: "YT-Q2", Category: catalog.QRSoundbox,
		Capabilities: catalog.Capabilities{QRScan: true, Cellular4G: true, WiFi: true},
		BatteryMAh:   2200, OS: "RTOS", HardwareRevisions: []string{"A", "B"},
		PurchaseFen: 15_900, MonthlyRentalFen: 700, WarrantyMonths: 18}},
}

var demoProviders = []catalog.Provider{
	{Name: "明岚银行", Kind: catalog.Bank, Methods: []catalog.Method{catalog.UnionPayCard, catalog.IntlCard, catalog.WeChatPay, catalog.Alipay, catalog.UnionPayQR, catalog.ECNY}},
	{Name: "禾川农商银行", Kind: catalog.Bank, Methods: []catalog.Method{catalog.UnionPayCard, catalog.UnionPayQR, catalog.ECNY}},
	{Name: "星桥支付", Kind: catalog.PaymentInstitution, Methods: []catalog.Method{catalog.UnionPayCard, catalog.WeChatPay, catalog.Alipay, catalog.UnionPayQR}},
	{Name: "易收通", Kind: catalog.PaymentInstitution, Methods: []catalog.Method{catalog.WeChatPay, catalog.Alipay, catalog.UnionPayQR}},
	{Name: "海贝国际支付", Kind: catalog.PaymentInstitution, Methods: []catalog.Method{catalog.UnionPayCard, catalog.IntlCard, catalog.WeChatPay, catalog.Alipay, catalog.UnionPayQR}},
}

// ¥1,000: Chinese acquirers price UnionPay QR and contactless tickets up
// to it at the low "small amount" rate and above it like a card.
const catalogBand = 100_000

func catalogFen(v int64) *int64 { return &v }

// banded prices a channel at low up to ¥1,000 and high above.
func catalogBanded(ch fees.Channel, low, high int64) []fees.RateRow {
	return []fees.RateRow{
		{Channel: ch, RatePPM: low, MaxTicketFen: catalogFen(catalogBand)},
		{Channel: ch, RatePPM: high, MinTicketFen: catalogBand + 1},
	}
}

func catalogRates(rows ...[]fees.RateRow) []fees.RateRow {
	var out []fees.RateRow
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

func catalogRate(r fees.RateRow) []fees.RateRow { return []fees.RateRow{r} }

// demoPlan is a plan by its provider's name, with terminal prices by
// model name ("brand/model": purchase, rental).
type demoPlan struct {
	provider string
	plan     fees.Plan
	prices   map[string][2]int64
}

var demoPlans = []demoPlan{
	{"明岚银行", fees.Plan{Name: "标准商户费率",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.DebitCard, RatePPM: 5000, CapFen: catalogFen(2000)}), // debit capped at ¥20
			catalogRate(fees.RateRow{Channel: fees.CreditCard, RatePPM: 6000}),
			catalogRate(fees.RateRow{Channel: fees.WeChatPay, RatePPM: 3800}),
			catalogRate(fees.RateRow{Channel: fees.Alipay, RatePPM: 3800}),
			catalogBanded(fees.UnionPayQR, 3800, 6000),
			catalogBanded(fees.Contactless, 3800, 6000),
			catalogRate(fees.RateRow{Channel: fees.ForeignCard, RatePPM: 25_000, FixedFen: 150}),
		),
		D0SurchargePPM: 500,
		// Deposit back once ¥100,000 has gone through within 3 months.
		DepositFen: 29_900, DepositRefundVolumeFen: 10_000_000, DepositRefundMonths: 3},
		map[string][2]int64{"HJ-T80": {118_000, 4_200}, "HJ-T60": {66_000, 2_800}, "XC-W6": {95_000, 3_800}, "YT-S1": {179_900, 6_500}, "XC-A9": {239_900, 8_500}}},
	{"明岚银行", fees.Plan{Name: "大额商户优惠",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.DebitCard, RatePPM: 4500, CapFen: catalogFen(1800)}),
			catalogRate(fees.RateRow{Channel: fees.CreditCard, RatePPM: 5500}),
			catalogRate(fees.RateRow{Channel: fees.WeChatPay, RatePPM: 3000}),
			catalogRate(fees.RateRow{Channel: fees.Alipay, RatePPM: 3000}),
			catalogBanded(fees.UnionPayQR, 3000, 5500),
			catalogBanded(fees.Contactless, 3000, 5500),
			catalogRate(fees.RateRow{Channel: fees.ForeignCard, RatePPM: 23_000, FixedFen: 100}),
		),
		MonthlyFeeFen: 9_900, D0SurchargePPM: 500,
		DepositFen: 99_900, DepositRefundVolumeFen: 100_000_000, DepositRefundMonths: 6},
		map[string][2]int64{"HJ-T80": {108_000, 3_900}, "XC-A9": {229_900, 8_200}, "HJ-A8 Desk": {279_900, 9_500}, "HJ-W5": {139_900, 5_200}}},
	{"禾川农商银行", fees.Plan{Name: "惠商借记卡封顶",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.DebitCard, RatePPM: 4500, CapFen: catalogFen(1800)}),
			catalogRate(fees.RateRow{Channel: fees.CreditCard, RatePPM: 5500}),
			catalogBanded(fees.UnionPayQR, 3000, 5500),
			catalogRate(fees.RateRow{Channel: fees.Contactless, RatePPM: 3500, MaxTicketFen: catalogFen(catalogBand)}),
		),
		AnnualFeeFen: 36_500, D0SurchargePPM: 1000},
		map[string][2]int64{"RF-C3": {0, 1_000}, "XC-D10": {79_900, 2_800}, "RF-W2": {55_000, 2_200}, "HJ-T60": {69_900, 2_900}}},
	{"星桥支付", fees.Plan{Name: "小微商户扫码套餐",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.DebitCard, RatePPM: 5500, CapFen: catalogFen(2500)}),
			catalogRate(fees.RateRow{Channel: fees.CreditCard, RatePPM: 6000}),
			catalogRate(fees.RateRow{Channel: fees.WeChatPay, RatePPM: 3000}),
			catalogRate(fees.RateRow{Channel: fees.Alipay, RatePPM: 3000}),
			catalogBanded(fees.UnionPayQR, 3000, 5500),
			catalogRate(fees.RateRow{Channel: fees.Contactless, RatePPM: 3800}),
		),
		MonthlyFeeFen: 990, D0SurchargePPM: 800,
		DepositFen: 9_900, DepositRefundVolumeFen: 3_000_000, DepositRefundMonths: 2},
		map[string][2]int64{"HY-Q3": {16_900, 800}, "YT-Q2": {13_900, 600}, "XT-M1": {16_900, 0}, "XT-M2": {26_900, 1_000}, "XC-W6": {92_000, 3_600}, "RF-M5": {12_900, 0}}},
	{"易收通", fees.Plan{Name: "扫码云音箱月付",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.WeChatPay, RatePPM: 2500}),
			catalogRate(fees.RateRow{Channel: fees.Alipay, RatePPM: 2500}),
			catalogBanded(fees.UnionPayQR, 2500, 5000),
		),
		MonthlyFeeFen: 1_990},
		map[string][2]int64{"HY-Q1": {6_900, 300}, "HY-Q3": {15_900, 600}, "HY-Q5 Desk": {9_900, 400}, "YT-Q2": {12_900, 500}}},
	{"海贝国际支付", fees.Plan{Name: "外卡收单套餐",
		Rates: catalogRates(
			catalogRate(fees.RateRow{Channel: fees.DebitCard, RatePPM: 5500, CapFen: catalogFen(2000)}),
			catalogRate(fees.RateRow{Channel: fees.CreditCard, RatePPM: 6000}),
			catalogRate(fees.RateRow{Channel: fees.WeChatPay, RatePPM: 3800}),
			catalogRate(fees.RateRow{Channel: fees.Alipay, RatePPM: 3800}),
			catalogBanded(fees.UnionPayQR, 3800, 6000),
			catalogRate(fees.RateRow{Channel: fees.Contactless, RatePPM: 4000}),
			catalogRate(fees.RateRow{Channel: fees.ForeignCard, RatePPM: 22_000, FixedFen: 100}),
		),
		SetupFeeFen: 20_000, AnnualFeeFen: 60_000, D0SurchargePPM: 1000},
		map[string][2]int64{"YT-S1": {184_900, 6_700}, "XC-A9": {244_900, 8_700}, "YT-W8": {112_000, 4_000}, "HJ-W5": {145_000, 5_400}}},
}

// SeedCatalog adds whatever part of the sample catalog is missing, matching
// brands, providers and models by name and plans by provider and name.
// Seed runs it; it is exported for tests that need the sample catalog
// without the rest of the demo data.
func SeedCatalog(ctx context.Context, svc *catalog.Service) error {
	if svc == nil {
		return nil // a seed run without the catalog (another feature's test)
	}
	sys := auth.Request{IP: "seed"}
	brands, err := svc.Brands(ctx)
	if err != nil {
		return err
	}
	brandID := map[string]int64{}
	for _, b := range brands {
		brandID[b.Name] = b.ID
	}
	for _, b := range demoBrands {
		if _, ok := brandID[b.Name]; ok {
			continue
		}
		b.Sample = true
		got, err := svc.CreateBrand(ctx, nil, b, sys)
		if err != nil {
			return fmt.Errorf("seed brand %s: %w", b.Name, err)
		}
		brandID[b.Name] = got.ID
	}

	models, err := svc.Models(ctx, catalog.Filter{})
	if err != nil {
		return err
	}
	modelID := map[string]int64{}
	for _, m := range models {
		modelID[m.BrandName+"/"+m.Name] = m.ID
	}
	for _, dm := range demoModels {
		key := dm.brand + "/" + dm.m.Name
		if _, ok := modelID[key]; ok {
			continue
		}
		m := dm.m
		m.BrandID, m.Sample = brandID[dm.brand], true
		got, err := svc.CreateModel(ctx, nil, m, sys)
		if err != nil {
			return fmt.Errorf("seed model %s: %w", key, err)
		}
		modelID[key] = got.ID
	}
	byName := map[string]int64{} // model name alone: unique in the sample data
	for key, id := range modelID {
		byName[key[strings.IndexByte(key, '/')+1:]] = id
	}

	providers, err := svc.Providers(ctx)
	if err != nil {
		return err
	}
	providerID := map[string]int64{}
	for _, p := range providers {
		providerID[p.Name] = p.ID
	}
	for _, p := range demoProviders {
		if _, ok := providerID[p.Name]; ok {
			continue
		}
		p.Sample = true
		got, err := svc.CreateProvider(ctx, nil, p, sys)
		if err != nil {
			return fmt.Errorf("seed provider %s: %w", p.Name, err)
		}
		providerID[p.Name] = got.ID
	}

	plans, err := svc.Plans(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, p := range plans {
		have[p.Provider+"/"+p.Name] = true
	}
	for _, dp := range demoPlans {
		if have[dp.provider+"/"+dp.plan.Name] {
			continue
		}
		p := catalog.Plan{Plan: dp.plan, Sample: true}
		p.ProviderID = providerID[dp.provider]
		p.TerminalPrices = nil
		for _, dm := range demoModels { // catalogue order, so prices are listed predictably
			if price, ok := dp.prices[dm.m.Name]; ok {
				p.TerminalPrices = append(p.TerminalPrices, fees.TerminalPrice{ModelID: byName[dm.m.Name], PurchaseFen: price[0], MonthlyRentalFen: price[1]})
			}
		}
		if _, err := svc.CreatePlan(ctx, nil, p, sys); err != nil {
			return fmt.Errorf("seed plan %s: %w", dp.plan.Name, err)
		}
	}
	return nil
}
