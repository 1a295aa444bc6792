package throttle_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/throttle"
)

// Of a burst of concurrent failures from one address exactly the limit
// stay within it, whatever the interleaving; another address and the next
// window start afresh.
func TestWindowCountsABurstExactly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := throttle.Window{Table: "api_token_failures", Failures: 5, Window: 10 * time.Minute}
		now := time.Date(2026, 12, 4, 10, 3, 0, 0, time.UTC)
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			within   int
			start    = make(chan struct{})
			failures = make(chan error, 20)
		)
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				over, left, err := w.Count(ctx, d, "198.51.100.7", now)
				if err != nil {
					failures <- err
					return
				}
				if left != 7*time.Minute {
					t.Errorf("time left %v, want the rest of the window (7m)", left)
				}
				if !over {
					mu.Lock()
					within++
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		close(failures)
		for err := range failures {
			t.Fatal(err)
		}
		if within != 5 {
			t.Fatalf("%d of 20 concurrent failures within a limit of 5", within)
		}
		if over, _, err := w.Over(ctx, d, "198.51.100.7", now); err != nil || !over {
			t.Fatalf("address over its limit: over=%v, %v", over, err)
		}
		if over, _, err := w.Over(ctx, d, "198.51.100.8", now); err != nil || over {
			t.Fatalf("another address: over=%v, %v", over, err)
		}
		next := now.Add(10 * time.Minute)
		if over, _, err := w.Over(ctx, d, "198.51.100.7", next); err != nil || over {
			t.Fatalf("next window: over=%v, %v", over, err)
		}
		if over, _, err := w.Count(ctx, d, "198.51.100.7", next); err != nil || over {
			t.Fatalf("first failure of the next window: over=%v, %v", over, err)
		}
	})
}
