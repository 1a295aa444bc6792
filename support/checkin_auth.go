package support

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/throttle"
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
	now := s.now()
	w := throttle.Window{Table: "support_checkin_failures", Failures: s.checkIn.Failures, Window: s.checkIn.Window}
	throttled := func(left time.Duration) error {
		return &apperr.Error{Code: apperr.Throttled, Key: "support.error.checkin_throttled", RetryAfter: left}
	}
	if over, left, err := w.Over(ctx, s.db, client, now); err != nil || over {
		if err != nil {
			return Integration{}, fmt.Errorf("check-in throttle: %w", err)
		}
		return Integration{}, throttled(left)
	}
	in, err := s.AuthenticateIntegration(ctx, token)
	if apperr.CodeOf(err) != apperr.Unauthorized {
		return in, err
	}
	over, left, err := w.Count(ctx, s.db, client, now)
	if err != nil {
		return Integration{}, err
	}
	if over {
		return Integration{}, throttled(left)
	}
	return Integration{}, apperr.New(apperr.Unauthorized, "support.error.integration_token")
}
