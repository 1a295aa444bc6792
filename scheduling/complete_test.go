package scheduling_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
)

// model adds a catalog model (with or without a printer) for devices.
func (f *fixture) model(t *testing.T, name string, printer bool) int64 {
	t.Helper()
	ctx := context.Background()
	var brand int64
	err := f.db.Get(ctx, &brand, `SELECT id FROM catalog_brands WHERE name = 'TestBrand'`)
	if err != nil {
		if err := f.db.Get(ctx, &brand, `INSERT INTO catalog_brands (name, support_hours, support_rating, created_at, updated_at)
			VALUES ('TestBrand', 'business', 4, ?, ?) RETURNING id`, now.UTC(), now.UTC()); err != nil {
			t.Fatal(err)
		}
	}
	var id int64
	if err := f.db.Get(ctx, &id, `INSERT INTO catalog_models (brand_id, name, category, printer, created_at, updated_at)
		VALUES (?, ?, 'countertop', ?, ?, ?) RETURNING id`, brand, name, printer, now.UTC(), now.UTC()); err != nil {
		t.Fatal(err)
	}
	return id
}

func allChecked() scheduling.Checklist {
	return scheduling.Checklist{PowerOn: true, NetworkTest: true, TestTransaction: true, ReceiptPrint: true, MerchantSignoff: true}
}

func TestCompleteInstallationWithTraining(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		iu, _ := f.installer(t, 6, 9*60, 18*60, pudong)
		m := f.user(t, auth.Merchant)
		a := f.signedApplication(t, m, pudong, 2)
		withPrinter, plain := f.model(t, "P1", true), f.model(t, "Q1", false)
		start := at("2026-12-03", "10:00")
		ap, err := f.svc.Book(ctx, m, a.ID, scheduling.InstallationWithTraining, start, "ip")
		if err != nil {
			t.Fatal(err)
		}
		onSite := f.svc.WithClock(func() time.Time { return start.Add(30 * time.Minute) })
		devices := []scheduling.InstalledDevice{{Serial: "sn-0001", ModelID: withPrinter, HardwareRevision: "A", FirmwareVersion: "1.0"},
			{Serial: "SN-0002", ModelID: plain}}

		// Too early, wrong person, incomplete input: all refused.
		if _, err := f.svc.Complete(ctx, iu, ap.ID, scheduling.Completion{Devices: devices, Checklist: allChecked()}, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("before the visit: %v", err)
		}
		other, _ := f.installer(t, 6, 9*60, 18*60, pudong)
		if _, err := onSite.Complete(ctx, other, ap.ID, scheduling.Completion{Devices: devices, Checklist: allChecked()}, "ip"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("another installer: %v", err)
		}
		if _, err := onSite.Complete(ctx, m, ap.ID, scheduling.Completion{Devices: devices, Checklist: allChecked()}, "ip"); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("merchant completing: %v", err)
		}
		noPrint := allChecked()
		noPrint.ReceiptPrint = false
		bad := []struct {
			name  string
			c     scheduling.Completion
			field string
		}{
			{"one terminal missing", scheduling.Completion{Devices: devices[:1], Checklist: allChecked()}, "devices"},
			{"duplicate serial", scheduling.Completion{Devices: []scheduling.InstalledDevice{devices[0], devices[0]}, Checklist: allChecked()}, "serial"},
			{"unknown model", scheduling.Completion{Devices: []scheduling.InstalledDevice{devices[0], {Serial: "SN-9", ModelID: 99999}}, Checklist: allChecked()}, "model_id"},
			{"printer model without receipt check", scheduling.Completion{Devices: devices, Checklist: noPrint}, "checklist"},
		}
		for _, b := range bad {
			_, err := onSite.Complete(ctx, iu, ap.ID, b.c, "ip")
			if e := apperr.As(err); e == nil || e.Fields[b.field] == "" {
				t.Errorf("%s: %v", b.name, err)
			}
		}

		done, err := onSite.Complete(ctx, iu, ap.ID, scheduling.Completion{Devices: devices, Checklist: allChecked()}, "ip")
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != scheduling.StatusCompleted {
			t.Fatalf("status %s", done.Status)
		}
		if got, _ := f.onb.Get(ctx, m, a.ID); got.Status != onboarding.Active {
			t.Fatalf("application %s, want active after installation with training", got.Status)
		}
		// The terminals are the merchant's registered devices, with the
		// signed contract's provider.
		list, err := support.NewService(d, nil, nil).Devices(ctx, m)
		if err != nil || len(list) != 2 || list[0].Serial != "SN-0001" || list[0].ProviderName != "TestBank" || list[0].HardwareRevision != "A" {
			t.Fatalf("devices %+v, %v", list, err)
		}

		// Serials are unique across the portal.
		m2 := f.user(t, auth.Merchant)
		a2 := f.signedApplication(t, m2, pudong, 1)
		ap2, err := f.svc.Book(ctx, m2, a2.ID, scheduling.Installation, at("2026-12-04", "10:00"), "ip")
		if err != nil {
			t.Fatal(err)
		}
		later := f.svc.WithClock(func() time.Time { return at("2026-12-04", "10:00") })
		_, err = later.Complete(ctx, iu, ap2.ID, scheduling.Completion{Devices: []scheduling.InstalledDevice{{Serial: "SN-0002", ModelID: plain}},
			Checklist: allChecked()}, "ip")
		if e := apperr.As(err); e == nil || e.Fields["serial"] != "support.field.serial_taken" {
			t.Fatalf("reused serial: %v", err)
		}
		if got, _ := support.NewService(d, nil, nil).Devices(ctx, m2); len(got) != 0 {
			t.Fatalf("refused completion left devices %+v", got)
		}
		if _, err := later.Complete(ctx, iu, ap2.ID, scheduling.Completion{Devices: []scheduling.InstalledDevice{{Serial: "SN-0003", ModelID: plain}},
			Checklist: allChecked()}, "ip"); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.onb.Get(ctx, m2, a2.ID); got.Status != onboarding.Installed {
			t.Fatalf("installation only: %s, want installed", got.Status)
		}
	})
}

func TestRemindersSentOnceAndWithdrawnOnCancel(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 1)
	b := f.signedApplication(t, m, pudong, 1)
	if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip"); err != nil {
		t.Fatal(err)
	}
	dropped, err := f.svc.Book(ctx, m, b.ID, scheduling.Installation, at("2026-12-03", "14:00"), "ip")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Cancel(ctx, m, dropped.ID, "ip"); err != nil {
		t.Fatal(err)
	}
	// Nothing is due before 24 h ahead of the visit.
	if n, err := f.svc.WithClock(func() time.Time { return at("2026-12-02", "09:59") }).SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("early: %d, %v", n, err)
	}
	day := f.svc.WithClock(func() time.Time { return at("2026-12-02", "15:00") })
	if n, err := day.SendDue(ctx); err != nil || n != 2 {
		t.Fatalf("due: sent %d, %v; want 2 (in-app and e-mail of the kept visit)", n, err)
	}
	if n, _ := day.SendDue(ctx); n != 0 {
		t.Fatalf("second run sent %d again", n)
	}
	for _, r := range mustReminders(t, f, dropped.ID) {
		if r.Status != "withdrawn" {
			t.Fatalf("cancelled visit's reminder %+v", r)
		}
	}
	notes, _ := f.svc.Notifications(ctx, m)
	mail, _ := f.svc.Outbox(ctx, f.admin)
	if len(notes) != 1 || len(mail) != 1 || mail[0].Status != "held" || mail[0].To != m.Email {
		t.Fatalf("notifications %+v, outbox %+v", notes, mail)
	}
	if _, err := f.svc.Outbox(ctx, m); !errors.Is(err, apperr.ErrForbidden) {
		t.Fatalf("merchant reading outbox: %v", err)
	}
}

func mustReminders(t *testing.T, f *fixture, id int64) []scheduling.Reminder {
	t.Helper()
	r, err := f.svc.Reminders(context.Background(), id)
	if err != nil || len(r) == 0 {
		t.Fatalf("reminders %v, %v", r, err)
	}
	return r
}

// A portal that was down when a reminder fell due does not, once back,
// remind the merchant of a visit that has already begun.
func TestReminderOfAVisitAlreadyBegunIsWithdrawn(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 1)
	visit, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-03", "10:00"), "ip")
	if err != nil {
		t.Fatal(err)
	}
	late := f.svc.WithClock(func() time.Time { return at("2026-12-03", "10:30") })
	if n, err := late.SendDue(ctx); err != nil || n != 0 {
		t.Fatalf("after the visit began: sent %d, %v", n, err)
	}
	for _, r := range mustReminders(t, f, visit.ID) {
		if r.Status != "withdrawn" {
			t.Fatalf("reminder of a begun visit %+v", r)
		}
	}
	notes, _ := f.svc.Notifications(ctx, m)
	mail, _ := f.svc.Outbox(ctx, f.admin)
	if len(notes) != 0 || len(mail) != 0 {
		t.Fatalf("notifications %+v, outbox %+v", notes, mail)
	}
}
