package scheduling_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
	"posportal/scheduling"
)

func TestBookCancelRescheduleMovesTheApplication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		_, inst := f.installer(t, 6, 9*60, 18*60, pudong)
		m := f.user(t, auth.Merchant)
		a := f.signedApplication(t, m, pudong, 2)

		slots, err := f.svc.Slots(ctx, m, a.ID, scheduling.Installation, now, 14)
		if err != nil || len(slots) == 0 {
			t.Fatalf("slots: %v, %d", err, len(slots))
		}
		if got := slots[0].End.Sub(slots[0].Start); got != 80*time.Minute {
			t.Fatalf("two terminals: visit %v, want 80m", got)
		}
		ap, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, slots[0].Start, "ip")
		if err != nil {
			t.Fatal(err)
		}
		if ap.Status != scheduling.StatusBooked || ap.InstallerID != inst.ID || ap.InstallerBrief.Name == "" {
			t.Fatalf("booked %+v", ap)
		}
		if got, _ := f.onb.Get(ctx, m, a.ID); got.Status != onboarding.InstallationScheduled {
			t.Fatalf("application %s, want installation_scheduled", got.Status)
		}
		// The slot is gone for everyone else.
		after, _ := f.svc.Slots(ctx, m, a.ID, scheduling.Training, now, 14)
		for _, s := range after {
			if s.Start.Equal(ap.Start) {
				t.Fatal("booked start still offered")
			}
		}
		rem, _ := f.svc.Reminders(ctx, ap.ID)
		if len(rem) != 2 || !rem[0].DueAt.Equal(ap.Start.Add(-24*time.Hour)) {
			t.Fatalf("reminders %+v", rem)
		}

		// Reschedule keeps the UID and bumps the sequence.
		moved, err := f.svc.Reschedule(ctx, m, ap.ID, ap.Start.Add(24*time.Hour), "ip")
		if err != nil {
			t.Fatal(err)
		}
		if moved.ID != ap.ID || moved.UID != ap.UID || moved.Sequence != ap.Sequence+1 {
			t.Fatalf("rescheduled %+v from %+v", moved, ap)
		}
		rem, _ = f.svc.Reminders(ctx, ap.ID)
		if len(rem) != 4 || rem[0].Status != "withdrawn" || rem[2].Status != "pending" {
			t.Fatalf("reminders after reschedule %+v", rem)
		}

		// Another merchant cannot see or touch it.
		other := f.user(t, auth.Merchant)
		if _, err := f.svc.Cancel(ctx, other, ap.ID, "ip"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("other merchant cancel: %v", err)
		}
		if _, err := f.svc.Slots(ctx, other, a.ID, scheduling.Installation, now, 14); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("other merchant slots: %v", err)
		}

		cancelled, err := f.svc.Cancel(ctx, m, ap.ID, "ip")
		if err != nil {
			t.Fatal(err)
		}
		if cancelled.Status != scheduling.StatusCancelled || cancelled.Sequence != moved.Sequence+1 {
			t.Fatalf("cancelled %+v", cancelled)
		}
		if got, _ := f.onb.Get(ctx, m, a.ID); got.Status != onboarding.ContractSigned {
			t.Fatalf("application %s after cancel, want contract_signed", got.Status)
		}
		rem, _ = f.svc.Reminders(ctx, ap.ID)
		for _, r := range rem {
			if r.Status == "pending" {
				t.Fatalf("pending reminder after cancel: %+v", rem)
			}
		}
		// The freed slot can be booked again.
		if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, moved.Start, "ip"); err != nil {
			t.Fatalf("rebook freed slot: %v", err)
		}
	})
}

func TestBookingRules(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil2(t))
	f.installer(t, 6, 9*60, 18*60, pudong)
	m := f.user(t, auth.Merchant)
	a := f.signedApplication(t, m, pudong, 1)
	cases := []struct {
		name  string
		start time.Time
	}{
		{"less than 24 h ahead", at("2026-12-02", "07:30")},
		{"off the 30-minute grid", at("2026-12-03", "10:15")},
		{"beyond 14 days", at("2026-12-16", "10:00")},
	}
	for _, c := range cases {
		_, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, c.start, "ip")
		if e := apperr.As(err); e == nil || e.Code != apperr.Validation {
			t.Errorf("%s: %v, want 422", c.name, err)
		}
	}
	// Outside working hours is not a lost race: a 422 on start naming
	// the day's hours, not a 409.
	_, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-03", "20:00"), "ip")
	if e := apperr.As(err); e == nil || e.Code != apperr.Validation || e.Fields["start"] != "scheduling.field.start_outside_hours" ||
		len(e.FieldArgs["start"]) == 0 {
		t.Fatalf("outside hours: %v", err)
	}
	// Training is not bookable before the installation.
	if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Training, at("2026-12-03", "10:00"), "ip"); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("training first: %v", err)
	}
	// A district nobody serves offers nothing.
	far := f.signedApplication(t, m, scheduling.District{Province: "北京市", City: "北京市", District: "延庆区"}, 1)
	if s, err := f.svc.Slots(ctx, m, far.ID, scheduling.Installation, now, 14); err != nil || len(s) != 0 {
		t.Fatalf("unserved district: %d slots, %v", len(s), err)
	}
	// The merchant cannot cancel within 24 h; an admin can.
	ap, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, at("2026-12-02", "09:00"), "ip")
	if err != nil {
		t.Fatal(err)
	}
	late := f.svc.WithClock(func() time.Time { return now.Add(2 * time.Hour) })
	if _, err := late.Cancel(ctx, m, ap.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("late merchant cancel: %v", err)
	}
	if _, err := late.Cancel(ctx, f.admin, ap.ID, "ip"); err != nil {
		t.Fatalf("admin cancel: %v", err)
	}
}

// nil2 is a SQLite database for tests that need one dialect only.
func nil2(t *testing.T) *db.DB { return dbtest.SQLite(t) }

// bookConcurrently books each start in starts for its own merchant, all at
// once, and returns how many succeeded, how many got 409 with slots, and
// each booking's latency.
func bookConcurrently(t testing.TB, f *fixture, apps []onboarding.Application, merchants []auth.User, starts []time.Time) (ok, conflicts int, latencies []time.Duration) {
	t.Helper()
	ctx := context.Background()
	var mu sync.Mutex
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := range apps {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-gate
			began := time.Now()
			_, err := f.svc.Book(ctx, merchants[i], apps[i].ID, scheduling.Installation, starts[i], "ip")
			took := time.Since(began)
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, took)
			var taken *scheduling.SlotTakenError
			switch {
			case err == nil:
				ok++
			case errors.As(err, &taken):
				conflicts++
			default:
				t.Errorf("booking %d: %v", i, err)
			}
		}(i)
	}
	close(gate)
	wg.Wait()
	return ok, conflicts, latencies
}

func TestConcurrentBookingsOfOneSlot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, inst := f.installer(t, 6, 9*60, 18*60, pudong)
		const n = 20
		apps := make([]onboarding.Application, n)
		merchants := make([]auth.User, n)
		starts := make([]time.Time, n)
		for i := range n {
			merchants[i] = f.user(t, auth.Merchant)
			apps[i] = f.signedApplication(t, merchants[i], pudong, 1)
			starts[i] = at("2026-12-03", "10:00")
		}
		ok, conflicts, _ := bookConcurrently(t, f, apps, merchants, starts)
		if ok != 1 || conflicts != n-1 {
			t.Fatalf("%d succeeded, %d conflicts; want 1 and %d", ok, conflicts, n-1)
		}
		assertNoDoubleBooking(t, d, inst.ID)
	})
}

// assertNoDoubleBooking checks the installer's booked visits, with the
// travel buffer, never overlap.
func assertNoDoubleBooking(t testing.TB, d *db.DB, installer int64) {
	t.Helper()
	var rows []struct {
		Start time.Time `db:"starts_at"`
		End   time.Time `db:"ends_at"`
	}
	if err := d.Select(context.Background(), &rows, `SELECT starts_at, ends_at FROM sched_appointments
		WHERE installer_id = ? AND status = 'booked' ORDER BY starts_at`, installer); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].Start.Before(rows[i-1].End.Add(30 * time.Minute)) {
			t.Fatalf("installer %d double-booked: %v and %v", installer, rows[i-1], rows[i])
		}
	}
}
