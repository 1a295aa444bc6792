package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"posportal/internal/shanghai"
)

func TestTrainingPages(t *testing.T) {
	p := newTestPortal(t, nil)
	inst := schedInstaller(t, p, "trainer@bank.example")
	inst = inst.browser()
	admin := p.client(t).browser()
	admin.json("POST", "/api/v1/session", map[string]string{"email": "admin-trainer@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	m, appID := schedMerchant(t, p, "shop-training@example.com")
	m = m.browser()
	ctx := context.Background()
	trainer, _ := p.auth.UserByEmail(ctx, "trainer@bank.example")

	// A refused form is re-rendered with the field's message.
	start := time.Now().In(shanghai.Location).Add(48 * time.Hour)
	form := url.Values{"mode": {"online"}, "place": {"zoom"}, "day": {start.Format("2006-01-02")}, "time": {"14:00"},
		"minutes": {"90"}, "capacity": {"2"}, "trainer_user_id": {fmt.Sprint(trainer.ID)}}
	wantBody(t, admin.postForm("/training", form).wantStatus(t, http.StatusUnprocessableEntity), "https://")
	form.Set("place", "https://meet.example.com/pos")
	admin.postForm("/training", form).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get("/training").wantStatus(t, http.StatusOK), "0 / 2", trainer.Name)

	// Before installation the merchant is told to wait; once installed, books.
	wantBody(t, m.get(fmt.Sprintf("/applications/%d/training", appID)).wantStatus(t, http.StatusOK), "终端安装完成后即可报名培训")
	if _, err := p.db.Exec(ctx, `UPDATE applications SET status = 'installed' WHERE id = ?`, appID); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Sessions []struct {
			ID int64 `json:"id"`
		} `json:"sessions"`
	}
	m.get("/api/v1/training-sessions").wantStatus(t, http.StatusOK).decode(t, &list)
	if len(list.Sessions) != 1 {
		t.Fatalf("sessions %+v", list)
	}
	sid := fmt.Sprint(list.Sessions[0].ID)
	wantBody(t, m.get(fmt.Sprintf("/applications/%d/training", appID)).wantStatus(t, http.StatusOK), "剩余 2 / 2")
	m.postForm(fmt.Sprintf("/applications/%d/training", appID), url.Values{"session_id": {sid}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, m.get(fmt.Sprintf("/applications/%d/training", appID)).wantStatus(t, http.StatusOK), "您已报名的培训", "已报名")
	wantBody(t, m.postForm(fmt.Sprintf("/applications/%d/training", appID), url.Values{"session_id": {sid}}).wantStatus(t, http.StatusConflict),
		"这个申请已经报名了培训")
	m.get("/training").wantStatus(t, http.StatusForbidden)

	// The trainer sees their session and its roster (no form to create
	// one); attendance waits for the start.
	res := inst.get("/training").wantStatus(t, http.StatusOK)
	wantBody(t, res, "1 / 2")
	if strings.Contains(res.body, `action="/training"`) {
		t.Fatal("an installer is offered the form to create sessions")
	}
	wantBody(t, inst.get("/training/"+sid).wantStatus(t, http.StatusOK), "商户shop-training@example.com", "标记已参加")
	var seatID int64
	if err := p.db.Get(ctx, &seatID, `SELECT id FROM sched_training_seats WHERE application_id = ?`, appID); err != nil {
		t.Fatal(err)
	}
	inst.postForm(fmt.Sprintf("/training/seats/%d/attend", seatID), nil).wantStatus(t, http.StatusConflict)
	began, _ := time.ParseInLocation("2006-01-02 15:04", start.Format("2006-01-02")+" 14:10", shanghai.Location)
	p.srv.Scheduling = p.srv.Scheduling.WithClock(func() time.Time { return began })
	inst.postForm(fmt.Sprintf("/training/seats/%d/attend", seatID), nil).wantStatus(t, http.StatusSeeOther)
	var app struct{ Status string }
	m.get(fmt.Sprintf("/api/v1/applications/%d", appID)).wantStatus(t, http.StatusOK).decode(t, &app)
	if app.Status != "active" {
		t.Fatalf("application %s after training, want active", app.Status)
	}
}
