package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"posportal/internal/demo"
)

// startInstallPortal is the portal with the demo's accounts, approved
// application, catalog and installers, but no support demo devices:
// support and scheduling stay out of the main seed, so the demo merchant
// is still approved; the installers are seeded after.
func startInstallPortal(t *testing.T) *portal {
	t.Helper()
	return newPortal(t, func(p *portal) {
		ctx := context.Background()
		s := p.services()
		s.Support, s.Scheduling = nil, nil
		if _, err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedScheduling(ctx, p.services()); err != nil {
			t.Fatal(err)
		}
	})
}

// The demo merchant's approved application goes live in a real browser:
// the merchant chooses a terminal and a fee plan, signs the contract and
// books an installation with training; the installer finds the visit in
// their agenda and completes it with two serial numbers; the merchant's
// dashboard then shows the application in use and the two terminals.
func TestInstallationFromContractToActive(t *testing.T) {
	p := startInstallPortal(t)
	ctx := context.Background()
	var appID int64
	if err := p.db.Get(ctx, &appID, `SELECT a.id FROM applications a JOIN users u ON u.id = a.merchant_id
		WHERE u.email = 'merchant@demo.local' AND a.status = 'approved'`); err != nil {
		t.Fatal(err)
	}
	app := fmt.Sprintf("%s/applications/%d", p.URL, appID)

	m := newTab(t, "zh-CN")
	m.login(p.URL, "merchant@demo.local")

	// Contract: one terminal model, two of them bought, the first plan.
	wantStatus(t, m.open(app+"/contract"), http.StatusOK)
	// A model the preselected plan offers (its price list decides).
	var planID int64
	fmt.Sscan(m.value(`#fee_plan_id`), &planID)
	plan, err := p.cat.Plan(ctx, planID)
	if err != nil || len(plan.TerminalPrices) == 0 {
		t.Fatalf("plan %d: %+v, %v", planID, plan, err)
	}
	model := fmt.Sprint(plan.TerminalPrices[0].ModelID)
	m.do("clear quantity", chromedp.SetValue(chromedp.CSS(`input[name="quantity_`+model+`"]`), "", chromedp.NodeVisible))
	m.fillCSS(`input[name="quantity_`+model+`"]`, "2")
	wantStatus(t, m.submit(testID("generate")), http.StatusOK)
	m.wantTextContains(testID("contract"), "¥")
	m.fill("signer_name", "李明")
	m.check(`input[name="consent"]`)
	wantStatus(t, m.submit(testID("sign")), http.StatusOK)
	m.wantTextContains(`body`, "合同已签署", "已签约")

	// Installation with training, at the first time the page offers.
	wantStatus(t, m.open(app+"/schedule?kind=installation_with_training"), http.StatusOK)
	slot := m.attr(`[data-testid="times"] button[name="start"]`, "value")
	wantStatus(t, m.click(`[data-testid="times"] button[name="start"]`), http.StatusOK)
	m.wantTextContains(`body`, "预约成功", "上门安装并培训", "已预约安装")
	var unix int64
	fmt.Sscan(slot, &unix)
	start := time.Unix(unix, 0)
	if time.Until(start) < 24*time.Hour {
		t.Fatalf("booked %v, less than 24 h ahead", start)
	}
	var installer string
	if err := p.db.Get(ctx, &installer, `SELECT u.email FROM sched_appointments a JOIN sched_installers i ON i.id = a.installer_id
		JOIN users u ON u.id = i.user_id WHERE a.application_id = ?`, appID); err != nil {
		t.Fatal(err)
	}

	// On the day, a quarter of an hour into the visit.
	onSite := start.Add(15 * time.Minute)
	p.at.Store(&onSite)
	in := newTab(t, "zh-CN")
	in.login(p.URL, installer)
	wantStatus(t, in.open(p.URL+"/installer/agenda"), http.StatusOK)
	in.wantTextContains(testID("agenda"), "示例便利店")
	wantStatus(t, in.click(`[data-testid="agenda"] a[href^="/installer/visits/"]`), http.StatusOK)
	for i, serial := range []string{"SN-E2E-0001", "SN-E2E-0002"} {
		in.fillCSS(fmt.Sprintf(`input[name="serial_%d"]`, i), serial)
		in.do("choose the model", chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`select[name="model_%d"]`, i)), model))
		in.fillCSS(fmt.Sprintf(`input[name="fw_%d"]`, i), "3.1.0")
	}
	for _, k := range []string{"power_on", "network_test", "test_transaction", "receipt_print", "merchant_signoff"} {
		in.check(`input[name="` + k + `"]`)
	}
	wantStatus(t, in.submit(testID("complete-visit")), http.StatusOK)
	in.wantLocation("/installer/agenda")
	if n := in.count(`[data-testid="record-pdf"]`); n != 1 {
		t.Fatalf("agenda offers %d installation records, want 1", n)
	}

	// The merchant's dashboard: in use, with both terminals.
	wantStatus(t, m.open(p.URL+"/dashboard"), http.StatusOK)
	m.wantTextContains(`main`, "正式使用")
	m.wantTextContains(testID("dashboard-devices"), "SN-E2E-0001", "SN-E2E-0002")
	if n := m.count(`[data-testid="dashboard-device"]`); n != 2 {
		t.Fatalf("dashboard shows %d devices, want 2", n)
	}
	if body := m.text(`main`); strings.Contains(body, "已安装") {
		t.Fatalf("dashboard still says installed: %s", body)
	}
}
