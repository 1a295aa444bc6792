package webhooks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestProductionRefusesNonPublicURLs: production takes https to public
// addresses only; every private, loopback, link-local, CGNAT, multicast,
// unspecified or ULA address is refused, however it is spelled.
func TestProductionRefusesNonPublicURLs(t *testing.T) {
	g := GuardFor(true)
	ctx := context.Background()
	refused := map[string]string{
		"http://93.184.215.14/hooks":         "webhooks.url.https_required",
		"ftp://93.184.215.14/":               "webhooks.url.https_required",
		"https://127.0.0.1/hooks":            "webhooks.url.private",
		"https://127.8.9.10/":                "webhooks.url.private",
		"https://localhost:8443/hooks":       "webhooks.url.private",
		"https://10.1.2.3/":                  "webhooks.url.private",
		"https://172.16.0.1/":                "webhooks.url.private",
		"https://192.168.1.1/":               "webhooks.url.private",
		"https://169.254.169.254/latest/":    "webhooks.url.private",
		"https://100.64.0.1/":                "webhooks.url.private",
		"https://224.0.0.1/":                 "webhooks.url.private",
		"https://0.0.0.0/":                   "webhooks.url.private",
		"https://[::1]/":                     "webhooks.url.private",
		"https://[::]/":                      "webhooks.url.private",
		"https://[fd12:3456::1]/":            "webhooks.url.private",
		"https://[fe80::1]/":                 "webhooks.url.private",
		"https://[::ffff:127.0.0.1]/":        "webhooks.url.private",
		"https://[::ffff:10.0.0.1]/":         "webhooks.url.private",
		"https://[64:ff9b::a00:1]/":          "webhooks.url.private",
		"https://user:pw@93.184.215.14/":     "webhooks.url.invalid",
		"https://93.184.215.14/#frag":        "webhooks.url.invalid",
		"not a url":                          "webhooks.url.invalid",
		"https://no-such-host.invalid/hooks": "webhooks.url.unresolvable",
	}
	for u, want := range refused {
		if got := g.CheckURL(ctx, u); got != want {
			t.Errorf("production %s: %q, want %q", u, got, want)
		}
	}
	for _, u := range []string{"https://93.184.215.14/hooks", "https://[2606:4700::1111]/x"} {
		if got := g.CheckURL(ctx, u); got != "" {
			t.Errorf("production refused public %s: %s", u, got)
		}
	}
}

// TestDevelopmentAllowsLoopbackHTTPOnly: development adds loopback over
// http; private networks stay refused and http farther away needs https.
func TestDevelopmentAllowsLoopbackHTTPOnly(t *testing.T) {
	g := GuardFor(false)
	ctx := context.Background()
	for _, u := range []string{"http://127.0.0.1:8081/hooks", "http://localhost:9000/", "http://[::1]:9/", "https://93.184.215.14/"} {
		if got := g.CheckURL(ctx, u); got != "" {
			t.Errorf("development refused %s: %s", u, got)
		}
	}
	for u, want := range map[string]string{
		"http://10.0.0.1/":        "webhooks.url.private",
		"http://169.254.169.254/": "webhooks.url.private",
		"http://93.184.215.14/":   "webhooks.url.https_required",
		"https://192.168.0.10/":   "webhooks.url.private",
	} {
		if got := g.CheckURL(ctx, u); got != want {
			t.Errorf("development %s: %q, want %q", u, got, want)
		}
	}
}

// TestProductionEndpointRefusedAtCreation goes through the service: a
// loopback receiver is a 422 on the url field in production.
func TestProductionEndpointRefusedAtCreation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, _, err := f.service(true).CreateEndpoint(context.Background(), f.admin,
			NewEndpoint{URL: "https://127.0.0.1:8443/hooks", Events: []string{"ticket.opened"}}, "")
		if e := apperr.As(err); e == nil || e.Code != apperr.Validation || e.Fields["url"] != "webhooks.url.private" {
			t.Fatalf("got %v", err)
		}
	})
}

// TestDialTimeGuardStopsRebinding: an endpoint whose name pointed at a
// public address when saved but now reaches loopback (DNS rebinding,
// simulated by storing the URL directly) is refused when connecting; the
// receiver gets nothing and the attempt is logged for the admin.
func TestDialTimeGuardStopsRebinding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		var hit atomic.Bool
		rcv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit.Store(true) }))
		defer rcv.Close()
		s := f.service(true)
		if _, err := d.Exec(ctx, `INSERT INTO webhook_endpoints (url, description, events, secret_enc, created_at)
			VALUES (?, '', '["ticket.opened"]', ?, ?)`, rcv.URL, f.box.Seal("whsec_x"), f.clock.now()); err != nil {
			t.Fatal(err)
		}
		f.emit(t, TicketOpened, map[string]any{"id": 1})
		deliverDue(t, s)
		if hit.Load() {
			t.Fatal("the production worker connected to a loopback receiver")
		}
		var a Attempt
		if err := d.Get(ctx, &a, `SELECT id, delivery_id, attempted_at, status_code, error, duration_ms FROM webhook_attempts`); err != nil {
			t.Fatal(err)
		}
		if a.StatusCode != nil || !strings.Contains(a.Error, "address not allowed: 127.0.0.1") {
			t.Fatalf("attempt %+v", a)
		}
	})
}

// TestRedirectsAreNotFollowed: a 3xx is a failed attempt; the redirect's
// target is never contacted.
func TestRedirectsAreNotFollowed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		target := newReceiver(t, always(200))
		rcv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusTemporaryRedirect))
		defer rcv.Close()
		s := f.service(false)
		ep, _, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.opened"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		f.emit(t, TicketOpened, map[string]any{"id": 1})
		deliverDue(t, s)
		if len(target.requests()) != 0 {
			t.Fatal("redirect followed")
		}
		ds, _ := s.Deliveries(ctx, f.admin, ep.ID)
		if ds[0].Status != StatusPending || *ds[0].LastStatusCode != 307 {
			t.Fatalf("delivery %+v", ds[0])
		}
	})
}

// TestSilentReceiverTimesOut: a receiver that never answers costs one
// attempt cut off at the timeout, logged without a status code, and the
// delivery is retried later.
func TestSilentReceiverTimesOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		release := make(chan struct{})
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
		defer rcv.Close()
		defer close(release)
		s := NewService(d, f.box, Options{Backoff: []time.Duration{time.Minute}, Now: f.clock.now, Timeout: 50 * time.Millisecond})
		ep, _, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.opened"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		f.emit(t, TicketOpened, map[string]any{"id": 1})
		deliverDue(t, s)
		ds, _ := s.Deliveries(ctx, f.admin, ep.ID)
		if ds[0].Status != StatusPending || ds[0].LastStatusCode != nil || ds[0].Log[0].Error != "no answer within 50ms" {
			t.Fatalf("delivery %+v, log %+v", ds[0], ds[0].Log)
		}
	})
}
