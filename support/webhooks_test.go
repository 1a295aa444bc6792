package support

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestSuspectReleaseEmitsItsEvent: the regression watch flags a release
// and, in the same transaction, writes firmware_release.suspect carrying
// the release as the API lists it (paused, suspect); the tickets that
// tipped it wrote ticket.opened.
func TestSuspectReleaseEmitsItsEvent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := d.Exec(ctx, `INSERT INTO webhook_endpoints (url, description, events, secret_enc, created_at)
			VALUES ('http://127.0.0.1:1/', '', '["ticket.opened","firmware_release.suspect"]', 'sealed', ?)`, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		rel := f.release("3.2.0", "", RollingOut)
		in, _ := f.integration()
		var devs []Device
		for i := range 40 {
			dev := f.device(f.merchant, fmt.Sprintf("SN-%04d", i), "A2", "3.1.0")
			if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: "3.2.0"}); err != nil {
				t.Fatal(err)
			}
			devs = append(devs, dev)
		}
		f.advance(time.Hour)
		for _, dev := range devs[:3] {
			if _, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "升级后无法交易", "P1", ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.RunWatch(ctx); err != nil {
			t.Fatal(err)
		}
		var rows []struct {
			Type string `db:"type"`
			Body string `db:"body"`
		}
		if err := d.Select(ctx, &rows, `SELECT e.type, e.body FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id ORDER BY d.id`); err != nil {
			t.Fatal(err)
		}
		var ts []string
		for _, r := range rows {
			ts = append(ts, r.Type)
		}
		if !slices.Equal(ts, []string{"ticket.opened", "ticket.opened", "ticket.opened", "firmware_release.suspect"}) {
			t.Fatalf("events %v", ts)
		}
		var env struct{ Data json.RawMessage }
		json.Unmarshal([]byte(rows[3].Body), &env)
		got, _ := f.svc.Release(ctx, rel.ID)
		want, _ := json.Marshal(got)
		var a, b any
		json.Unmarshal(env.Data, &a)
		json.Unmarshal(want, &b)
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		if string(x) != string(y) || !got.Suspect || got.Status != Paused {
			t.Fatalf("suspect event data\n%s\nwant the release as listed\n%s", x, y)
		}
	})
}
