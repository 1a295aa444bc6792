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
	"posportal/internal/shanghai"
)

// TestBookingOutsideWorkingHoursIs422: 03:00 and 23:00 are not "just
// taken" (409, a lost race) but outside the installers' 09:00–18:00, a 422
// on start that names the hours, in both languages, on the API and page.
func TestBookingOutsideWorkingHoursIs422(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		schedInstaller(t, p, "fitter@bank.example")
		m, appID := schedMerchant(t, p, "shop1@example.com")
		l := time.Now().In(shanghai.Location).AddDate(0, 0, 2)
		at := func(h int) time.Time { return time.Date(l.Year(), l.Month(), l.Day(), h, 0, 0, 0, shanghai.Location) }
		book := fmt.Sprintf("/api/v1/applications/%d/appointments", appID)

		for lang, want := range map[string]string{"en": "09:00–18:00", "zh-CN": "当天上门时间为 09:00–18:00"} {
			m.header.Set("Accept-Language", lang)
			for _, h := range []int{3, 23, 17} { // 17:00 + 80 minutes ends after 18:00
				e := m.json("POST", book, map[string]any{"kind": "installation", "start": at(h)}).
					wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
				if !strings.Contains(e.Error.Fields["start"], want) || !strings.Contains(e.Error.Message, "09:00–18:00") {
					t.Errorf("%s %02d:00: %+v", lang, h, e.Error)
				}
			}
		}
		m.header.Set("Accept-Language", "en")
		var booked struct{ ID int64 }
		m.json("POST", book, map[string]any{"kind": "installation", "start": at(10)}).wantStatus(t, http.StatusCreated).decode(t, &booked)

		e := m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/reschedule", booked.ID), map[string]any{"start": at(23)}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if !strings.Contains(e.Error.Fields["start"], "09:00–18:00") {
			t.Errorf("reschedule to 23:00: %+v", e.Error)
		}
		m.browser()
		page := m.postForm(fmt.Sprintf("/applications/%d/appointments/%d/reschedule", appID, booked.ID),
			url.Values{"start": {fmt.Sprint(at(3).Unix())}}).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, page, "Outside working hours", "09:00–18:00", "80 minutes")
	})
}
