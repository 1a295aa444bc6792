package e2e

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"posportal/internal/auth"
)

// An administrator, in Chinese, registers the bank's receiver for ticket
// events from the navigation, copies the secret shown once, finds it gone
// on the next visit, and rotates it.
func TestAdminRegistersWebhookEndpoint(t *testing.T) {
	p := startPortal(t)
	p.createStaff(t, auth.Admin, "赵管理", "zhao@bank.example", "admin password 1")
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	defer rcv.Close()
	tb := newTab(t, langChinese)

	wantStatus(t, tb.open(p.URL+"/login"), http.StatusOK)
	tb.fill("email", "zhao@bank.example")
	tb.fill("password", "admin password 1")
	wantStatus(t, tb.click(`form[action="/login"] button[type="submit"]`), http.StatusOK)

	tb.followLink("Webhook")
	tb.wantLocation("/admin/webhooks")
	tb.wantText("h1", "Webhook 推送")
	tb.wantTextContains(testID("webhook-endpoints"), "尚未添加接收地址")

	tb.fill("url", rcv.URL+"/portal-events")
	tb.do("tick ticket.opened", chromedp.Click(chromedp.CSS(`input[name="events"][value="ticket.opened"]`), chromedp.NodeVisible))
	tb.do("tick ticket.status_changed", chromedp.Click(chromedp.CSS(`input[name="events"][value="ticket.status_changed"]`), chromedp.NodeVisible))
	tb.fill("description", "运维工单系统")
	wantStatus(t, tb.click(`form[action="/admin/webhooks"] button[type="submit"]`), http.StatusOK)
	tb.wantTextContains(testID("webhook-secret"), "签名密钥", "只显示这一次")
	secret := tb.text(chromedp.CSS(`[data-testid="webhook-secret"] code`))
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret shown %q", secret)
	}
	tb.screenshot("admin-webhook-created-zh.png")

	// Back to the list, then the endpoint again: the secret is not shown.
	tb.followLink("全部接收地址")
	tb.wantTextContains(testID("webhook-endpoints"), rcv.URL+"/portal-events", "ticket.opened", "运维工单系统")
	tb.do("open the endpoint", chromedp.Click(chromedp.CSS(`[data-testid="webhook-endpoints"] a`), chromedp.NodeVisible))
	tb.wantText(testID("webhook-url"), rcv.URL+"/portal-events")
	if n := tb.count(`[data-testid="webhook-secret"]`); n != 0 {
		t.Fatal("the secret is shown again")
	}
	tb.wantTextContains(testID("webhook-deliveries"), "尚无推送")

	wantStatus(t, tb.click(`form[action$="/rotate"] button`), http.StatusOK)
	tb.wantTextContains(testID("webhook-secret"), "已更换密钥")
	if fresh := tb.text(chromedp.CSS(`[data-testid="webhook-secret"] code`)); fresh == secret || !strings.HasPrefix(fresh, "whsec_") {
		t.Fatalf("rotated secret %q", fresh)
	}
}
