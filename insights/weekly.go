package insights

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/shanghai"
)

// weekly is the trend line: per Monday-based week of the range, the
// cohort's first submissions and the applications that went live then.
func (s *Service) weekly(ctx context.Context, r Range) ([]Week, error) {
	d := dialect{s.db.Dialect}
	cohortSQL, args := cohort(r)
	q := `WITH ` + cohortSQL + `
	SELECT 'submitted' AS kind, ` + d.shanghaiWeek("c.submitted") + ` AS week, COUNT(*) AS n FROM cohort c GROUP BY 2
	UNION ALL
	SELECT 'activated', ` + d.shanghaiWeek("e.created_at") + `, COUNT(DISTINCT e.application_id)
	FROM application_events e WHERE e.to_status = 'active' AND e.created_at >= ? AND e.created_at < ? GROUP BY 2`
	var rows []struct {
		Kind string `db:"kind"`
		Week int64  `db:"week"`
		N    int    `db:"n"`
	}
	if err := s.db.Select(ctx, &rows, q, append(args, r.Start.UTC(), r.End.UTC())...); err != nil {
		return nil, fmt.Errorf("insights weekly: %w", err)
	}
	first, last := weekNumber(r.Start), weekNumber(r.End.Add(-time.Nanosecond))
	out := make([]Week, 0, last-first+1)
	for w := first; w <= last; w++ {
		out = append(out, Week{Start: weekStart(w).Format(time.DateOnly)})
	}
	for _, row := range rows {
		i := row.Week - first
		if i < 0 || i >= int64(len(out)) {
			continue
		}
		if row.Kind == "submitted" {
			out[i].Submitted = row.N
		} else {
			out[i].Activated = row.N
		}
	}
	return out, nil
}

// weekNumber matches dialect.shanghaiWeek.
func weekNumber(t time.Time) int64 { return (t.Unix() + 28800 - 345600) / 604800 }

func weekStart(w int64) time.Time {
	return time.Unix(w*604800+345600-28800, 0).In(shanghai.Location)
}
