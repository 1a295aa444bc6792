package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"posportal/internal/demo"
)

// startSupportPortal serves the portal with the full demo data, as
// `portal serve --demo` does.
func startSupportPortal(t *testing.T) string {
	t.Helper()
	return newPortal(t, func(p *portal) {
		if _, err := demo.Seed(context.Background(), p.services()); err != nil {
			t.Fatal(err)
		}
	}).URL
}

func (tb *tab) login(base, email string) {
	tb.t.Helper()
	wantStatus(tb.t, tb.open(base+"/login"), http.StatusOK)
	tb.fill("email", email)
	tb.fill("password", demo.Password)
	wantStatus(tb.t, tb.click(`form[action="/login"] button[type="submit"]`), http.StatusOK)
	tb.wantLocation("/dashboard")
}

// A merchant whose printer stopped after an upgrade walks the flow in
// Chinese, one question per page, does not resolve it, gets a ticket
// holding the answers and downloads the diagnosis report; an admin
// assigns it to an installer, who books an on-site repair visit that then
// shows on the ticket and in their agenda.
func TestMerchantTroubleshootsPrinterToTicket(t *testing.T) {
	base := startSupportPortal(t)
	m := newTab(t, langChinese)
	m.login(base, "merchant@demo.local")
	m.wantTextContains(testID("support-notices"), "HJ-T80")

	m.followLink("我的设备")
	m.wantText("h1", "我的设备")
	m.wantTextContains(testID("devices-table"), "HJT80-DEMO-0001", "XCW6-DEMO-0002", "YTS1-DEMO-0003")

	// The device on a paused release shows what the portal knows first.
	wantStatus(t, m.submit(testID("troubleshoot-XCW6-DEMO-0002")), http.StatusOK)
	m.wantTextContains(testID("context"), "4.0.0", "已暂停推送")
	m.wantTextContains(testID("diagnosis"), "新版本")

	// The printer terminal: no known cause, so the questions start.
	m.open(base + "/devices")
	wantStatus(t, m.submit(testID("troubleshoot-HJT80-DEMO-0001")), http.StatusOK)
	for _, option := range []string{"main_screen_problem", "peripheral", "printer", "test_fails", "only_this"} {
		m.check(`[data-testid="option-` + option + `"]`)
		wantStatus(t, m.submit(testID("answer")), http.StatusOK)
	}
	m.wantTextContains(testID("diagnosis"), "硬件", "上门维修")
	m.screenshot("support-diagnosis.png")
	wantStatus(t, m.click(testID("resolved-no")), http.StatusOK)
	m.wantTextContains(testID("ticket-opened"), "已根据您的回答创建工单")
	// The card now shows the outcome, not the question: checked (axe, 390 px,
	// screenshots) as the main pages are.
	m.checkPage("support-session-escalated", base+m.location(), "zh-CN", 1)
	href := m.attr(testID("report-pdf"), "href")
	if href == "" {
		t.Fatal("no report link")
	}
	got := runTab(m, "download the report", chromedp.Evaluate[string](fmt.Sprintf(
		`fetch(%q).then(r => r.arrayBuffer().then(b => r.status + " " + r.headers.get("content-type") + " " + new TextDecoder().decode(b.slice(0, 5))))`, href),
		chromedp.EvalAwaitPromise))
	if got != "200 application/pdf %PDF-" {
		t.Fatalf("report download: %q", got)
	}
	// The card names the new ticket (other demo tickets exist, so its
	// number is read, not assumed) and links to it.
	number := m.text(testID("ticket-link"))
	m.followLink(number)
	ticketURL := m.location()
	if shown := strings.TrimPrefix(m.text(testID("ticket-number")), "工单 "); !strings.HasPrefix(ticketURL, "/tickets/") ||
		!strings.HasPrefix(number, "T-") || shown != number {
		t.Fatalf("ticket page %s shows number %q, the card %q", ticketURL, shown, number)
	}
	m.wantTextContains("main", "打印机")

	a := newTab(t, langChinese)
	a.login(base, "admin@demo.local")
	wantStatus(t, a.open(base+ticketURL), http.StatusOK)
	if !runTab(a, "choose installer@demo.local", chromedp.Evaluate[bool](`(() => { const s = document.getElementById("installer_id");
		for (const o of s.options) { if (o.text.includes("installer@demo.local")) { s.value = o.value; return true } } return false })()`)) {
		t.Fatal("installer@demo.local is not offered")
	}
	wantStatus(t, a.click(testID("assign-installer")), http.StatusOK)
	a.wantText(testID("ticket-status"), "已分派")
	a.wantTextContains("main", "陈师傅", "尚未预约上门维修")

	i := newTab(t, langChinese)
	i.login(base, "installer@demo.local")
	i.followLink("工单")
	i.wantTextContains(testID("tickets-table"), number, "HJT80-DEMO-0001")
	wantStatus(t, i.open(base+ticketURL), http.StatusOK)

	// The installer books the repair visit at the shop: the days with free
	// times, then a time of the first day.
	wantStatus(t, i.click(testID("book-repair")), http.StatusOK)
	i.wantText("h1", "为工单 "+number+" 预约上门维修")
	i.wantTextContains("main", "由 陈师傅 上门检修终端 HJT80-DEMO-0001")
	day := i.attr(`.sched-day.is-selected`, "href")
	day = day[strings.Index(day, "day=")+len("day="):]
	clock := strings.TrimSpace(strings.Split(i.text(`[data-testid="repair-times"] button`), "–")[0])
	i.screenshot("support-repair-booking.png")
	wantStatus(t, i.click(`[data-testid="repair-times"] button`), http.StatusOK)
	i.wantLocation(ticketURL)
	i.wantText(testID("ticket-status"), "处理中")
	i.wantTextContains(testID("repair-visits"), clock, "陈师傅", "示例便利店", "已预约")
	i.screenshot("support-ticket-repair-visit.png")

	// The visit is in the installer's agenda for that day.
	wantStatus(t, i.open(base+"/installer/agenda?view=day&date="+day), http.StatusOK)
	i.wantTextContains(testID("agenda"), clock, "上门维修", "示例便利店")

	// The merchant sees the booked visit on their ticket.
	wantStatus(t, m.open(base+ticketURL), http.StatusOK)
	m.wantTextContains(testID("repair-visits"), clock, "陈师傅")
}
