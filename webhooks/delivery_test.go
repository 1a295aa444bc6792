package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func deliverDue(t *testing.T, s *Service) int {
	t.Helper()
	n, err := s.DeliverDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFailedDeliveryIsRetriedSignedOnTheBackoff: the receiver fails the
// first request; nothing more is sent until the first backoff wait has
// passed, then the retry carries the same body, verifies with the secret
// shown at creation, and the log keeps both attempts.
func TestFailedDeliveryIsRetriedSignedOnTheBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false)
		rcv := newReceiver(t, func(n int) int {
			if n == 0 {
				return 503
			}
			return 204
		})
		ep, sec, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL + "/hooks", Events: []string{"ticket.opened"}}, "10.0.0.9")
		if err != nil {
			t.Fatal(err)
		}
		f.emit(t, TicketOpened, map[string]any{"id": 7, "summary": "打印机不出纸"})
		f.emit(t, ApplicationApproved, map[string]any{"id": 8}) // not subscribed

		if n := deliverDue(t, s); n != 1 {
			t.Fatalf("first round made %d attempts, want 1", n)
		}
		f.clock.add(59 * time.Second)
		if n := deliverDue(t, s); n != 0 {
			t.Fatalf("retry sent %d before its backoff wait", n)
		}
		f.clock.add(time.Second)
		if n := deliverDue(t, s); n != 1 {
			t.Fatalf("retry round made %d attempts, want 1", n)
		}
		got := rcv.requests()
		if len(got) != 2 {
			t.Fatalf("receiver got %d requests, want 2", len(got))
		}
		if string(got[0].body) != string(got[1].body) {
			t.Errorf("retry body differs:\n%s\n%s", got[0].body, got[1].body)
		}
		last := got[1]
		if err := Verify(sec, last.header.Get(HeaderSignature), last.body, f.clock.now(), 5*time.Minute); err != nil {
			t.Fatalf("signature %q does not verify: %v", last.header.Get(HeaderSignature), err)
		}
		if err := Verify("whsec_other", last.header.Get(HeaderSignature), last.body, f.clock.now(), 5*time.Minute); err == nil {
			t.Fatal("signature verifies with another secret")
		}
		var env struct {
			ID, Type  string
			CreatedAt time.Time `json:"created_at"`
			Data      map[string]any
		}
		if err := json.Unmarshal(last.body, &env); err != nil {
			t.Fatal(err)
		}
		if env.Type != "ticket.opened" || !strings.HasPrefix(env.ID, "evt_") || env.Data["summary"] != "打印机不出纸" {
			t.Fatalf("body %s", last.body)
		}
		if last.header.Get(HeaderEventID) != env.ID || last.header.Get(HeaderEventType) != "ticket.opened" {
			t.Errorf("headers %v", last.header)
		}

		ds, err := s.Deliveries(ctx, f.admin, ep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 1 || ds[0].Status != StatusDelivered || ds[0].Attempts != 2 || ds[0].NextAttemptAt != nil ||
			*ds[0].LastStatusCode != 204 || ds[0].EventID != env.ID {
			t.Fatalf("deliveries %+v", ds)
		}
		if l := ds[0].Log; len(l) != 2 || *l[0].StatusCode != 503 || l[0].Error != "HTTP 503" || *l[1].StatusCode != 204 || l[1].Error != "" {
			t.Fatalf("attempt log %+v", l)
		}
	})
}

// TestDeliveryFailsAfterTheLastRetry: every attempt of the schedule is
// made and logged, then the delivery is failed and nothing more is sent.
func TestDeliveryFailsAfterTheLastRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false, time.Minute, 5*time.Minute)
		rcv := newReceiver(t, always(500))
		ep, _, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"contract.signed"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		f.emit(t, ContractSigned, map[string]any{"id": 1})
		for _, wait := range []time.Duration{0, time.Minute, 5 * time.Minute, 24 * time.Hour} {
			f.clock.add(wait)
			deliverDue(t, s)
		}
		if n := len(rcv.requests()); n != 3 {
			t.Fatalf("receiver got %d requests, want 3 (first try + 2 retries)", n)
		}
		ds, _ := s.Deliveries(ctx, f.admin, ep.ID)
		if ds[0].Status != StatusFailed || ds[0].Attempts != 3 || len(ds[0].Log) != 3 || ds[0].NextAttemptAt != nil {
			t.Fatalf("delivery %+v", ds[0])
		}

		// Replay sends it again now, as a new delivery with the same body.
		r, err := s.Replay(ctx, f.admin, ds[0].ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != StatusPending || *r.ReplayOf != ds[0].ID || r.EventID != ds[0].EventID {
			t.Fatalf("replay %+v", r)
		}
		deliverDue(t, s)
		got := rcv.requests()
		if len(got) != 4 || string(got[3].body) != string(got[0].body) {
			t.Fatalf("replay not sent with the original body: %d requests", len(got))
		}
	})
}

// TestRolledBackChangeEmitsNothing: an event written in a transaction
// that rolls back leaves no event and no delivery, so nothing is sent.
func TestRolledBackChangeEmitsNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false)
		rcv := newReceiver(t, always(200))
		if _, _, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.opened"}}, ""); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("the change failed after emitting")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := Emit(ctx, tx, f.clock.now(), TicketOpened, map[string]any{"id": 1}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var events, deliveries int
		d.Get(ctx, &events, `SELECT COUNT(*) FROM webhook_events`)
		d.Get(ctx, &deliveries, `SELECT COUNT(*) FROM webhook_deliveries`)
		if events != 0 || deliveries != 0 {
			t.Fatalf("rolled back change left %d events, %d deliveries", events, deliveries)
		}
		if n := deliverDue(t, s); n != 0 || len(rcv.requests()) != 0 {
			t.Fatalf("sent %d for a rolled back change", n)
		}
	})
}

// TestTwoInstancesDeliverEachEventOnce: two services with their own
// workers (two portal instances) deliver at the same time; the receiver
// sees every event exactly once.
func TestTwoInstancesDeliverEachEventOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		a, b := f.service(false), f.service(false)
		rcv := newReceiver(t, always(200))
		if _, _, err := a.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.status_changed"}}, ""); err != nil {
			t.Fatal(err)
		}
		const events = 40
		for i := range events {
			f.emit(t, TicketStatusChanged, map[string]any{"id": i})
		}
		errs := make(chan error, 2)
		for _, s := range []*Service{a, b} {
			go func() {
				_, err := s.DeliverDue(ctx)
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]int{}
		for _, r := range rcv.requests() {
			seen[r.header.Get(HeaderEventID)]++
		}
		if len(seen) != events {
			t.Fatalf("receiver saw %d distinct events, want %d", len(seen), events)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("event %s delivered %d times", id, n)
			}
		}
		var attempts int
		d.Get(ctx, &attempts, `SELECT COUNT(*) FROM webhook_attempts`)
		if attempts != events {
			t.Errorf("%d attempts recorded, want %d", attempts, events)
		}
	})
}

// TestDeletedEndpointGetsNothingMore: deleting an endpoint cancels its
// pending deliveries; its log stays, and replay refuses with 409.
func TestDeletedEndpointGetsNothingMore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false)
		rcv := newReceiver(t, always(200))
		ep, _, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"merchant.activated"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		f.emit(t, MerchantActivated, map[string]any{"id": 3})
		var id int64
		d.Get(ctx, &id, `SELECT id FROM webhook_deliveries`)
		if err := s.DeleteEndpoint(ctx, f.admin, ep.ID, ""); err != nil {
			t.Fatal(err)
		}
		if n := deliverDue(t, s); n != 0 || len(rcv.requests()) != 0 {
			t.Fatal("a deleted endpoint was sent an event")
		}
		if _, err := s.Replay(ctx, f.admin, id, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("replay to a deleted endpoint: %v", err)
		}
		f.emit(t, MerchantActivated, map[string]any{"id": 4})
		var n int
		d.Get(ctx, &n, `SELECT COUNT(*) FROM webhook_events`)
		if n != 1 {
			t.Fatalf("%d events stored; one for a deleted endpoint's type", n)
		}
	})
}

// TestRotatedSecretSignsFromNowOn: after rotation the old secret no
// longer verifies and the new one does; the stored secret is sealed.
func TestRotatedSecretSignsFromNowOn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.service(false)
		rcv := newReceiver(t, always(200))
		ep, old, err := s.CreateEndpoint(ctx, f.admin, NewEndpoint{URL: rcv.URL, Events: []string{"ticket.opened"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		_, fresh, err := s.RotateSecret(ctx, f.admin, ep.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if fresh == old || !strings.HasPrefix(fresh, "whsec_") {
			t.Fatalf("rotation gave %q after %q", fresh, old)
		}
		var stored string
		d.Get(ctx, &stored, `SELECT secret_enc FROM webhook_endpoints WHERE id = ?`, ep.ID)
		if strings.Contains(stored, fresh) || strings.Contains(stored, strings.TrimPrefix(fresh, "whsec_")) {
			t.Fatal("secret stored in clear")
		}
		f.emit(t, TicketOpened, map[string]any{"id": 1})
		deliverDue(t, s)
		r := rcv.requests()[0]
		sig := r.header.Get(HeaderSignature)
		if Verify(fresh, sig, r.body, f.clock.now(), time.Minute) != nil || Verify(old, sig, r.body, f.clock.now(), time.Minute) == nil {
			t.Fatal("delivery not signed with the rotated secret alone")
		}
	})
}
