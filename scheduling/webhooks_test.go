package scheduling_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/scheduling"
)

// subscribed registers an endpoint for every event straight in the table
// (its secret is never used: these tests read the outbox, not deliveries).
func subscribed(t *testing.T, d *db.DB) {
	t.Helper()
	if _, err := d.Exec(context.Background(), `INSERT INTO webhook_endpoints (url, description, events, secret_enc, created_at)
		VALUES ('http://127.0.0.1:1/', '', '["appointment.booked","appointment.completed","merchant.activated"]', 'sealed', ?)`,
		time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
}

type outboxEvent struct {
	Type string `db:"type"`
	Body string `db:"body"`
}

func outbox(t *testing.T, d *db.DB) ([]string, []map[string]any) {
	t.Helper()
	var rows []outboxEvent
	if err := d.Select(context.Background(), &rows, `SELECT e.type, e.body FROM webhook_deliveries d
		JOIN webhook_events e ON e.id = d.event_id ORDER BY d.id`); err != nil {
		t.Fatal(err)
	}
	var ts []string
	var data []map[string]any
	for _, r := range rows {
		var env struct{ Data map[string]any }
		json.Unmarshal([]byte(r.Body), &env)
		ts, data = append(ts, r.Type), append(data, env.Data)
	}
	return ts, data
}

// TestVisitsEmitTheirEvents: booking and completing an installation with
// training write appointment.booked, merchant.activated and
// appointment.completed in their transactions; a refused completion
// writes nothing.
func TestVisitsEmitTheirEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		subscribed(t, d)
		iu, _ := f.installer(t, 6, 9*60, 18*60, pudong)
		m := f.user(t, auth.Merchant)
		a := f.signedApplication(t, m, pudong, 1)
		plain := f.model(t, "Q1", false)
		start := at("2026-12-03", "10:00")
		ap, err := f.svc.Book(ctx, m, a.ID, scheduling.InstallationWithTraining, start, "ip")
		if err != nil {
			t.Fatal(err)
		}
		onSite := f.svc.WithClock(func() time.Time { return start.Add(30 * time.Minute) })
		if _, err := onSite.Complete(ctx, iu, ap.ID, scheduling.Completion{Checklist: scheduling.Checklist{PowerOn: true}}, "ip"); err == nil {
			t.Fatal("incomplete completion accepted")
		}
		if ts, _ := outbox(t, d); !slices.Equal(ts, []string{"appointment.booked"}) {
			t.Fatalf("after booking and a refused completion: %v", ts)
		}
		done, err := onSite.Complete(ctx, iu, ap.ID, scheduling.Completion{Devices: []scheduling.InstalledDevice{{Serial: "SN-1", ModelID: plain}},
			Checklist: allChecked()}, "ip")
		if err != nil {
			t.Fatal(err)
		}
		ts, data := outbox(t, d)
		if !slices.Equal(ts, []string{"appointment.booked", "merchant.activated", "appointment.completed"}) {
			t.Fatalf("events %v", ts)
		}
		if data[0]["status"] != "booked" || data[1]["status"] != "active" || data[1]["id"] != float64(a.ID) ||
			data[2]["status"] != "completed" || data[2]["id"] != float64(done.ID) {
			t.Fatalf("event data %v", data)
		}
		want, _ := json.Marshal(done)
		got, _ := json.Marshal(data[2])
		var w, g any
		json.Unmarshal(want, &w)
		json.Unmarshal(got, &g)
		wb, _ := json.Marshal(w)
		gb, _ := json.Marshal(g)
		if string(wb) != string(gb) {
			t.Fatalf("appointment.completed data\n%s\nis not the appointment the API answers\n%s", gb, wb)
		}
	})
}
