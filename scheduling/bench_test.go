package scheduling_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
	"posportal/scheduling"
)

// TestTwoHundredBookingsForTenSlots is §10's booking benchmark as a test:
// 200 merchants race for 10 slots (one installer, one visit a day, ten
// days) and exactly 10 win. Latencies are logged for docs/PERFORMANCE.md
// (go test -run TwoHundred -v ./scheduling/).
func TestTwoHundredBookingsForTenSlots(t *testing.T) {
	if testing.Short() {
		t.Skip("200 accounts")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, inst := f.installer(t, 1, 9*60, 10*60, pudong)
		const n, slots = 200, 10
		apps := make([]onboarding.Application, n)
		merchants := make([]auth.User, n)
		starts := make([]time.Time, n)
		for i := range n {
			merchants[i] = f.user(t, auth.Merchant)
			apps[i] = f.signedApplication(t, merchants[i], pudong, 1)
			starts[i] = at("2026-12-02", "09:00").AddDate(0, 0, i%slots)
		}
		began := time.Now()
		ok, conflicts, lat := bookConcurrently(t, f, apps, merchants, starts)
		wall := time.Since(began)
		if ok != slots || conflicts != n-slots {
			t.Fatalf("%d succeeded, %d conflicts; want %d and %d", ok, conflicts, slots, n-slots)
		}
		assertNoDoubleBooking(t, d, inst.ID)
		slices.Sort(lat)
		t.Logf("%s: %d bookings for %d slots: %d ok, %d × 409; wall %v, p50 %v, p99 %v, max %v",
			d.Dialect, n, slots, ok, conflicts, wall.Round(time.Millisecond), lat[n/2].Round(time.Microsecond),
			lat[n*99/100].Round(time.Microsecond), lat[n-1].Round(time.Microsecond))
	})
}

// BenchmarkSlotSearch50Installers searches 14 days of installation slots
// in a district served by 50 installers, each with three visits a day.
func BenchmarkSlotSearch50Installers(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchSlotSearch(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchSlotSearch(b, dbtest.Postgres(b)) })
}

func benchSlotSearch(b *testing.B, d *db.DB) {
	ctx := context.Background()
	f := newFixture(b, d)
	for range 50 {
		f.installer(b, 6, 9*60, 18*60, pudong)
	}
	m := f.user(b, auth.Merchant)
	// Fill the calendars: three bookings a day per installer for 13 days.
	for day := 1; day <= 13; day++ {
		for _, hhmm := range []string{"09:00", "12:00", "15:00"} {
			for range 50 {
				a := f.signedApplication(b, m, pudong, 1)
				start := at("2026-12-01", hhmm).AddDate(0, 0, day)
				if _, err := f.svc.Book(ctx, m, a.ID, scheduling.Installation, start, "ip"); err != nil {
					b.Fatalf("fill %v: %v", start, err)
				}
			}
		}
	}
	a := f.signedApplication(b, m, pudong, 2)
	b.ResetTimer()
	for b.Loop() {
		slots, err := f.svc.Slots(ctx, m, a.ID, scheduling.Installation, now, 14)
		if err != nil || len(slots) == 0 {
			b.Fatalf("%d slots, %v", len(slots), err)
		}
	}
}
