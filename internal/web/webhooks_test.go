package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/webhooks"
)

// hookReceiver is an integrator's endpoint: it keeps every request and,
// if asked, fails the first.
type hookReceiver struct {
	*httptest.Server
	mu        sync.Mutex
	got       []hookRequest
	failFirst bool
}

type hookRequest struct {
	header http.Header
	body   []byte
}

func newHookReceiver(t *testing.T, failFirst bool) *hookReceiver {
	h := &hookReceiver{failFirst: failFirst}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, hookRequest{header: r.Header.Clone(), body: b})
		first := len(h.got) == 1
		h.mu.Unlock()
		if first && h.failFirst {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) requests() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.got...)
}

// deliverUntil runs the portal's delivery worker until the receiver has
// n requests; the test backoff is a millisecond, so each round finds the
// retry due or nearly so.
func deliverUntil(t *testing.T, p *testPortal, h *hookReceiver, n int) {
	t.Helper()
	for range 2000 {
		if _, err := p.srv.Webhooks.DeliverDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(h.requests()) >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("receiver got %d requests, want %d", len(h.requests()), n)
}

func shortBackoff(c *config.Config) {
	c.WebhookBackoff = []time.Duration{time.Millisecond, time.Millisecond}
}

type endpointAnswer struct {
	ID     int64    `json:"id"`
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Secret string   `json:"secret"`
}

// TestWebhooksThroughTheAPI is an integrator's journey on the real server:
// register an endpoint (secret shown once), a merchant submits, the first
// delivery fails and the retry arrives signed with the secret, carrying
// the application exactly as the API shows it; the log, replay, rotation
// and deletion work, and only admins may do any of it.
func TestWebhooksThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d, shortBackoff)
		rcv := newHookReceiver(t, true)
		admin := p.signIn(t, auth.Admin, "admin@bank.example")
		m := newMerchantClient(t, p)

		// Only admins; a signed-out client is 401.
		body := map[string]any{"url": rcv.URL + "/portal", "events": []string{"application.submitted", "application.approved"}, "description": "核心系统"}
		m.json("POST", "/api/v1/webhook-endpoints", body).wantStatus(t, http.StatusForbidden)
		m.json("GET", "/api/v1/webhook-endpoints", nil).wantStatus(t, http.StatusForbidden)
		p.client(t).json("GET", "/api/v1/webhook-endpoints", nil).wantStatus(t, http.StatusUnauthorized)

		// Validation: unknown fields 400, a private address and an unknown event 422.
		admin.json("POST", "/api/v1/webhook-endpoints", map[string]any{"url": rcv.URL, "events": []string{"ticket.opened"}, "secret": "mine"}).
			wantStatus(t, http.StatusBadRequest)
		e := admin.json("POST", "/api/v1/webhook-endpoints", map[string]any{"url": "http://10.0.0.5/hook", "events": []string{"nope"}}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["url"] == "" || e.Error.Fields["events"] == "" {
			t.Fatalf("fields %v", e.Error.Fields)
		}

		var ep endpointAnswer
		admin.json("POST", "/api/v1/webhook-endpoints", body).wantStatus(t, http.StatusCreated).decode(t, &ep)
		if !strings.HasPrefix(ep.Secret, "whsec_") || ep.URL != rcv.URL+"/portal" || len(ep.Events) != 2 {
			t.Fatalf("created %+v", ep)
		}
		list := admin.json("GET", "/api/v1/webhook-endpoints", nil).wantStatus(t, http.StatusOK)
		if strings.Contains(list.body, ep.Secret) || strings.Contains(list.body, `"secret"`) || !strings.Contains(list.body, "核心系统") {
			t.Fatalf("list shows the secret or misses the endpoint: %s", list.body)
		}

		// A real change: the merchant submits; the first delivery fails, the retry arrives.
		appID := submitApplication(t, p, m, "浦东便利店", nil)
		deliverUntil(t, p, rcv, 2)
		got := rcv.requests()
		if string(got[0].body) != string(got[1].body) {
			t.Fatal("the retry's body differs from the first attempt's")
		}
		last := got[1]
		if err := webhooks.Verify(ep.Secret, last.header.Get("Portal-Signature"), last.body, time.Now(), 5*time.Minute); err != nil {
			t.Fatalf("signature: %v", err)
		}
		var event struct {
			ID, Type string
			Data     map[string]any
		}
		if err := json.Unmarshal(last.body, &event); err != nil {
			t.Fatal(err)
		}
		var shown map[string]any
		m.get(fmt.Sprintf("/api/v1/applications/%d", appID)).wantStatus(t, http.StatusOK).decode(t, &shown)
		if event.Type != "application.submitted" || last.header.Get("Portal-Event-Type") != event.Type || last.header.Get("Portal-Event-Id") != event.ID {
			t.Fatalf("event %s %s, headers %v", event.ID, event.Type, last.header)
		}
		a, _ := json.Marshal(event.Data)
		b, _ := json.Marshal(shown)
		if string(a) != string(b) {
			t.Fatalf("event data is not the application as the API shows it:\nevent %s\napi   %s", a, b)
		}
		if strings.Contains(string(last.body), "11010519491231002X") {
			t.Fatal("the event carries the clear resident ID number")
		}

		// The delivery log: one delivery, two attempts.
		var log struct {
			Deliveries []struct {
				ID             int64   `json:"id"`
				EventID        string  `json:"event_id"`
				Type           string  `json:"type"`
				Status         string  `json:"status"`
				Attempts       int     `json:"attempts"`
				LastStatusCode *int    `json:"last_status_code"`
				NextAttemptAt  *string `json:"next_attempt_at"`
				AttemptLog     []struct {
					StatusCode *int `json:"status_code"`
				} `json:"attempt_log"`
			} `json:"deliveries"`
		}
		path := fmt.Sprintf("/api/v1/webhook-endpoints/%d/deliveries", ep.ID)
		m.get(path).wantStatus(t, http.StatusForbidden)
		admin.get(path).wantStatus(t, http.StatusOK).decode(t, &log)
		if len(log.Deliveries) != 1 {
			t.Fatalf("%d deliveries", len(log.Deliveries))
		}
		dl := log.Deliveries[0]
		if dl.EventID != event.ID || dl.Type != "application.submitted" || dl.Status != "delivered" || dl.Attempts != 2 ||
			*dl.LastStatusCode != 200 || dl.NextAttemptAt != nil || len(dl.AttemptLog) != 2 || *dl.AttemptLog[0].StatusCode != 500 {
			t.Fatalf("delivery %+v", dl)
		}

		if m := p.scrape(t); !strings.Contains(m, `portal_webhook_attempts_total{outcome="retry"} 1`) ||
			!strings.Contains(m, `portal_webhook_attempts_total{outcome="delivered"} 1`) {
			t.Errorf("metrics do not count the attempts:\n%s", m)
		}

		// Replay: a new delivery of the same body, now.
		replay := fmt.Sprintf("/api/v1/webhook-deliveries/%d/replay", dl.ID)
		m.json("POST", replay, nil).wantStatus(t, http.StatusForbidden)
		admin.json("POST", replay, nil).wantStatus(t, http.StatusCreated)
		deliverUntil(t, p, rcv, 3)
		if r := rcv.requests()[2]; string(r.body) != string(last.body) {
			t.Fatal("replay sent another body")
		}

		// Rotation: the new secret is shown once and signs what follows.
		var rot endpointAnswer
		m.json("POST", fmt.Sprintf("/api/v1/webhook-endpoints/%d/rotate-secret", ep.ID), nil).wantStatus(t, http.StatusForbidden)
		admin.json("POST", fmt.Sprintf("/api/v1/webhook-endpoints/%d/rotate-secret", ep.ID), nil).wantStatus(t, http.StatusOK).decode(t, &rot)
		if rot.Secret == ep.Secret || !strings.HasPrefix(rot.Secret, "whsec_") {
			t.Fatalf("rotated secret %q", rot.Secret)
		}
		if strings.Contains(admin.get("/api/v1/webhook-endpoints").body, rot.Secret) {
			t.Fatal("list shows the rotated secret")
		}
		admin.json("POST", replay, nil).wantStatus(t, http.StatusCreated)
		deliverUntil(t, p, rcv, 4)
		r := rcv.requests()[3]
		if webhooks.Verify(rot.Secret, r.header.Get("Portal-Signature"), r.body, time.Now(), time.Minute) != nil ||
			webhooks.Verify(ep.Secret, r.header.Get("Portal-Signature"), r.body, time.Now(), time.Minute) == nil {
			t.Fatal("after rotation deliveries are not signed with the new secret alone")
		}

		// Deletion.
		del := fmt.Sprintf("/api/v1/webhook-endpoints/%d", ep.ID)
		m.json("DELETE", del, nil).wantStatus(t, http.StatusForbidden)
		admin.json("DELETE", del, nil).wantStatus(t, http.StatusNoContent)
		admin.json("DELETE", del, nil).wantStatus(t, http.StatusNotFound)
		if l := admin.get("/api/v1/webhook-endpoints").body; strings.Contains(l, rcv.URL) {
			t.Fatalf("deleted endpoint still listed: %s", l)
		}
		admin.json("POST", replay, nil).wantStatus(t, http.StatusConflict)
	})
}

// TestProductionRefusesPrivateWebhookURLs: a production portal answers 422
// for http and for any loopback or private address.
func TestProductionRefusesPrivateWebhookURLs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d, func(c *config.Config) { c.Env = "production" })
		admin := p.signIn(t, auth.Admin, "admin@bank.example")
		for _, u := range []string{"http://127.0.0.1:9000/hook", "https://127.0.0.1/hook", "https://localhost/hook",
			"https://169.254.169.254/latest/meta-data", "https://[fd00::1]/hook", "https://100.64.3.4/hook"} {
			e := admin.json("POST", "/api/v1/webhook-endpoints", map[string]any{"url": u, "events": []string{"ticket.opened"}}).
				wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
			if e.Error.Fields["url"] == "" {
				t.Errorf("%s: %v", u, e.Error.Fields)
			}
		}
		admin.json("POST", "/api/v1/webhook-endpoints", map[string]any{"url": "https://93.184.215.14/hook", "events": []string{"ticket.opened"}}).
			wantStatus(t, http.StatusCreated)
	})
}

// TestAdminWebhookPages: the admin adds an endpoint in the UI and sees the
// secret once, then the log page without it; rotation shows the new one;
// merchants cannot open the pages.
func TestAdminWebhookPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		rcv := newHookReceiver(t, false)
		admin, _ := staffBrowser(t, p, auth.Admin, "admin@bank.example", "管理员", "zh-CN")
		admin.get("/admin/webhooks").wantStatus(t, http.StatusOK)

		bad := admin.postForm("/admin/webhooks", url.Values{"url": {"ftp://x"}, "events": {"ticket.opened"}}).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(bad.body, "ftp://x") || !strings.Contains(bad.body, `value="ticket.opened" checked`) {
			t.Error("the form does not keep what was entered")
		}
		created := admin.postForm("/admin/webhooks", url.Values{"url": {rcv.URL}, "events": {"ticket.opened", "ticket.status_changed"}, "description": {"运维系统"}}).
			wantStatus(t, http.StatusOK)
		secret := between(created.body, `<code>whsec_`, `</code>`)
		if secret == "" || !strings.Contains(created.body, "只显示这一次") {
			t.Fatalf("secret not shown on creation: %s", created.body)
		}
		eps, err := p.srv.Webhooks.Endpoints(context.Background(), auth.User{Role: auth.Admin})
		if err != nil || len(eps) != 1 {
			t.Fatal(eps, err)
		}
		page := fmt.Sprintf("/admin/webhooks/%d", eps[0].ID)
		if b := admin.get(page).wantStatus(t, http.StatusOK).body; strings.Contains(b, secret) {
			t.Fatal("the endpoint page shows the secret again")
		}
		if b := admin.get("/admin/webhooks").body; !strings.Contains(b, rcv.URL) || strings.Contains(b, secret) {
			t.Fatal("list page wrong")
		}
		rotated := admin.postForm(page+"/rotate", nil).wantStatus(t, http.StatusOK)
		if s := between(rotated.body, `<code>whsec_`, `</code>`); s == "" || s == secret {
			t.Fatal("rotation does not show a new secret")
		}
		wantTranslated(t, admin.get(page))

		m := newMerchantClient(t, p)
		for _, path := range []string{"/admin/webhooks", page} {
			if r := m.get(path); r.StatusCode != http.StatusForbidden {
				t.Errorf("merchant GET %s: %d", path, r.StatusCode)
			}
		}
		admin.postForm(page+"/delete", nil).wantStatus(t, http.StatusSeeOther)
		admin.get(page).wantStatus(t, http.StatusNotFound)
	})
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}
