package jobs_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/jobs"
)

var t0 = time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)

// TestPeriodicRunsOncePerIntervalAcrossInstances: eight instances polling
// at the same moment run the job once; it runs again only when the next
// interval is due.
func TestPeriodicRunsOncePerIntervalAcrossInstances(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := jobs.Periodic{Name: "test.job", Every: 10 * time.Minute}
		var runs atomic.Int64
		job := func(context.Context) error { runs.Add(1); return nil }
		poll := func(now time.Time) {
			t.Helper()
			var wg sync.WaitGroup
			start := make(chan struct{})
			for range 8 {
				wg.Go(func() {
					<-start
					if _, err := jobs.NewWorker(time.Minute).RunPeriodic(ctx, d, now, p, job); err != nil {
						t.Error(err)
					}
				})
			}
			close(start)
			wg.Wait()
		}
		poll(t0)
		if n := runs.Load(); n != 1 {
			t.Fatalf("ran %d times at the first poll, want 1", n)
		}
		poll(t0.Add(p.Every - time.Second))
		if n := runs.Load(); n != 1 {
			t.Fatalf("ran %d times before the interval was over, want 1", n)
		}
		poll(t0.Add(p.Every))
		if n := runs.Load(); n != 2 {
			t.Fatalf("ran %d times after one interval, want 2", n)
		}
	})
}

// TestPeriodicClaimOfDeadInstanceLapses: an instance that claimed the job
// and never finished holds it for the lease only; then another instance
// runs it, and the late finish of the first changes nothing.
func TestPeriodicClaimOfDeadInstanceLapses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := jobs.Periodic{Name: "test.job", Every: 10 * time.Minute}
		a, b := jobs.Worker{ID: "A", Lease: time.Minute}, jobs.Worker{ID: "B", Lease: time.Minute}

		stuck, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			_, err := a.RunPeriodic(ctx, d, t0, p, func(context.Context) error { close(stuck); <-release; return nil })
			done <- err
		}()
		<-stuck
		ranB := func(now time.Time) bool {
			ran, err := b.RunPeriodic(ctx, d, now, p, func(context.Context) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			return ran
		}
		if ranB(t0.Add(time.Minute - time.Second)) {
			t.Fatal("B ran the job while A's lease lasted")
		}
		if !ranB(t0.Add(time.Minute)) {
			t.Fatal("B did not take over after A's lease ended")
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		var row struct {
			ClaimedBy string    `db:"claimed_by"`
			Next      time.Time `db:"next_run_at"`
		}
		if err := d.Get(ctx, &row, `SELECT claimed_by, next_run_at FROM job_runs WHERE name = ?`, p.Name); err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(time.Minute + p.Every); !row.Next.Equal(want) || row.ClaimedBy[:2] != "B/" {
			t.Fatalf("job_runs says %+v; want B's run, next at %v (A's late finish must not count)", row, want)
		}
	})
}
