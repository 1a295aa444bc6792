package support

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// CheckInLimit bounds failed check-in authentications per client address
// in a fixed window. Tokens have 256 bits, so this is not about guessing
// one: it keeps a misconfigured or hostile client from hammering the
// token look-up, and makes a scan visible (429s) instead of silent.
type CheckInLimit struct {
	Failures int
	Window   time.Duration
}

// DefaultCheckInLimit allows 10 bad tokens per address per 10 minutes.
func DefaultCheckInLimit() CheckInLimit { return CheckInLimit{Failures: 10, Window: 10 * time.Minute} }

// SetCheckInLimit replaces the check-in throttle's limit.
func (s *Service) SetCheckInLimit(l CheckInLimit) { s.checkIn = l }

// AuthenticateCheckIn authenticates a check-in's bearer token from client
// (its address). An address with too many failures in the current window
// is refused outright (429 with the time left), valid token or not, so the
// answer says nothing about the token. Failures are counted with one
// atomic upsert, so concurrent bad requests cannot slip past the limit:
// of any burst, at most Failures answers are 401 and the rest 429.
func (s *Service) AuthenticateCheckIn(ctx context.Context, client, token string) (Integration, error) {
	now := s.now().UTC()
	start := now.Truncate(s.checkIn.Window)
	throttled := &apperr.Error{Code: apperr.Throttled, Key: "support.error.checkin_throttled", RetryAfter: start.Add(s.checkIn.Window).Sub(now)}
	var failures int
	if err := s.db.Get(ctx, &failures, `SELECT COALESCE(MAX(failures), 0) FROM support_checkin_failures WHERE client = ? AND window_start = ?`,
		client, start); err != nil {
		return Integration{}, fmt.Errorf("check-in throttle: %w", err)
	}
	if failures >= s.checkIn.Failures {
		return Integration{}, throttled
	}
	in, err := s.AuthenticateIntegration(ctx, token)
	if apperr.CodeOf(err) != apperr.Unauthorized {
		return in, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM support_checkin_failures WHERE window_start < ?`, start); err != nil {
			return err
		}
		return tx.Get(ctx, &failures, `INSERT INTO support_checkin_failures (client, window_start, failures) VALUES (?, ?, 1)
			ON CONFLICT (client, window_start) DO UPDATE SET failures = support_checkin_failures.failures + 1
			RETURNING failures`, client, start)
	})
	if err != nil {
		return Integration{}, fmt.Errorf("count check-in failure: %w", err)
	}
	if failures > s.checkIn.Failures {
		return Integration{}, throttled
	}
	return Integration{}, apperr.New(apperr.Unauthorized, "support.error.integration_token")
}
