package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"posportal/internal/demo"
)

// startCatalogPortal serves the public catalog and fee calculator with the
// sample catalog.
func startCatalogPortal(t *testing.T) string {
	t.Helper()
	return newPortal(t, func(p *portal) {
		if err := demo.SeedCatalog(context.Background(), p.cat); err != nil {
			t.Fatal(err)
		}
	}).URL
}

// A merchant, in English, finds terminals for taking payments on the move
// with a printer, compares three, prices the fee plans for their volume,
// sees the chart and downloads the comparison.
func TestMerchantFiltersComparesAndQuotes(t *testing.T) {
	base := startCatalogPortal(t)
	tb := newTab(t, langEnglish)

	// Filter by needs from the navigation.
	wantStatus(t, tb.open(base+"/"), http.StatusOK)
	tb.followLink("Terminals")
	tb.wantLocation("/terminals")
	tb.wantTextContains(testID("sample-note"), "Sample data")
	tb.do("tick the needs",
		chromedp.Click(chromedp.CSS(`input[name="mobile"]`), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`input[name="printer"]`), chromedp.NodeVisible))
	wantStatus(t, tb.click(testID("filter-submit")), http.StatusOK)
	tb.wantText(testID("catalog-count"), "Matching terminals: 6")
	if n := tb.count(`[data-testid="terminal-card"]`); n != 6 {
		t.Fatalf("%d terminal cards, want 6", n)
	}
	tb.screenshot("catalog-filtered-en.png")

	// Compare the first three.
	tb.do("pick three",
		chromedp.Click(chromedp.CSS(`[data-testid="terminal-card"]:nth-child(1) [data-testid="compare-pick"]`), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`[data-testid="terminal-card"]:nth-child(2) [data-testid="compare-pick"]`), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(`[data-testid="terminal-card"]:nth-child(3) [data-testid="compare-pick"]`), chromedp.NodeVisible))
	wantStatus(t, tb.click(testID("compare-submit")), http.StatusOK)
	tb.wantText("h1", "Compare terminals")
	if n := tb.count(`[data-testid="compare-table"] thead th[data-model-id]`); n != 3 {
		t.Fatalf("%d compared models, want 3", n)
	}
	if n := tb.count(`[data-testid="diff-row"]`); n == 0 {
		t.Fatal("no differences highlighted")
	}
	tb.screenshot("catalog-compare-en.png")
	wantStatus(t, tb.click(testID("diff-toggle")), http.StatusOK)
	if all, diff := tb.count(`[data-testid="compare-table"] tbody tr`), tb.count(`[data-testid="diff-row"]`); all != diff {
		t.Errorf("only differences: %d rows, %d of them differences", all, diff)
	}

	// Price the fee plans for the shop's volume.
	tb.followLink("Fee calculator")
	tb.wantLocation("/fees")
	for field, v := range map[string]string{
		"debit_card_count": "200", "debit_card_ticket": "250", "wechat_pay_count": "900", "wechat_pay_ticket": "35",
		"contactless_count": "100", "contactless_ticket": "80",
	} {
		tb.fill(field, v)
	}
	wantStatus(t, tb.click(testID("quote-submit")), http.StatusOK)
	tb.wantTextContains(testID("quote-results"), "Ranking for your volume", "Cheapest for all your channels")
	bars, rows := tb.count(`[data-testid="quote-chart"] rect.chart-bar`), tb.count(`[data-testid="quote-table"] tbody tr`)
	if bars != 6 || rows != 6 {
		t.Fatalf("%d bars and %d ranked plans, want 6 each", bars, rows)
	}
	tb.screenshot("fees-quote-en.png")

	// Download the comparison.
	href := tb.attr(testID("quote-pdf"), "href")
	got := runTab(tb, "download the PDF", chromedp.Evaluate[string](fmt.Sprintf(
		`fetch(%q).then(r => r.arrayBuffer().then(b => r.status + " " + r.headers.get("content-type") + " " + new TextDecoder().decode(b.slice(0, 5))))`, href),
		chromedp.EvalAwaitPromise))
	if got != "200 application/pdf %PDF-" {
		t.Errorf("PDF download: %q", got)
	}
}
