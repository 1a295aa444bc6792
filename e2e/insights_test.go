package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// The bank's admin opens the operations view of the demo from the
// navigation, in Chinese: the funnel, stage durations, tickets per release
// (the suspect release first and marked) and the weekly trend are drawn,
// each with its table; the operations report downloads as a PDF; in
// English the same page reads in English.
func TestAdminReadsOperationsInsight(t *testing.T) {
	base := startSupportPortal(t)
	tb := newTab(t, langChinese)
	tb.login(base, "admin@demo.local")

	wantStatus(t, tb.followLink("运营洞察"), http.StatusOK)
	tb.wantLocation("/admin/insights")
	tb.wantText("h1", "运营洞察")
	for _, chart := range []string{"chart-funnel", "chart-durations", "chart-releases", "chart-weekly"} {
		tb.do("see "+chart, chromedp.WaitVisible(chromedp.CSS(`svg[data-chart="`+chart+`"][role="img"]`)))
	}
	if n := tb.count(`svg[data-chart="chart-funnel"] rect.chart-bar`); n != 6 {
		t.Errorf("the funnel chart has %d bars, want 6 stages", n)
	}
	tb.wantTextContains(testID("funnel-table"), "已提交", "已批准", "已上线")
	tb.wantTextContains(testID("releases-table"), "XC-W6", "4.0.0", "已标记为可疑")
	if first := tb.textXPath(`//table[@data-testid="releases-table"]/tbody/tr[1]/th`); first != "XC-W6" {
		t.Errorf("the worst release row is %q, want XC-W6", first)
	}
	if n := tb.count(`svg[data-chart="chart-releases"] rect.chart-bar-alert`); n != 1 {
		t.Errorf("%d alert bars in tickets per release, want the suspect release's one", n)
	}
	tb.wantTextContains(testID("weekly-table"), "2")
	tb.screenshot("admin-insights-zh.png")

	// The report the page offers downloads as a PDF with this session.
	href := tb.attr(testID("insights-pdf"), "href")
	got := runTab(tb, "download the report", chromedp.Evaluate[string](fmt.Sprintf(
		`fetch(%q).then(r => r.arrayBuffer().then(b => r.status + " " + r.headers.get("content-type") + " " + new TextDecoder().decode(b.slice(0, 5))))`, href),
		chromedp.EvalAwaitPromise))
	if got != "200 application/pdf %PDF-" {
		t.Errorf("the report link answers %q, want 200 application/pdf", got)
	}

	wantStatus(t, tb.click(testID("lang-switch")), http.StatusOK)
	tb.wantText("h1", "Operations insight")
	tb.wantTextContains(testID("funnel-table"), "Submitted", "Approved", "Live")
	tb.do("see the weekly chart", chromedp.WaitVisible(chromedp.CSS(`svg[data-chart="chart-weekly"]`)))
	title := runTab(tb, "read the chart title", chromedp.Evaluate[string](`document.getElementById("chart-releases-title").textContent`))
	if title != "Tickets per 100 devices within 72 h of the upgrade" {
		t.Errorf("the releases chart's title reads %q", title)
	}
	tb.screenshot("admin-insights-en.png")
}
