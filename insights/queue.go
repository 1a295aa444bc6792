package insights

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/workcal"
	"posportal/onboarding"
)

// queue is what waits for a reviewer now (submitted or in review): how
// many, how many past the SLA deadline, and the oldest's age in hours.
// The deadline never falls as the submission gets later, so "overdue" is
// "submitted before a cutoff" and the count stays in the database.
func (s *Service) queue(ctx context.Context, cal *workcal.Calendar, now time.Time) (Queue, error) {
	d := dialect{s.db.Dialect}
	q := `SELECT COUNT(*) AS waiting,
		COALESCE(SUM(CASE WHEN submitted_at < ? THEN 1 ELSE 0 END), 0) AS overdue,
		MIN(` + d.epoch("submitted_at") + `) AS oldest
	FROM applications WHERE status IN ('submitted', 'in_review') AND submitted_at IS NOT NULL`
	var row struct {
		Waiting int      `db:"waiting"`
		Overdue int      `db:"overdue"`
		Oldest  *float64 `db:"oldest"`
	}
	if err := s.db.Get(ctx, &row, q, overdueCutoff(cal, now).UTC()); err != nil {
		return Queue{}, fmt.Errorf("insights queue: %w", err)
	}
	out := Queue{Waiting: row.Waiting, Overdue: row.Overdue}
	if row.Oldest != nil {
		age := float64(now.UnixNano())/1e9 - *row.Oldest
		out.OldestHours = round(age/3600, 2)
	}
	return out, nil
}

// overdueCutoff is the earliest submission time whose review deadline has
// not passed at now: a waiting application submitted before it is
// overdue, exactly as the queue's flag (now after the deadline) says. The
// deadline is monotonic in the submission time, so a binary search over
// the last ten years finds the cutoff to the nanosecond.
func overdueCutoff(cal *workcal.Calendar, now time.Time) time.Time {
	overdue := func(t time.Time) bool {
		return now.After(cal.AddBusinessDays(t, onboarding.ReviewSLABusinessDays))
	}
	lo, hi := now.AddDate(-10, 0, 0), now // overdue(lo), !overdue(hi)
	for hi.Sub(lo) > 1 {
		mid := lo.Add(hi.Sub(lo) / 2)
		if overdue(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}
