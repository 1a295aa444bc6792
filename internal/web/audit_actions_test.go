package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"posportal/internal/audit"
	"posportal/internal/i18n"
)

// TestEveryAuditActionIsNamed: every action a package declares has a name
// in both languages, so the admin dashboard never shows a raw code such as
// scheduling.appointment.book.
func TestEveryAuditActionIsNamed(t *testing.T) {
	all := audit.Registered()
	for _, want := range []string{"login", "application.submit", "application.request_info", "scheduling.appointment.book",
		"scheduling.appointment.reschedule", "scheduling.appointment.cancel", "scheduling.appointment.complete",
		"scheduling.feed.rotate", "support.ticket.assign", "catalog.plan.update", "calendar.set_day"} {
		if !slices.Contains(all, want) {
			t.Errorf("%q is not declared; declared: %v", want, all)
		}
	}
	for _, a := range all {
		for _, l := range i18n.Langs {
			if !i18n.Has(l, "audit.action."+a) {
				t.Errorf("audit action %q has no %s name", a, l)
			}
		}
	}
}

// TestDashboardNamesSchedulingActions walks a booking, a reschedule and a
// cancellation and reads the admin dashboard in both languages: each
// event has its name, none its code.
func TestDashboardNamesSchedulingActions(t *testing.T) {
	p := newTestPortal(t, nil)
	inst := schedInstaller(t, p, "fitter@bank.example")
	m, appID := schedMerchant(t, p, "shop1@example.com")
	admin := p.signIn(t, "admin", "boss@bank.example").browser()
	inst.browser().postForm("/installer/calendar-token", nil).wantStatus(t, http.StatusOK)
	var slots struct {
		Slots []struct{ Start time.Time } `json:"slots"`
	}
	m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
	var booked struct{ ID int64 }
	m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": slots.Slots[0].Start}).
		wantStatus(t, http.StatusCreated).decode(t, &booked)
	m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/reschedule", booked.ID), map[string]any{"start": slots.Slots[0].Start.Add(24 * time.Hour)}).
		wantStatus(t, http.StatusOK)
	m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/cancel", booked.ID), nil).wantStatus(t, http.StatusOK)
	for lang, want := range map[string][]string{"zh-CN": {"预约上门", "改期", "取消上门预约", "更换日历订阅链接"},
		"en": {"Booked a visit", "Rescheduled a visit", "Cancelled a visit", "Renewed the calendar feed link"}} {
		admin.postForm("/lang", url.Values{"lang": {lang}}).wantStatus(t, http.StatusSeeOther)
		page := admin.get("/dashboard").wantStatus(t, http.StatusOK)
		wantBody(t, page, want...)
		for _, code := range []string{"scheduling.appointment.book", "scheduling.appointment.reschedule", "scheduling.appointment.cancel", "scheduling.feed.rotate"} {
			if strings.Contains(page.body, code) {
				t.Errorf("%s dashboard shows the raw code %s", lang, code)
			}
		}
	}
}
