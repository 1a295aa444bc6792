package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"posportal/internal/pdf"
	"posportal/onboarding"
	"posportal/scheduling"
)

// A merchant with a booked installation presses 取消 on the schedule: a
// confirmation page (axe-clean, fitting 390 px, screenshots under
// PORTAL_SCREENSHOT_DIR) asks first; "keep it" leaves the visit booked,
// and only the confirmation cancels it.
func TestCancellingAVisitAsksFirst(t *testing.T) {
	p := startInstallPortal(t)
	ctx := context.Background()
	m, err := p.auth.UserByEmail(ctx, "merchant@demo.local")
	if err != nil {
		t.Fatal(err)
	}
	apps, err := p.onb.List(ctx, m, onboarding.ListFilter{Status: onboarding.Approved})
	if err != nil || len(apps) == 0 {
		t.Fatalf("approved demo application: %v %v", apps, err)
	}
	a := apps[0]
	plans, err := p.cat.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var req onboarding.ContractRequest
	for _, pl := range plans {
		if len(pl.TerminalPrices) > 0 {
			req = onboarding.ContractRequest{FeePlanID: pl.ID, Terminals: []onboarding.ContractTerminal{{ModelID: pl.TerminalPrices[0].ModelID, Quantity: 1, Acquisition: "purchase"}}}
			break
		}
	}
	contracts := onboarding.NewContracts(p.onb, p.cat, pdf.Embedded())
	if _, _, err := contracts.Generate(ctx, m, a.ID, req, "zh-CN", "e2e"); err != nil {
		t.Fatal(err)
	}
	if _, err := contracts.Sign(ctx, m, a.ID, a.LegalRepName, true, "e2e", "e2e"); err != nil {
		t.Fatal(err)
	}
	slots, err := p.sched.Slots(ctx, m, a.ID, scheduling.Installation, time.Now(), 14)
	if err != nil || len(slots) == 0 {
		t.Fatalf("slots: %d %v", len(slots), err)
	}
	ap, err := p.sched.Book(ctx, m, a.ID, scheduling.Installation, slots[len(slots)/2].Start, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	schedule := fmt.Sprintf("%s/applications/%d/schedule", p.URL, a.ID)

	tb := newTab(t, langChinese)
	tb.login(p.URL, "merchant@demo.local")
	wantStatus(t, tb.open(schedule), http.StatusOK)
	wantStatus(t, tb.click(testID("cancel-appointment")), http.StatusOK)
	confirm := fmt.Sprintf("/applications/%d/appointments/%d/cancel", a.ID, ap.ID)
	if got := tb.location(); got != confirm {
		t.Fatalf("the cancel button went to %s, want the confirmation %s", got, confirm)
	}
	tb.wantTextContains(testID("cancel-confirm"), "确定取消", "上门安装")
	tb.checkPage("schedule-cancel", p.URL+confirm, "zh-CN", 1)

	wantStatus(t, tb.click(testID("keep-appointment")), http.StatusOK)
	tb.wantTextContains(testID("appointments"), "已预约")

	wantStatus(t, tb.open(p.URL+confirm), http.StatusOK)
	wantStatus(t, tb.click(testID("confirm-cancel")), http.StatusOK)
	tb.wantTextContains("body", "预约已取消")
	got, err := p.sched.Appointment(ctx, m, ap.ID)
	if err != nil || got.Status != scheduling.StatusCancelled {
		t.Fatalf("after confirming: %+v %v", got.Status, err)
	}
}
