package scheduling

import (
	"context"
	"time"
)

// ClaimReminders and ClaimOutbox take a claim the way SendDue and
// DeliverDue do and stop there, as an instance that crashed right after
// claiming would.
func (s *Service) ClaimReminders(ctx context.Context, now time.Time) ([]int64, error) {
	_, ids, err := s.claimReminders(ctx, now)
	return ids, err
}

func (s *Service) ClaimOutbox(ctx context.Context, now time.Time) ([]int64, error) {
	_, ids, err := s.claimOutbox(ctx, now)
	return ids, err
}
