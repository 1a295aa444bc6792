package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// feeQuoteBody is the POST /api/v1/fee-quotes response as a client reads it.
type feeQuoteBody struct {
	Quotes []struct {
		PlanID               int64    `json:"plan_id"`
		TotalFen             int64    `json:"total_fen"`
		Unsupported          []string `json:"unsupported_channels"`
		TerminalPriceMissing bool     `json:"terminal_price_missing"`
		Comparable           *bool    `json:"comparable"`
	} `json:"quotes"`
	BestPlanID       *int64 `json:"best_plan_id"`
	MonthlyVolumeFen *int64 `json:"monthly_volume_fen"`
	TotalVolumeFen   *int64 `json:"total_volume_fen"`
}

// TestFeeQuoteBestPlan: a shop taking cards and WeChat Pay. The sample
// QR-only plan is the cheapest total because it leaves the card volume
// out; the API ranks it after every comparable plan, names the cheapest
// comparable one best_plan_id, and the page (table and chart) marks that
// same plan as best and shows the volume the API returns.
func TestFeeQuoteBestPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newCatalogPortal(t, d)
		c := p.client(t).browser()
		c.header.Set("Accept-Language", "en")
		req := `{"profile":{"channels":[
			{"channel":"wechat_pay","monthly_count":900,"average_ticket_fen":3500},
			{"channel":"debit_card","monthly_count":200,"average_ticket_fen":25000}]},
			"months":12,"terminal_count":2,"acquisition":"rental","settlement":"D0"}`
		var res feeQuoteBody
		c.json("POST", "/api/v1/fee-quotes", req).wantStatus(t, http.StatusOK).decode(t, &res)

		if len(res.Quotes) < 2 || res.BestPlanID == nil {
			t.Fatalf("want several quotes and a best plan: %+v", res)
		}
		// 900 × ¥35 + 200 × ¥250 = ¥81,500 a month, × 12.
		if res.MonthlyVolumeFen == nil || *res.MonthlyVolumeFen != 8_150_000 || res.TotalVolumeFen == nil || *res.TotalVolumeFen != 97_800_000 {
			t.Errorf("volume = %v / %v, want 8150000 / 97800000", res.MonthlyVolumeFen, res.TotalVolumeFen)
		}
		var bestTotal int64
		cheaperPartial, seenPartial := false, false
		for i, q := range res.Quotes {
			if q.Comparable == nil {
				t.Fatalf("quote %d has no comparable field", q.PlanID)
			}
			if want := len(q.Unsupported) == 0 && !q.TerminalPriceMissing; *q.Comparable != want {
				t.Errorf("plan %d comparable = %v, want %v (unsupported %v, terminal missing %v)",
					q.PlanID, *q.Comparable, want, q.Unsupported, q.TerminalPriceMissing)
			}
			if i == 0 {
				if q.PlanID != *res.BestPlanID || !*q.Comparable {
					t.Errorf("first quote is plan %d (comparable %v), best_plan_id %d", q.PlanID, *q.Comparable, *res.BestPlanID)
				}
				bestTotal = q.TotalFen
			}
			if *q.Comparable && seenPartial {
				t.Errorf("comparable plan %d ranks after a plan that is not", q.PlanID)
			}
			if !*q.Comparable {
				seenPartial = true
				cheaperPartial = cheaperPartial || q.TotalFen < bestTotal
			}
			if i > 0 && *q.Comparable && q.TotalFen < res.Quotes[i-1].TotalFen {
				t.Errorf("comparable plan %d is cheaper than the one before it", q.PlanID)
			}
		}
		if !cheaperPartial {
			t.Fatal("the sample data no longer has a cheaper plan that leaves a channel out: the test proves nothing")
		}

		page := c.get("/fees?wechat_pay_count=900&wechat_pay_ticket=35&debit_card_count=200&debit_card_ticket=250"+
			"&months=12&terminals=2&acquisition=rental&settlement=D0").wantStatus(t, http.StatusOK)
		best := strconv.FormatInt(*res.BestPlanID, 10)
		rows := regexp.MustCompile(`<tr data-plan-id="(\d+)"( class="best")?`).FindAllStringSubmatch(page.body, -1)
		if len(rows) != len(res.Quotes) {
			t.Fatalf("page has %d rows, API %d quotes", len(rows), len(res.Quotes))
		}
		for i, r := range rows {
			if want := strconv.FormatInt(res.Quotes[i].PlanID, 10); r[1] != want {
				t.Errorf("page row %d is plan %s, API quote %d is plan %s", i, r[1], i, want)
			}
			if isBest := r[2] != ""; isBest != (r[1] == best) {
				t.Errorf("page row of plan %s best = %v, API best_plan_id %s", r[1], isBest, best)
			}
		}
		bars := regexp.MustCompile(`class="chart-bar chart-bar-best[^"]*"[^>]*data-plan-id="(\d+)"`).FindAllStringSubmatch(page.body, -1)
		if len(bars) != 1 || bars[0][1] != best {
			t.Errorf("chart best bars = %v, want only plan %s", bars, best)
		}
		wantBody(t, page, "¥81,500.00", "¥978,000.00")

		t.Run("NoComparablePlan", func(t *testing.T) {
			// Only the QR-only plan, which cannot take the card volume.
			only := strings.Replace(req, `"settlement":"D0"`, `"settlement":"D0","plan_ids":[`+strconv.FormatInt(res.Quotes[len(res.Quotes)-1].PlanID, 10)+`]`, 1)
			r := c.json("POST", "/api/v1/fee-quotes", only).wantStatus(t, http.StatusOK)
			var one feeQuoteBody
			r.decode(t, &one)
			if len(one.Quotes) != 1 || *one.Quotes[0].Comparable || one.BestPlanID != nil || !strings.Contains(r.body, `"best_plan_id":null`) {
				t.Errorf("body = %s, want one quote, not comparable, best_plan_id null", r.body)
			}
		})
	})
}
