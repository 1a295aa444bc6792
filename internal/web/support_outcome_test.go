package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestSessionCardShowsTheOutcome: once the merchant answered "not solved",
// the diagnosis card names the ticket (number, linked) instead of still
// asking "问题解决了吗?" with no buttons; once solved, it says so.
func TestSessionCardShowsTheOutcome(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		w.c.browser()
		walk := func() string {
			r := w.c.postForm("/devices/"+strconv.FormatInt(w.device.ID, 10)+"/troubleshoot", nil).wantStatus(t, http.StatusSeeOther)
			session := r.Header.Get("Location")
			for _, step := range []url.Values{
				{"node": {"q.start"}, "option": {"no_power"}},
				{"node": {"q.power_charge"}, "option": {"nothing"}},
				{"node": {"q.power_reseat"}, "option": {"still_dead"}},
			} {
				w.c.postForm(session+"/answer", step).wantStatus(t, http.StatusSeeOther)
			}
			wantBody(t, w.c.get(session).wantStatus(t, http.StatusOK), "问题解决了吗", "resolved-no")
			return session
		}
		session := walk()
		w.c.postForm(session+"/outcome", url.Values{"resolved": {"no"}}).wantStatus(t, http.StatusSeeOther)
		done := w.c.get(session).wantStatus(t, http.StatusOK)
		wantBody(t, done, `data-testid="ticket-link">T-000001</a>`, `href="/tickets/1"`, "问题未解决")
		if strings.Contains(done.body, "解决了吗") || strings.Contains(done.body, "resolved-no") {
			t.Errorf("escalated card still asks: %s", done.body)
		}

		session = walk()
		w.c.postForm(session+"/outcome", url.Values{"resolved": {"yes"}}).wantStatus(t, http.StatusSeeOther)
		done = w.c.get(session).wantStatus(t, http.StatusOK)
		wantBody(t, done, `data-testid="session-outcome"`)
		if strings.Contains(done.body, "解决了吗") {
			t.Errorf("resolved card still asks")
		}
	})
}

// TestStaffDevicesTitle: the device registry is not "my devices" to staff.
func TestStaffDevicesTitle(t *testing.T) {
	w := newSupportWorld(t, nil)
	wantBody(t, w.c.browser().get("/devices").wantStatus(t, http.StatusOK), "<h1>我的设备</h1>")
	a := w.admin.browser()
	page := a.get("/devices").wantStatus(t, http.StatusOK)
	wantBody(t, page, "<h1>设备登记</h1>", "<title>设备登记")
	if strings.Contains(page.body, "我的设备") {
		t.Error("admin devices page says 我的设备")
	}
	a.postForm("/lang", url.Values{"lang": {"en"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, a.get("/devices").wantStatus(t, http.StatusOK), "<h1>Device registry</h1>")
}
