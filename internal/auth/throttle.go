package auth

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// throttled answers 429 when the account or the client address has too
// many recent failures. It says the same for known and unknown emails.
func (s *Service) throttled(ctx context.Context, email, ip string) error {
	now := s.now()
	since := now.Add(-s.policy.FailureWindow)
	check := func(column, value string, limit int) error {
		// The oldest counted failure leaving the window is when the next
		// attempt is allowed: that is the Retry-After.
		var times []time.Time
		err := s.db.Select(ctx, &times, `SELECT created_at FROM login_failures
			WHERE `+column+` = ? AND created_at > ? ORDER BY created_at LIMIT ?`, value, since.UTC(), limit)
		if err != nil {
			return fmt.Errorf("count login failures: %w", err)
		}
		if len(times) < limit {
			return nil
		}
		wait := max(times[0].Add(s.policy.FailureWindow).Sub(now), time.Second)
		return &apperr.Error{Code: apperr.Throttled, Key: "error.throttled", RetryAfter: wait}
	}
	if err := check("email", email, s.policy.MaxFailuresPerAccount); err != nil {
		return err
	}
	return check("ip", ip, s.policy.MaxFailuresPerIP)
}

func recordFailure(ctx context.Context, q db.Querier, now time.Time, email, ip string) error {
	_, err := q.Exec(ctx, `INSERT INTO login_failures (email, ip, created_at) VALUES (?, ?, ?)`, email, ip, now.UTC())
	if err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}
