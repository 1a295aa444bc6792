package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestCancelAsksFirst: the schedule's cancel button opens a confirmation
// page (no JavaScript needed); a post without confirm=yes changes nothing,
// "keep it" leaves the visit, and only the confirmation cancels.
func TestCancelAsksFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		schedInstaller(t, p, "fitter@bank.example")
		m, appID := schedMerchant(t, p, "shop1@example.com")
		other, _ := schedMerchant(t, p, "shop2@example.com")
		m.browser()
		var slots struct {
			Slots []struct{ Start time.Time } `json:"slots"`
		}
		m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
		var booked struct{ ID int64 }
		m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": slots.Slots[0].Start}).
			wantStatus(t, http.StatusCreated).decode(t, &booked)
		confirm := fmt.Sprintf("/applications/%d/appointments/%d/cancel", appID, booked.ID)
		status := func() string {
			var ap struct{ Status string }
			m.get(fmt.Sprintf("/api/v1/appointments/%d", booked.ID)).wantStatus(t, http.StatusOK).decode(t, &ap)
			return ap.Status
		}

		schedule := m.get(fmt.Sprintf("/applications/%d/schedule", appID)).wantStatus(t, http.StatusOK)
		wantBody(t, schedule, `href="`+confirm+`" data-testid="cancel-appointment"`)
		if strings.Contains(schedule.body, `action="`+confirm+`"`) {
			t.Error("the schedule still cancels in one click")
		}
		page := m.get(confirm).wantStatus(t, http.StatusOK)
		wantBody(t, page, "确定取消", `name="confirm" value="yes"`, `data-testid="keep-appointment"`, "上门安装")
		other.browser().get(confirm).wantStatus(t, http.StatusNotFound)

		r := m.postForm(confirm, nil).wantStatus(t, http.StatusSeeOther)
		if r.Header.Get("Location") != confirm || status() != "booked" {
			t.Fatalf("an unconfirmed post went to %q, status %s", r.Header.Get("Location"), status())
		}
		m.postForm(confirm, url.Values{"confirm": {"yes"}}).wantStatus(t, http.StatusSeeOther)
		if s := status(); s != "cancelled" {
			t.Fatalf("after confirming: %s", s)
		}
	})
}
