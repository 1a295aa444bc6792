package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
	"github.com/chromedp/chromedp"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/pdf"
	"posportal/internal/secret"
	"posportal/internal/web"
	"posportal/onboarding"
)

// startCatalogPortal serves the public catalog and fee calculator on a
// fresh database with the sample catalog, and the CJK font when there is
// one (a missing font only changes the PDF, not the journey).
func startCatalogPortal(t *testing.T) string {
	t.Helper()
	d := dbtest.SQLite(t)
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(d, nil)
	if err := demo.SeedCatalog(context.Background(), cat); err != nil {
		t.Fatal(err)
	}
	var font *pdf.Font
	if path, ok := pdf.FindFont(""); ok {
		font, _ = pdf.LoadFont(path)
	}
	s, err := web.New(web.Deps{
		Config: config.Config{Env: "development"}, DB: d, Auth: a, Catalog: cat, PDFFont: font,
		Onboarding: onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil),
		Log:        slog.New(slog.NewTextHandler(catalogTestLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL
}

type catalogTestLog struct{ t *testing.T }

func (w catalogTestLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
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
