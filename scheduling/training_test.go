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

// installedApplication gives merchant an application whose terminals are
// installed (the state is stored directly: completion is tested above).
func (f *fixture) installedApplication(t testing.TB, merchant auth.User) onboarding.Application {
	t.Helper()
	a := f.signedApplication(t, merchant, pudong, 1)
	if _, err := f.db.Exec(context.Background(), `UPDATE applications SET status = 'installed' WHERE id = ?`, a.ID); err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *fixture) session(t testing.TB, trainer auth.User, capacity int) scheduling.TrainingSession {
	t.Helper()
	s, err := f.svc.CreateTrainingSession(context.Background(), f.admin, scheduling.TrainingInput{Mode: scheduling.ModeOnline,
		Place: "https://meet.example.com/pos-101", Start: at("2026-12-05", "14:00"), Minutes: 90, Capacity: capacity, TrainerID: trainer.ID}, "ip")
	if err != nil {
		t.Fatalf("create session: %v %v", err, apperr.As(err))
	}
	return s
}

func TestTrainingSessionAttendanceActivates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		trainer := f.user(t, auth.Installer)
		m := f.user(t, auth.Merchant)

		bad := []struct {
			name  string
			in    scheduling.TrainingInput
			field string
		}{
			{"online without https link", scheduling.TrainingInput{Mode: "online", Place: "meet", Start: at("2026-12-05", "14:00"), Minutes: 60, Capacity: 5, TrainerID: trainer.ID}, "place"},
			{"branch without address", scheduling.TrainingInput{Mode: "branch", Start: at("2026-12-05", "14:00"), Minutes: 60, Capacity: 5, TrainerID: trainer.ID}, "place"},
			{"in the past", scheduling.TrainingInput{Mode: "branch", Place: "浦东支行", Start: at("2026-11-30", "14:00"), Minutes: 60, Capacity: 5, TrainerID: trainer.ID}, "start"},
			{"no capacity", scheduling.TrainingInput{Mode: "branch", Place: "浦东支行", Start: at("2026-12-05", "14:00"), Minutes: 60, TrainerID: trainer.ID}, "capacity"},
			{"trainer not an installer", scheduling.TrainingInput{Mode: "branch", Place: "浦东支行", Start: at("2026-12-05", "14:00"), Minutes: 60, Capacity: 5, TrainerID: m.ID}, "trainer_user_id"},
		}
		for _, b := range bad {
			_, err := f.svc.CreateTrainingSession(ctx, f.admin, b.in, "ip")
			if e := apperr.As(err); e == nil || e.Fields[b.field] == "" {
				t.Errorf("%s: %v", b.name, err)
			}
		}
		if _, err := f.svc.CreateTrainingSession(ctx, m, bad[0].in, "ip"); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("merchant creating a session: %v", err)
		}

		s := f.session(t, trainer, 3)
		signedOnly := f.signedApplication(t, m, pudong, 1)
		if _, err := f.svc.BookTrainingSeat(ctx, m, signedOnly.ID, s.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("booking before installation: %v", err)
		}
		a := f.installedApplication(t, m)
		seat, err := f.svc.BookTrainingSeat(ctx, m, a.ID, s.ID, "ip")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.BookTrainingSeat(ctx, m, a.ID, s.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second seat: %v", err)
		}
		other := f.user(t, auth.Merchant)
		if _, err := f.svc.BookTrainingSeat(ctx, other, a.ID, s.ID, "ip"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("another merchant's application: %v", err)
		}
		list, _ := f.svc.TrainingSessions(ctx, m)
		if len(list) != 1 || list[0].Left() != 2 {
			t.Fatalf("sessions %+v", list)
		}

		// Attendance: only once started, only by its trainer or an admin.
		if _, err := f.svc.MarkAttended(ctx, trainer, seat.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("before the session: %v", err)
		}
		during := f.svc.WithClock(func() time.Time { return s.Start.Add(10 * time.Minute) })
		if _, err := during.MarkAttended(ctx, f.user(t, auth.Installer), seat.ID, "ip"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("another installer: %v", err)
		}
		if _, err := during.MarkAttended(ctx, m, seat.ID, "ip"); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("merchant marking: %v", err)
		}
		done, err := during.MarkAttended(ctx, trainer, seat.ID, "ip")
		if err != nil || done.Status != scheduling.SeatAttended || done.AttendedAt == nil {
			t.Fatalf("attended %+v, %v", done, err)
		}
		if got, _ := f.onb.Get(ctx, m, a.ID); got.Status != onboarding.Active {
			t.Fatalf("application %s, want active after training", got.Status)
		}
		if _, err := during.MarkAttended(ctx, f.admin, seat.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("marking twice: %v", err)
		}

		// An admin may mark attendance too.
		b := f.installedApplication(t, other)
		seat2, err := f.svc.BookTrainingSeat(ctx, other, b.ID, s.ID, "ip")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := during.MarkAttended(ctx, f.admin, seat2.ID, "ip"); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.onb.Get(ctx, other, b.ID); got.Status != onboarding.Active {
			t.Fatalf("application %s after admin marked attendance", got.Status)
		}
	})
}

// TestTrainingSeatsRace books 12 merchants at once into 5 seats: exactly
// five get one, the others a 409, and the count matches the seats.
func TestTrainingSeatsRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		s := f.session(t, f.user(t, auth.Installer), 5)
		const n = 12
		merchants := make([]auth.User, n)
		apps := make([]onboarding.Application, n)
		for i := range n {
			merchants[i] = f.user(t, auth.Merchant)
			apps[i] = f.installedApplication(t, merchants[i])
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.BookTrainingSeat(ctx, merchants[i], apps[i].ID, s.ID, "ip")
			}()
		}
		close(start)
		wg.Wait()
		ok, full := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case apperr.CodeOf(err) == apperr.Conflict:
				full++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		var seats, booked int
		if err := d.Get(ctx, &seats, `SELECT COUNT(*) FROM sched_training_seats WHERE session_id = ?`, s.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.Get(ctx, &booked, `SELECT booked FROM sched_training_sessions WHERE id = ?`, s.ID); err != nil {
			t.Fatal(err)
		}
		if ok != 5 || full != n-5 || seats != 5 || booked != 5 {
			t.Fatalf("ok %d, full %d, seats %d, booked %d; want 5 of %d", ok, full, seats, booked, n)
		}
	})
}
