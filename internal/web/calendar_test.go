package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/workcal"
)

func loggedIn(t *testing.T, p *testPortal, role auth.Role, email, lang string) *client {
	t.Helper()
	p.createUser(t, role, email)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", lang)
	c.postForm("/login", url.Values{"email": {email}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	return c
}

func TestAdminEditsTheCalendar(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		c := loggedIn(t, p, auth.Admin, "admin@bank.example", "zh-CN")

		// The built-in 2027 schedule is shown as provisional until confirmed.
		res := c.get("/admin/calendar?year=2027").wantStatus(t, http.StatusOK)
		wantBody(t, res, "工作日历", `href="/admin/calendar?year=2026"`, `aria-current="page">2027 年`,
			`data-testid="provisional-notice"`, "2027 年的安排是暂定的", "确认 2027 年安排",
			"2027-02-05", "春节", "Spring Festival", "周五", "调休上班", "暂定")
		if strings.Contains(c.get("/admin/calendar?year=2026").body, "provisional-notice") {
			t.Error("2026, from the State Council notice, shown as provisional")
		}

		// A weekend "holiday" is refused with the values kept.
		res = c.postForm("/admin/calendar/days", url.Values{"year": {"2026"}, "day": {"2026-12-26"}, "kind": {"holiday"}, "name_zh": {"年终结算"}, "name_en": {"Year-end closing"}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "这一天是周末", `value="2026-12-26"`, `value="年终结算"`)

		c.postForm("/admin/calendar/days", url.Values{"year": {"2026"}, "day": {"2026-12-31"}, "kind": {"holiday"}, "name_zh": {"年终结算"}, "name_en": {"Year-end closing"}}).
			wantStatus(t, http.StatusSeeOther)
		res = c.get("/admin/calendar?year=2026").wantStatus(t, http.StatusOK)
		wantBody(t, res, "日期已保存", "2026-12-31", "年终结算", "Year-end closing", "周四")
		cal, err := p.srv.Calendar.Calendar(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if dec31, _ := workcal.ParseDate("2026-12-31"); cal.IsBusinessDay(dec31) {
			t.Error("the SLA calendar does not know the new holiday")
		}

		// The edit link fills the form with the day's entry.
		wantBody(t, c.get("/admin/calendar?year=2026&edit=2026-10-10").wantStatus(t, http.StatusOK),
			`value="2026-10-10"`, `<option value="workday" selected>`, `value="国庆节"`)

		c.postForm("/admin/calendar/days/2026-12-31/delete", nil).wantStatus(t, http.StatusSeeOther)
		res = c.get("/admin/calendar?year=2026").wantStatus(t, http.StatusOK)
		wantBody(t, res, "日期已删除")
		if strings.Contains(res.body, "年终结算") {
			t.Error("deleted day still listed")
		}
		c.postForm("/admin/calendar/days/2026-12-30/delete", nil).wantStatus(t, http.StatusNotFound)

		c.postForm("/admin/calendar/years/2027/confirm", nil).wantStatus(t, http.StatusSeeOther)
		res = c.get("/admin/calendar?year=2027").wantStatus(t, http.StatusOK)
		wantBody(t, res, "本年度安排已确认")
		if strings.Contains(res.body, "provisional-notice") || strings.Contains(res.body, `cal-provisional-tag`) {
			t.Error("2027 still provisional after confirmation")
		}
	})
}

func TestCalendarPageInEnglish(t *testing.T) {
	p := newTestPortal(t, nil)
	c := loggedIn(t, p, auth.Admin, "admin@bank.example", "en")
	res := c.get("/admin/calendar?year=2027").wantStatus(t, http.StatusOK)
	wantBody(t, res, "Business-day calendar", "The 2027 schedule is provisional", "Confirm the 2027 schedule",
		"Make-up workday", "Day off", "National Day", "国庆节", "Provisional", `href="/admin/calendar"`)
	res = c.postForm("/admin/calendar/days", url.Values{"year": {"2026"}, "day": {"2026-11-23"}, "kind": {"workday"}, "name_zh": {"x"}, "name_en": {"x"}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "This date is a weekday and already a working day")
	c.get("/admin/calendar?year=banana").wantStatus(t, http.StatusBadRequest)
	c.get("/admin/calendar?year=1999").wantStatus(t, http.StatusBadRequest)
}

func TestCalendarIsAdminOnly(t *testing.T) {
	p := newTestPortal(t, nil)
	merchant := p.client(t).browser()
	merchant.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	reviewer := loggedIn(t, p, auth.Reviewer, "reviewer@bank.example", "en")
	for _, c := range []*client{merchant, reviewer} {
		c.get("/admin/calendar").wantStatus(t, http.StatusForbidden)
		c.postForm("/admin/calendar/days", url.Values{"day": {"2026-12-31"}, "kind": {"holiday"}, "name_zh": {"x"}, "name_en": {"x"}}).
			wantStatus(t, http.StatusForbidden)
		c.postForm("/admin/calendar/days/2026-10-01/delete", nil).wantStatus(t, http.StatusForbidden)
		c.postForm("/admin/calendar/years/2027/confirm", nil).wantStatus(t, http.StatusForbidden)
		if strings.Contains(c.get("/dashboard").body, `href="/admin/calendar"`) {
			t.Error("calendar link shown to a non-admin")
		}
	}
	cal, _ := p.srv.Calendar.Calendar(context.Background())
	if oct1, _ := workcal.ParseDate("2026-10-01"); cal.IsBusinessDay(oct1) {
		t.Error("a refused request changed the calendar")
	}
	anon := p.client(t).browser()
	if r := anon.get("/admin/calendar"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous = %d", r.StatusCode)
	}
}
