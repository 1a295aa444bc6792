package support

import (
	"fmt"
	"log/slog"
	"sync"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/jobs"
)

// TestWatchRunsOnOneInstance: two instances whose watch comes due at the
// same moment run it once between them, so admins get one notice.
func TestWatchRunsOnOneInstance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rel := f.release("3.2.0", "", RollingOut)
		in, _ := f.integration()
		for i := range 3 {
			dev := f.device(f.merchant, fmt.Sprintf("SN-%04d", i), "A2", "3.1.0")
			if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: "3.2.0"}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "无法交易", "P1", ""); err != nil {
				t.Fatal(err)
			}
		}
		var ran [2]bool
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 2 {
			s := NewService(d, testTree, f.clock)
			s.SetWorker(jobs.NewWorker(0))
			wg.Go(func() {
				<-start
				r, err := s.WatchOnce(ctx, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Error(err)
				}
				ran[i] = r
			})
		}
		close(start)
		wg.Wait()
		if ran[0] == ran[1] {
			t.Fatalf("watch ran on instances %v; want exactly one", ran)
		}
		if r, _ := f.svc.Release(ctx, rel.ID); !r.Suspect {
			t.Fatal("the release was not flagged")
		}
		var runs int
		if err := d.Get(ctx, &runs, `SELECT COUNT(*) FROM job_runs WHERE name = ? AND last_run_at IS NOT NULL`, watchJob); err != nil || runs != 1 {
			t.Fatalf("job_runs rows %d, %v", runs, err)
		}
	})
}
