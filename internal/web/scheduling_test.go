package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
)

var pudongDistrict = scheduling.District{Province: "上海市", City: "上海市", District: "浦东新区"}

// schedMerchant registers a merchant through the API and gives them an
// application in contract_signed (approval stored directly; the contract
// step fires EvSignContract until the contract issue's signing replaces it).
func schedMerchant(t *testing.T, p *testPortal, email string) (*client, int64) {
	t.Helper()
	c := p.client(t)
	c.json("POST", "/api/v1/register", map[string]string{"email": email, "password": "correct horse 1", "name": "商户" + email, "phone": "13812345678"}).
		wantStatus(t, http.StatusCreated)
	ctx := context.Background()
	u, err := p.auth.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	now := time.Now().UTC()
	if err := p.db.Get(ctx, &id, `INSERT INTO applications (merchant_id, status, shop_name, province, city, district, address,
		terminal_count, created_at, updated_at) VALUES (?, 'approved', '示例小店', '上海市', '上海市', '浦东新区', '世纪大道100号', 2, ?, ?) RETURNING id`,
		u.ID, now, now); err != nil {
		t.Fatal(err)
	}
	err = p.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := p.srv.Onboarding.FireInTx(ctx, tx, id, onboarding.EvSignContract, u, "ip")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c, id
}

// schedInstaller creates an installer account serving 浦东新区 every day
// 09:00–18:00 and returns a signed-in client.
func schedInstaller(t *testing.T, p *testPortal, email string) *client {
	t.Helper()
	ctx := context.Background()
	p.createUser(t, auth.Installer, email)
	p.createUser(t, auth.Admin, "admin-"+email)
	inst, _ := p.auth.UserByEmail(ctx, email)
	admin, _ := p.auth.UserByEmail(ctx, "admin-"+email)
	prof, err := p.srv.Scheduling.SaveInstaller(ctx, admin, scheduling.InstallerInput{UserID: inst.ID, DailyCap: 6, Active: true,
		Districts: []scheduling.District{pudongDistrict}}, "ip")
	if err != nil {
		t.Fatal(err)
	}
	var hours []scheduling.Hours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, scheduling.Hours{Weekday: d, Start: 9 * 60, End: 18 * 60})
	}
	if _, err := p.srv.Scheduling.SetAvailability(ctx, admin, prof.ID, hours, nil, "ip"); err != nil {
		t.Fatal(err)
	}
	c := p.client(t)
	c.json("POST", "/api/v1/session", map[string]string{"email": email, "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	return c
}

func TestSchedulingAPI(t *testing.T) {
	p := newTestPortal(t, nil)
	inst := schedInstaller(t, p, "fitter@bank.example")
	m, appID := schedMerchant(t, p, "shop1@example.com")
	other, otherApp := schedMerchant(t, p, "shop2@example.com")

	var slots struct {
		Slots []struct{ Start, End time.Time } `json:"slots"`
	}
	m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation&days=14", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
	if len(slots.Slots) == 0 || slots.Slots[0].End.Sub(slots.Slots[0].Start) != 80*time.Minute {
		t.Fatalf("slots %+v", slots.Slots)
	}
	first := slots.Slots[0].Start
	if first.Before(time.Now().Add(24 * time.Hour)) {
		t.Fatalf("first slot %v is less than 24 h ahead", first)
	}

	// Another merchant's application is 404, for slots and booking.
	other.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation", appID)).wantStatus(t, http.StatusNotFound)
	other.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": first}).
		wantStatus(t, http.StatusNotFound)
	// Unknown fields and kinds are refused.
	m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": first, "x": 1}).
		wantStatus(t, http.StatusBadRequest)
	m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "party", "start": first}).
		wantStatus(t, http.StatusUnprocessableEntity)

	var booked struct {
		ID        int64     `json:"id"`
		Kind      string    `json:"kind"`
		Start     time.Time `json:"start"`
		End       time.Time `json:"end"`
		Status    string    `json:"status"`
		Installer struct {
			Name string `json:"name"`
		} `json:"installer"`
	}
	res := m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": first}).
		wantStatus(t, http.StatusCreated)
	res.decode(t, &booked)
	if booked.ID == 0 || booked.Kind != "installation" || !booked.Start.Equal(first) || booked.Status != "booked" || booked.Installer.Name == "" {
		t.Fatalf("booking %s", res.body)
	}
	if strings.Contains(res.body, "installer_id") || strings.Contains(res.body, "email") {
		t.Fatalf("booking leaks installer internals: %s", res.body)
	}
	var app struct{ Status string }
	m.get(fmt.Sprintf("/api/v1/applications/%d", appID)).wantStatus(t, http.StatusOK).decode(t, &app)
	if app.Status != "installation_scheduled" {
		t.Fatalf("application status %s", app.Status)
	}

	// The same slot for another merchant: 409 with a fresh slot list.
	res = other.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", otherApp), map[string]any{"kind": "installation", "start": first}).
		wantStatus(t, http.StatusConflict)
	var conflict struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Slots   []struct{ Start time.Time }
		} `json:"error"`
	}
	res.decode(t, &conflict)
	if conflict.Error.Code != "conflict" || conflict.Error.Message == "" || len(conflict.Error.Slots) == 0 {
		t.Fatalf("409 body %s", res.body)
	}
	for _, s := range conflict.Error.Slots {
		if s.Start.Equal(first) {
			t.Fatal("409 offers the taken slot again")
		}
	}

	// Another merchant cannot cancel it; the installer sees it; roles hold.
	other.json("POST", fmt.Sprintf("/api/v1/appointments/%d/cancel", booked.ID), nil).wantStatus(t, http.StatusNotFound)
	var agenda struct {
		Appointments []struct {
			ID       int64  `json:"id"`
			ShopName string `json:"shop_name"`
		} `json:"appointments"`
	}
	inst.get("/api/v1/installers/me/appointments?from="+first.In(shanghai.Location).Format(time.DateOnly)+"&days=1").wantStatus(t, http.StatusOK).decode(t, &agenda)
	if len(agenda.Appointments) != 1 || agenda.Appointments[0].ID != booked.ID || agenda.Appointments[0].ShopName == "" {
		t.Fatalf("installer agenda %+v", agenda)
	}
	m.get("/api/v1/installers/me/appointments").wantStatus(t, http.StatusForbidden)
	inst.get(fmt.Sprintf("/api/v1/applications/%d/slots", appID)).wantStatus(t, http.StatusForbidden)
	inst.json("POST", fmt.Sprintf("/api/v1/appointments/%d/cancel", booked.ID), nil).wantStatus(t, http.StatusForbidden)
	p.client(t).get(fmt.Sprintf("/api/v1/applications/%d/slots", appID)).wantStatus(t, http.StatusUnauthorized)

	// Reschedule, then cancel: the application returns to contract_signed.
	next := first.Add(24 * time.Hour)
	var moved struct {
		ID    int64     `json:"id"`
		Start time.Time `json:"start"`
	}
	m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/reschedule", booked.ID), map[string]any{"start": next}).wantStatus(t, http.StatusOK).decode(t, &moved)
	if !moved.Start.Equal(next) {
		t.Fatalf("moved to %v, want %v", moved.Start, next)
	}
	m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/cancel", moved.ID), nil).wantStatus(t, http.StatusOK)
	m.get(fmt.Sprintf("/api/v1/applications/%d", appID)).wantStatus(t, http.StatusOK).decode(t, &app)
	if app.Status != "contract_signed" {
		t.Fatalf("after cancel: %s", app.Status)
	}
}

func TestSchedulingMerchantPages(t *testing.T) {
	p := newTestPortal(t, nil)
	schedInstaller(t, p, "fitter@bank.example")
	m, appID := schedMerchant(t, p, "shop1@example.com")
	m.browser()
	page := m.get(fmt.Sprintf("/applications/%d/schedule", appID)).wantStatus(t, http.StatusOK)
	wantBody(t, page, `data-testid="days"`, `name="start"`)
	i := strings.Index(page.body, `name="start" value="`)
	start := page.body[i+len(`name="start" value="`):]
	start = start[:strings.Index(start, `"`)]
	m.postForm(fmt.Sprintf("/applications/%d/schedule", appID), url.Values{"kind": {"installation"}, "start": {start}}).
		wantStatus(t, http.StatusSeeOther)
	over := m.get(fmt.Sprintf("/applications/%d", appID)).wantStatus(t, http.StatusOK)
	wantBody(t, over, `data-testid="appointment-summary"`, "上门安装")
	// The same time again is gone: re-rendered with the conflict message.
	res := m.postForm(fmt.Sprintf("/applications/%d/schedule", appID), url.Values{"kind": {"installation"}, "start": {start}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second booking: %d", res.StatusCode)
	}
	// Another merchant's schedule page is 404.
	other, _ := schedMerchant(t, p, "shop2@example.com")
	other.browser().get(fmt.Sprintf("/applications/%d/schedule", appID)).wantStatus(t, http.StatusNotFound)
}

func TestSchedulingStaffPagesAndFeed(t *testing.T) {
	p := newTestPortal(t, nil)
	ctx := context.Background()
	p.createUser(t, auth.Admin, "boss@bank.example")
	p.createUser(t, auth.Installer, "new-fitter@bank.example")
	admin := p.client(t).browser()
	admin.postForm("/login", url.Values{"email": {"boss@bank.example"}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/installers").wantStatus(t, http.StatusOK), "new-fitter@bank.example")
	fitter, _ := p.auth.UserByEmail(ctx, "new-fitter@bank.example")
	// A bad district line re-renders with 422; a good form saves.
	admin.postForm("/admin/installers", url.Values{"user_id": {fmt.Sprint(fitter.ID)}, "districts": {"上海 市 浦东 新区 x"}, "daily_cap": {"6"},
		"time_zone": {"Asia/Shanghai"}, "active": {"on"}}).wantStatus(t, http.StatusUnprocessableEntity)
	admin.postForm("/admin/installers", url.Values{"user_id": {fmt.Sprint(fitter.ID)}, "districts": {"上海市 浦东新区\n上海市 上海市 黄浦区"},
		"daily_cap": {"5"}, "time_zone": {"Asia/Shanghai"}, "active": {"on"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/installers").wantStatus(t, http.StatusOK), "上海市浦东新区", "上海市黄浦区")
	wantBody(t, admin.get("/admin/outbox").wantStatus(t, http.StatusOK), `data-testid="outbox"`)

	// The installer sets their own hours; other roles are kept out.
	inst := p.client(t).browser()
	inst.postForm("/login", url.Values{"email": {"new-fitter@bank.example"}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	form := url.Values{"blocked": {"2099-01-01"}}
	for wd := 0; wd < 7; wd++ {
		form.Set(fmt.Sprintf("start_%d", wd), "09:00")
		form.Set(fmt.Sprintf("end_%d", wd), "18:00")
	}
	bad := url.Values{"start_1": {"18:00"}, "end_1": {"09:00"}}
	inst.postForm("/installer/availability", bad).wantStatus(t, http.StatusUnprocessableEntity)
	inst.postForm("/installer/availability", form).wantStatus(t, http.StatusSeeOther)
	wantBody(t, inst.get("/installer/availability").wantStatus(t, http.StatusOK), `value="09:00"`, "2099-01-01")
	inst.get("/admin/installers").wantStatus(t, http.StatusForbidden)
	admin.get("/installer/agenda").wantStatus(t, http.StatusForbidden)

	// A booking shows in the agenda, the feed and can be completed.
	m, appID := schedMerchant(t, p, "shop1@example.com")
	var slots struct {
		Slots []struct{ Start time.Time } `json:"slots"`
	}
	m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation_with_training", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
	if len(slots.Slots) == 0 {
		t.Fatal("no slots")
	}
	var booked struct{ ID int64 }
	m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation_with_training", "start": slots.Slots[0].Start}).
		wantStatus(t, http.StatusCreated).decode(t, &booked)
	day := slots.Slots[0].Start.In(shanghai.Location).Format(time.DateOnly)
	wantBody(t, inst.get("/installer/agenda?view=day&date="+day).wantStatus(t, http.StatusOK), "示例小店", fmt.Sprintf("/installer/visits/%d", booked.ID))
	wantBody(t, inst.get(fmt.Sprintf("/installer/visits/%d", booked.ID)).wantStatus(t, http.StatusOK), `name="serial_1"`)

	rotated := inst.postForm("/installer/calendar-token", nil).wantStatus(t, http.StatusOK)
	i := strings.Index(rotated.body, "/calendar/")
	j := strings.Index(rotated.body[i:], ".ics")
	feedPath := rotated.body[i : i+j+4]
	feed := p.client(t).get(feedPath).wantStatus(t, http.StatusOK)
	if !strings.HasPrefix(feed.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(feed.body, "BEGIN:VEVENT\r\n") {
		t.Fatalf("feed %s: %.200s", feed.Header.Get("Content-Type"), feed.body)
	}
	p.client(t).get("/calendar/wrong.ics").wantStatus(t, http.StatusNotFound)

	// Completing too early is refused; roles are enforced on the API.
	body := map[string]any{"devices": []map[string]any{{"serial": "SN-1", "model_id": 1, "hardware_revision": "", "firmware_version": ""}},
		"checklist": map[string]bool{"power_on": true, "network_test": true, "test_transaction": true, "receipt_print": true, "merchant_signoff": true}}
	m.json("POST", fmt.Sprintf("/api/v1/appointments/%d/complete", booked.ID), body).wantStatus(t, http.StatusForbidden)
	inst.json("POST", fmt.Sprintf("/api/v1/appointments/%d/complete", booked.ID), body).wantStatus(t, http.StatusConflict)
}

func TestSchedulingMerchantRescheduleAndCancelPages(t *testing.T) {
	p := newTestPortal(t, nil)
	schedInstaller(t, p, "fitter@bank.example")
	m, appID := schedMerchant(t, p, "shop1@example.com")
	m.browser()
	var slots struct {
		Slots []struct{ Start time.Time } `json:"slots"`
	}
	m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
	var booked struct{ ID int64 }
	m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": slots.Slots[0].Start}).
		wantStatus(t, http.StatusCreated).decode(t, &booked)

	// The reschedule page offers times (the booked one among them, as its
	// own visit does not block itself) and moves the visit.
	page := m.get(fmt.Sprintf("/applications/%d/schedule?move=%d", appID, booked.ID)).wantStatus(t, http.StatusOK)
	wantBody(t, page, fmt.Sprintf("/appointments/%d/reschedule", booked.ID), fmt.Sprintf(`value="%d"`, slots.Slots[0].Start.Unix()))
	to := slots.Slots[0].Start.Add(24 * time.Hour)
	m.postForm(fmt.Sprintf("/applications/%d/appointments/%d/reschedule", appID, booked.ID), url.Values{"start": {fmt.Sprint(to.Unix())}}).
		wantStatus(t, http.StatusSeeOther)
	var got struct{ Start time.Time }
	m.get(fmt.Sprintf("/api/v1/appointments/%d", booked.ID)).wantStatus(t, http.StatusOK).decode(t, &got)
	if !got.Start.Equal(to) {
		t.Fatalf("moved to %v, want %v", got.Start, to)
	}
	m.postForm(fmt.Sprintf("/applications/%d/appointments/%d/cancel", appID, booked.ID), url.Values{"confirm": {"yes"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, m.get(fmt.Sprintf("/applications/%d", appID)).wantStatus(t, http.StatusOK), `data-testid="status">`, "schedule-link")
	var app struct{ Status string }
	m.get(fmt.Sprintf("/api/v1/applications/%d", appID)).wantStatus(t, http.StatusOK).decode(t, &app)
	if app.Status != "contract_signed" {
		t.Fatalf("after page cancel: %s", app.Status)
	}
}
