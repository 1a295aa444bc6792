package support

import (
	"strings"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// TestCheckInThrottle counts bad tokens per address and window: a blocked
// address is refused even with a good token, another address is not, and
// the next window starts afresh.
func TestCheckInThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.svc.SetCheckInLimit(CheckInLimit{Failures: 3, Window: 10 * time.Minute})
		in, token := f.integration()
		bad := "ptm_" + strings.Repeat("0", 64)
		for i := range 3 {
			if _, err := f.svc.AuthenticateCheckIn(ctx, "198.51.100.7", bad); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("failure %d: %v", i+1, err)
			}
		}
		e := wantCode(t, func() error { _, err := f.svc.AuthenticateCheckIn(ctx, "198.51.100.7", bad); return err }(), apperr.Throttled)
		if e.RetryAfter <= 0 || e.RetryAfter > 10*time.Minute {
			t.Fatalf("retry after %v", e.RetryAfter)
		}
		if _, err := f.svc.AuthenticateCheckIn(ctx, "198.51.100.7", token); apperr.CodeOf(err) != apperr.Throttled {
			t.Fatalf("good token from a blocked address: %v", err)
		}
		if got, err := f.svc.AuthenticateCheckIn(ctx, "203.0.113.8", token); err != nil || got.ID != in.ID {
			t.Fatalf("another address: %+v %v", got, err)
		}
		f.advance(10 * time.Minute)
		if got, err := f.svc.AuthenticateCheckIn(ctx, "198.51.100.7", token); err != nil || got.ID != in.ID {
			t.Fatalf("next window: %+v %v", got, err)
		}
	})
}
