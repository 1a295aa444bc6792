package fees

import (
	"bytes"
	"encoding/json"
	"testing"
)

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decodeStrict decodes like the web layer: unknown fields are refused (§11).
func decodeStrict(t *testing.T, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode: %v", err)
	}
}

func TestPlanJSONMatchesSpec(t *testing.T) {
	// The §11 fee plan shape, every field name spelled as integrations send it.
	const body = `{"provider_id":3,"name":"扫码优惠套餐",
	 "rates":[{"channel":"unionpay_qr","rate_ppm":3800,"cap_fen":null,"fixed_fen":0,"min_ticket_fen":0,"max_ticket_fen":100000},
	          {"channel":"unionpay_qr","rate_ppm":6000,"cap_fen":null,"fixed_fen":0,"min_ticket_fen":100001,"max_ticket_fen":null},
	          {"channel":"debit_card","rate_ppm":5000,"cap_fen":2000,"fixed_fen":0,"min_ticket_fen":0,"max_ticket_fen":null}],
	 "monthly_fee_fen":1000,"annual_fee_fen":36500,"setup_fee_fen":0,"deposit_fen":50000,
	 "deposit_refund_volume_fen":10000000,"deposit_refund_months":6,"d0_surcharge_ppm":1000,
	 "terminal_prices":[{"model_id":7,"purchase_fen":29900,"monthly_rental_fen":1500}]}`
	var p Plan
	decodeStrict(t, body, &p)
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Rates[2].CapFen == nil || *p.Rates[2].CapFen != 2000 || p.Rates[1].MaxTicketFen != nil || p.DepositRefundMonths != 6 {
		t.Errorf("decoded plan lost fields: %+v", p)
	}
	// Round trip: null stays null (no cap / no upper bound).
	var again Plan
	decodeStrict(t, mustJSON(t, p), &again)
	if mustJSON(t, again) != mustJSON(t, p) {
		t.Error("plan does not survive a JSON round trip")
	}
}

func TestQuoteRequestJSONMatchesSpec(t *testing.T) {
	const body = `{"profile":{"channels":[
	   {"channel":"wechat_pay","monthly_count":1000,"average_ticket_fen":5000},
	   {"channel":"unionpay_qr","buckets":[{"ticket_fen":10000,"monthly_count":100},{"ticket_fen":200000,"monthly_count":10}]}]},
	 "months":12,"terminal_count":2,"acquisition":"rental","model_id":7,"settlement":"D0","plan_ids":[1,2]}`
	var r QuoteRequest
	decodeStrict(t, body, &r)
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.ModelID == nil || *r.ModelID != 7 || len(r.Profile.Channels[1].Buckets) != 2 || r.Settlement != SettlementD0 {
		t.Errorf("decoded request lost fields: %+v", r)
	}
}

func TestQuoteResponseJSON(t *testing.T) {
	q := mustQuote(t, planWith(flat(WeChatPay, 3800)), request(avg(WeChatPay, 3, 1000)), 0)
	got := mustJSON(t, QuoteResponse{Quotes: []PlanQuote{q}})
	// 1000 × 3800 / 10⁶ = 3.8 → 4 fen × 3 = 12 on 3000: 40.00 bp.
	want := `{"quotes":[{"plan_id":1,"plan_name":"Test plan","provider":"示例银行","provider_id":10,` +
		`"processing_fen":12,"fixed_fees_fen":0,"terminal_fen":0,"deposit_paid_fen":0,"deposit_refunded_fen":0,` +
		`"deposit_refund_month":null,"total_fen":12,"effective_rate_bp":40.00,"unsupported_channels":[],` +
		`"volume_fen":3000,"terminal_model_id":1,"terminal_price_missing":false,"comparable":true}],` +
		`"best_plan_id":null,"monthly_volume_fen":0,"total_volume_fen":0}`
	if got != want {
		t.Errorf("response\n got %s\nwant %s", got, want)
	}
}

func TestBasisPointsJSON(t *testing.T) {
	for _, tt := range []struct {
		v    BasisPoints
		text string
	}{{0, "0.00"}, {5, "0.05"}, {2345, "23.45"}, {100_000, "1000.00"}, {-5, "-0.05"}} {
		if got := mustJSON(t, tt.v); got != tt.text {
			t.Errorf("Marshal(%d) = %s, want %s", int64(tt.v), got, tt.text)
		}
		var back BasisPoints
		if err := json.Unmarshal([]byte(tt.text), &back); err != nil || back != tt.v {
			t.Errorf("Unmarshal(%s) = %d, %v; want %d", tt.text, int64(back), err, int64(tt.v))
		}
	}
	for _, in := range []string{"23.4", "23"} {
		var b BasisPoints
		if err := json.Unmarshal([]byte(in), &b); err != nil {
			t.Errorf("Unmarshal(%s): %v", in, err)
		}
	}
	for _, in := range []string{"23.456", "1e3", `"23.45"`, "-", ".5", "1."} {
		var b BasisPoints
		if err := json.Unmarshal([]byte(in), &b); err == nil {
			t.Errorf("Unmarshal(%s) accepted %d", in, int64(b))
		}
	}
}
