package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/webhooks"
)

// subscribeAll registers rcv for every event type, as an admin.
func subscribeAll(t *testing.T, p *testPortal, rcv *hookReceiver) {
	t.Helper()
	ctx := context.Background()
	p.createUser(t, auth.Admin, "hooks-admin@bank.example")
	admin, err := p.auth.UserByEmail(ctx, "hooks-admin@bank.example")
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, typ := range webhooks.Types {
		all = append(all, string(typ))
	}
	if _, _, err := p.srv.Webhooks.CreateEndpoint(ctx, admin, webhooks.NewEndpoint{URL: rcv.URL, Events: all}, ""); err != nil {
		t.Fatal(err)
	}
}

type hookEvent struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// deliveredEvents runs the worker once and returns what rcv has received.
func deliveredEvents(t *testing.T, p *testPortal, rcv *hookReceiver) []hookEvent {
	t.Helper()
	if _, err := p.srv.Webhooks.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out []hookEvent
	for _, r := range rcv.requests() {
		var e hookEvent
		if err := json.Unmarshal(r.body, &e); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func types(es []hookEvent) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Type)
	}
	return out
}

// sameJSON compares an event's data with an API answer, field by field.
func sameJSON(t *testing.T, what string, data json.RawMessage, api string) {
	t.Helper()
	var a, b any
	json.Unmarshal(data, &a)
	json.Unmarshal([]byte(api), &b)
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	if string(x) != string(y) {
		t.Errorf("%s event data is not what the API shows:\nevent %s\napi   %s", what, x, y)
	}
}

// TestOnboardingChangesEmitTheirEvents walks an application through the
// review and contract through the real server: each change emits its
// event, once, carrying the object as the API then shows it; changes
// §14 does not name (claim, draft edits) emit nothing.
func TestOnboardingChangesEmitTheirEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		rcv := newHookReceiver(t, false)
		subscribeAll(t, p, rcv)

		m, base, req := approvedApplication(t, p)
		es := deliveredEvents(t, p, rcv)
		if got := types(es); !slices.Equal(got, []string{"application.submitted", "application.approved"}) {
			t.Fatalf("events %v", got)
		}
		sameJSON(t, "application.approved", es[1].Data, m.get(base).wantStatus(t, http.StatusOK).body)

		m.json("POST", base+"/contract", req).wantStatus(t, http.StatusCreated)
		m.json("POST", base+"/contract/sign", map[string]any{"signer_name": "王小明", "consent": true}).wantStatus(t, http.StatusOK)
		es = deliveredEvents(t, p, rcv)
		if got := types(es[2:]); !slices.Equal(got, []string{"contract.signed"}) {
			t.Fatalf("events after signing %v", got)
		}
		sameJSON(t, "contract.signed", es[2].Data, m.get(base+"/contract").wantStatus(t, http.StatusOK).body)

		// A second merchant: information requested, then rejected.
		m2 := p.client(t)
		m2.json("POST", "/api/v1/register", map[string]string{"email": "b@example.com", "password": "correct horse 2", "name": "李四", "phone": "13912345678"}).
			wantStatus(t, http.StatusCreated)
		id := submitApplication(t, p, m2, "静安花店", nil)
		base2 := "/api/v1/applications/" + strconv.FormatInt(id, 10)
		r := p.signIn(t, auth.Reviewer, "r2@bank.example")
		r.json("POST", base2+"/claim", nil).wantStatus(t, http.StatusOK)
		r.json("POST", base2+"/decision", map[string]any{"decision": "request_info", "reason_code": "document_illegible",
			"comment": "门头照片太暗", "requested": map[string]any{"fields": []string{}, "documents": []string{"storefront_photo"}}}).wantStatus(t, http.StatusOK)
		es = deliveredEvents(t, p, rcv)
		if got := types(es[3:]); !slices.Equal(got, []string{"application.submitted", "application.info_requested"}) {
			t.Fatalf("events %v", got)
		}
		sameJSON(t, "application.info_requested", es[4].Data, m2.get(base2).wantStatus(t, http.StatusOK).body)
		m2.json("POST", base2+"/submit", map[string]string{"reply": "照片是白天重新拍的,原图已在店内留存"}).wantStatus(t, http.StatusOK)
		r.json("POST", base2+"/claim", nil).wantStatus(t, http.StatusOK)
		r.json("POST", base2+"/decision", map[string]any{"decision": "reject", "reason_code": "information_mismatch", "comment": "信息不符"}).
			wantStatus(t, http.StatusOK)
		es = deliveredEvents(t, p, rcv)
		if got := types(es[5:]); !slices.Equal(got, []string{"application.submitted", "application.rejected"}) {
			t.Fatalf("events %v", got)
		}
		sameJSON(t, "application.rejected", es[6].Data, m2.get(base2).wantStatus(t, http.StatusOK).body)
	})
}

// TestTicketChangesEmitTheirEvents: opening a ticket and moving it each
// emit their event with the ticket as the API answers; reassigning
// without a status change emits nothing.
func TestTicketChangesEmitTheirEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		rcv := newHookReceiver(t, false)
		subscribeAll(t, w.p, rcv)
		w.p.createUser(t, auth.Installer, "fixer@example.com")
		fixer, _ := w.p.auth.UserByEmail(context.Background(), "fixer@example.com")

		opened := w.c.json("POST", "/api/v1/tickets", map[string]any{"device_id": w.device.ID, "summary": "小票打印空白"}).
			wantStatus(t, http.StatusCreated)
		var tk ticketJSON
		opened.decode(t, &tk)
		id := strconv.FormatInt(tk.ID, 10)
		es := deliveredEvents(t, w.p, rcv)
		if got := types(es); !slices.Equal(got, []string{"ticket.opened"}) {
			t.Fatalf("events %v", got)
		}
		sameJSON(t, "ticket.opened", es[0].Data, opened.body)

		assign := map[string]any{"assignee": "installer", "installer_id": fixer.ID}
		w.admin.json("POST", "/api/v1/tickets/"+id+"/assign", assign).wantStatus(t, http.StatusOK)
		w.admin.json("POST", "/api/v1/tickets/"+id+"/assign", assign).wantStatus(t, http.StatusOK) // assigned → assigned
		moved := w.admin.json("POST", "/api/v1/tickets/"+id+"/status", map[string]string{"status": "in_progress"}).wantStatus(t, http.StatusOK)
		es = deliveredEvents(t, w.p, rcv)
		if got := types(es[1:]); !slices.Equal(got, []string{"ticket.status_changed", "ticket.status_changed"}) {
			t.Fatalf("events %v", got)
		}
		var st struct{ Status string }
		json.Unmarshal(es[1].Data, &st)
		if st.Status != "assigned" {
			t.Errorf("first status_changed carries %q", st.Status)
		}
		sameJSON(t, "ticket.status_changed", es[2].Data, moved.body)
	})
}

// TestBookingEmitsItsEvent: booking a visit emits appointment.booked with
// the appointment as the booking answer shows it.
func TestBookingEmitsItsEvent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		rcv2 := newHookReceiver(t, false)
		schedInstaller(t, p, "fitter@bank.example")
		subscribeAll(t, p, rcv2)
		m, appID := schedMerchant(t, p, "shop1@example.com")
		var slots struct {
			Slots []struct{ Start string } `json:"slots"`
		}
		m.get(fmt.Sprintf("/api/v1/applications/%d/slots?kind=installation&days=14", appID)).wantStatus(t, http.StatusOK).decode(t, &slots)
		if len(slots.Slots) == 0 {
			t.Fatal("no slots")
		}
		booked := m.json("POST", fmt.Sprintf("/api/v1/applications/%d/appointments", appID), map[string]any{"kind": "installation", "start": slots.Slots[0].Start}).
			wantStatus(t, http.StatusCreated)
		es := deliveredEvents(t, p, rcv2)
		if got := types(es); !slices.Equal(got, []string{"appointment.booked"}) {
			t.Fatalf("events %v", got)
		}
		sameJSON(t, "appointment.booked", es[0].Data, booked.body)
	})
}
