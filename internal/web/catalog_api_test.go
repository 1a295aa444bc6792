package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

type terminalsBody struct {
	Terminals []struct {
		ID                int64    `json:"id"`
		Name              string   `json:"name"`
		Brand             string   `json:"brand"`
		Category          string   `json:"category"`
		NFCContactless    bool     `json:"nfc_contactless"`
		Printer           bool     `json:"printer"`
		BatteryMAh        int      `json:"battery_mah"`
		PurchaseFen       int64    `json:"purchase_fen"`
		HardwareRevisions []string `json:"hardware_revisions"`
		Channels          []string `json:"channels"`
		Sample            bool     `json:"sample"`
	} `json:"terminals"`
	Differences []string `json:"differences"`
}

func (b terminalsBody) names() []string {
	var out []string
	for _, t := range b.Terminals {
		out = append(out, t.Name)
	}
	slices.Sort(out)
	return out
}

func TestTerminalsAPIFilters(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t)
	get := func(q string) terminalsBody {
		t.Helper()
		var b terminalsBody
		c.get("/api/v1/terminals"+q).wantStatus(t, http.StatusOK).decode(t, &b)
		return b
	}
	all := get("")
	if len(all.Terminals) < 15 {
		t.Fatalf("%d terminals", len(all.Terminals))
	}
	for i := 1; i < len(all.Terminals); i++ {
		if all.Terminals[i].PurchaseFen < all.Terminals[i-1].PurchaseFen {
			t.Errorf("not sorted by price at %d", i)
		}
	}
	cases := map[string][]string{
		"?qr_only=true":                    {"HY-Q1", "HY-Q3", "HY-Q5 Desk", "YT-Q2"},
		"?mobile=true&printer=1":           {"HJ-W5", "RF-W2", "XC-A9", "XC-W6", "YT-S1", "YT-W8"},
		"?category=mpos":                   {"RF-M5", "XT-M1", "XT-M2"},
		"?max_price_fen=15900&mobile=1":    {"HY-Q1", "RF-M5", "YT-Q2"},
		"?contactless=1&category=wireless": {"HJ-W5", "XC-W6", "YT-W8"},
	}
	for q, want := range cases {
		if got := get(q).names(); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", q, got, want)
		}
	}
	one := get("?category=qr_soundbox&sort=name").Terminals[0]
	if !one.Sample || one.Channels == nil || one.HardwareRevisions == nil || one.Brand == "" {
		t.Errorf("terminal JSON = %+v", one)
	}

	t.Run("ErrInvalidFilter", func(t *testing.T) {
		c.header.Set("Accept-Language", "en")
		e := c.get("/api/v1/terminals?category=toaster&max_price_fen=cheap").wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["max_price_fen"] != "Enter a whole number." {
			t.Errorf("fields = %v", e.Error.Fields)
		}
		e = c.get("/api/v1/terminals?category=toaster").wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["category"] != "Choose one of the options." {
			t.Errorf("fields = %v", e.Error.Fields)
		}
	})
}

func TestTerminalAPI(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t)
	id := catalogModelID(t, p, "RF-C3")
	var b struct {
		Name          string   `json:"name"`
		Channels      []string `json:"channels"`
		Compatibility []struct {
			Provider struct{ Name string } `json:"provider"`
			Channels []struct {
				Channel string `json:"channel"`
				OK      bool   `json:"ok"`
				Reason  string `json:"reason"`
			} `json:"channels"`
		} `json:"compatibility"`
	}
	c.get(fmt.Sprintf("/api/v1/terminals/%d", id)).wantStatus(t, http.StatusOK).decode(t, &b)
	if b.Name != "RF-C3" || !slices.Equal(b.Channels, []string{"debit_card", "credit_card", "foreign_card"}) || len(b.Compatibility) < 5 {
		t.Errorf("terminal = %+v", b)
	}
	for _, path := range []string{"/api/v1/terminals/999999", "/api/v1/terminals/abc", "/api/v1/terminals/-1"} {
		c.get(path).wantStatus(t, http.StatusNotFound).apiError(t)
	}
}

func TestCompareAPI(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t)
	a, b, d := catalogModelID(t, p, "HJ-T80"), catalogModelID(t, p, "RF-C3"), catalogModelID(t, p, "HY-Q1")

	var got terminalsBody
	c.get(fmt.Sprintf("/api/v1/terminals/compare?ids=%d,%d,%d", a, b, d)).wantStatus(t, http.StatusOK).decode(t, &got)
	if len(got.Terminals) != 3 || got.Terminals[0].ID != a || got.Terminals[2].ID != d {
		t.Fatalf("compared = %+v", got.Terminals)
	}
	for _, want := range []string{"category", "nfc_contactless", "printer", "purchase_fen"} {
		if !slices.Contains(got.Differences, want) {
			t.Errorf("differences %v lack %s", got.Differences, want)
		}
	}

	t.Run("ErrUnknownID", func(t *testing.T) {
		c.get(fmt.Sprintf("/api/v1/terminals/compare?ids=%d,999999", a)).wantStatus(t, http.StatusNotFound).apiError(t)
	})
	t.Run("ErrCount", func(t *testing.T) {
		c.header.Set("Accept-Language", "zh-CN")
		e := c.get(fmt.Sprintf("/api/v1/terminals/compare?ids=%d", a)).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["ids"] != "请选择 2 至 4 款终端进行比较。" {
			t.Errorf("one id: fields = %v", e.Error.Fields)
		}
		five := fmt.Sprintf("%d,%d,%d,%d,%d", a, b, d, catalogModelID(t, p, "HY-Q3"), catalogModelID(t, p, "XT-M1"))
		c.get("/api/v1/terminals/compare?ids="+five).wantStatus(t, http.StatusUnprocessableEntity)
		c.get("/api/v1/terminals/compare?ids=1,x").wantStatus(t, http.StatusUnprocessableEntity)
		c.get("/api/v1/terminals/compare").wantStatus(t, http.StatusUnprocessableEntity)
	})
}

// feePlanJSON is a §11 fee plan body for POST /api/v1/fee-plans.
func feePlanJSON(providerID int64, name string, extra string) string {
	return fmt.Sprintf(`{"provider_id":%d,"name":%q,"rates":[
		{"channel":"debit_card","rate_ppm":5000,"cap_fen":2000,"fixed_fen":0,"min_ticket_fen":0,"max_ticket_fen":null},
		{"channel":"contactless","rate_ppm":3800,"cap_fen":null,"fixed_fen":0,"min_ticket_fen":0,"max_ticket_fen":null},
		{"channel":"foreign_card","rate_ppm":25000,"cap_fen":null,"fixed_fen":150,"min_ticket_fen":0,"max_ticket_fen":null}],
		"monthly_fee_fen":0,"annual_fee_fen":0,"setup_fee_fen":0,"deposit_fen":0,"deposit_refund_volume_fen":0,
		"deposit_refund_months":0,"d0_surcharge_ppm":500,"terminal_prices":[]%s}`, providerID, name, extra)
}

func TestFeePlansAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newCatalogPortal(t, d)
		prov, err := p.srv.Catalog.CreateProvider(context.Background(), nil,
			catalog.Provider{Name: "Domestic Only Bank", Kind: catalog.Bank, Methods: []catalog.Method{catalog.UnionPayCard}}, auth.Request{})
		if err != nil {
			t.Fatal(err)
		}
		anon := p.client(t)
		anon.json("POST", "/api/v1/fee-plans", feePlanJSON(prov.ID, "X", "")).wantStatus(t, http.StatusUnauthorized)

		merchant := catalogClient(t, p, auth.Merchant, "shop@example.test", "en")
		merchant.json("POST", "/api/v1/fee-plans", feePlanJSON(prov.ID, "X", "")).wantStatus(t, http.StatusForbidden).apiError(t)

		admin := catalogClient(t, p, auth.Admin, "admin@example.test", "en")
		var created struct {
			ID       int64  `json:"id"`
			Name     string `json:"name"`
			Provider string `json:"provider"`
			Rates    []struct {
				CapFen       *int64 `json:"cap_fen"`
				MaxTicketFen *int64 `json:"max_ticket_fen"`
			} `json:"rates"`
		}
		admin.json("POST", "/api/v1/fee-plans", feePlanJSON(prov.ID, "Domestic standard", "")).wantStatus(t, http.StatusCreated).decode(t, &created)
		if created.ID == 0 || created.Provider != "Domestic Only Bank" || len(created.Rates) != 3 || created.Rates[0].CapFen == nil || created.Rates[1].CapFen != nil {
			t.Errorf("created = %+v", created)
		}
		var list struct {
			Plans []struct {
				ID     int64 `json:"id"`
				Sample bool  `json:"sample"`
			} `json:"fee_plans"`
		}
		anon.get("/api/v1/fee-plans").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Plans) != 7 || !slices.ContainsFunc(list.Plans, func(x struct {
			ID     int64 `json:"id"`
			Sample bool  `json:"sample"`
		}) bool {
			return x.ID == created.ID && !x.Sample
		}) {
			t.Errorf("list = %+v", list.Plans)
		}

		t.Run("ErrUnknownField", func(t *testing.T) {
			admin.json("POST", "/api/v1/fee-plans", feePlanJSON(prov.ID, "Y", `,"id":5`)).wantStatus(t, http.StatusBadRequest).apiError(t)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			body := strings.Replace(feePlanJSON(prov.ID, "Z", ""), `"rate_ppm":5000`, `"rate_ppm":500000`, 1)
			e := admin.json("POST", "/api/v1/fee-plans", body).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
			if e.Error.Fields["rates[0].rate_ppm"] != "A rate is between 0 and 10 % (0–100,000 ppm)." {
				t.Errorf("en fields = %v", e.Error.Fields)
			}
			admin.header.Set("Accept-Language", "zh-CN")
			e = admin.json("POST", "/api/v1/fee-plans", feePlanJSON(999999, "", "")).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
			if e.Error.Fields["name"] != "此项为必填。" || e.Error.Fields["provider_id"] != "该收单机构不存在。" {
				t.Errorf("zh fields = %v", e.Error.Fields)
			}
		})

		t.Run("QuoteUsesCompatibility", func(t *testing.T) {
			noNFC := catalogModelID(t, p, "RF-C3")
			req := fmt.Sprintf(`{"profile":{"channels":[
				{"channel":"debit_card","monthly_count":100,"average_ticket_fen":10000},
				{"channel":"contactless","monthly_count":50,"average_ticket_fen":5000},
				{"channel":"foreign_card","monthly_count":10,"average_ticket_fen":50000}]},
				"months":12,"terminal_count":1,"acquisition":"purchase","settlement":"T1","model_id":%d,"plan_ids":[%d]}`, noNFC, created.ID)
			var res struct {
				Quotes []struct {
					Unsupported   []string `json:"unsupported_channels"`
					ProcessingFen int64    `json:"processing_fen"`
				} `json:"quotes"`
			}
			anon.json("POST", "/api/v1/fee-quotes", req).wantStatus(t, http.StatusOK).decode(t, &res)
			// The model has no NFC; the bank takes no foreign cards although the plan prices them.
			if len(res.Quotes) != 1 || !slices.Equal(res.Quotes[0].Unsupported, []string{"contactless", "foreign_card"}) {
				t.Fatalf("quotes = %+v", res.Quotes)
			}
			if res.Quotes[0].ProcessingFen != 12*100*50 { // debit only: ¥100 × 0.5 % = 50 fen
				t.Errorf("processing = %d", res.Quotes[0].ProcessingFen)
			}
		})
	})
}

func TestFeeQuotesAPI(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t)
	req := `{"profile":{"channels":[
		{"channel":"wechat_pay","monthly_count":900,"average_ticket_fen":3500},
		{"channel":"unionpay_qr","buckets":[{"ticket_fen":5000,"monthly_count":300},{"ticket_fen":250000,"monthly_count":10}]},
		{"channel":"debit_card","monthly_count":200,"average_ticket_fen":25000}]},
		"months":12,"terminal_count":2,"acquisition":"rental","settlement":"D0"}`
	var raw struct {
		Quotes []map[string]any `json:"quotes"`
	}
	c.json("POST", "/api/v1/fee-quotes", req).wantStatus(t, http.StatusOK).decode(t, &raw)
	quotes := raw.Quotes
	if len(quotes) != 6 {
		t.Fatalf("%d quotes", len(quotes))
	}
	for _, k := range []string{"plan_id", "plan_name", "provider", "processing_fen", "fixed_fees_fen", "terminal_fen", "deposit_paid_fen",
		"deposit_refunded_fen", "deposit_refund_month", "total_fen", "effective_rate_bp", "unsupported_channels"} {
		if _, ok := quotes[0][k]; !ok {
			t.Errorf("quote lacks %s: %v", k, quotes[0])
		}
	}
	for i := 1; i < len(quotes); i++ {
		if quotes[i]["comparable"] == quotes[i-1]["comparable"] && quotes[i]["total_fen"].(float64) < quotes[i-1]["total_fen"].(float64) {
			t.Errorf("not ranked by total at %d", i)
		}
	}

	t.Run("ErrUnknownField", func(t *testing.T) {
		c.json("POST", "/api/v1/fee-quotes", strings.Replace(req, `"months":12`, `"months":12,"horizon":3`, 1)).wantStatus(t, http.StatusBadRequest).apiError(t)
	})
	t.Run("ErrInvalidInTheUsersLanguage", func(t *testing.T) {
		bad := strings.NewReplacer(`"months":12`, `"months":0`, `"acquisition":"rental"`, `"acquisition":"lease"`,
			`"average_ticket_fen":3500`, `"average_ticket_fen":-5`).Replace(req)
		c.header.Set("Accept-Language", "zh-CN")
		e := c.json("POST", "/api/v1/fee-quotes", bad).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		want := map[string]string{
			"months":                                 "比较期限应为 1 至 120 个月。",
			"acquisition":                            "请选择购买或租用。",
			"profile.channels[0].average_ticket_fen": "平均每笔金额至少为 0.01 元。",
		}
		for f, msg := range want {
			if e.Error.Fields[f] != msg {
				t.Errorf("field %s = %q, want %q", f, e.Error.Fields[f], msg)
			}
		}
		c.header.Set("Accept-Language", "en")
		e = c.json("POST", "/api/v1/fee-quotes", `{"profile":{"channels":[]},"months":12,"terminal_count":1,"acquisition":"purchase","settlement":"T1","model_id":999999}`).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["profile.channels"] != "Enter the monthly volume of at least one channel." {
			t.Errorf("fields = %v", e.Error.Fields)
		}
	})
}
