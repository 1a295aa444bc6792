package insights

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/shanghai"
	"posportal/internal/workcal"
	"posportal/onboarding"
)

// reviewSLA counts the cohort's decisions (approve or reject) and those
// made by the deadline the review queue shows: ReviewSLABusinessDays
// business days after the submission they answered (a resubmission after
// a request for information restarts the clock, as in the queue).
//
// The deadline depends only on the submission's Shanghai day, so the
// service hands the query a per-day table built with the calendar: on a
// business day the deadline is the submission plus a fixed number of
// seconds; on a day off it is a fixed moment (the clock starts at the next
// business day's midnight).
func (s *Service) reviewSLA(ctx context.Context, r Range, cal *workcal.Calendar, now time.Time) (ReviewSLA, error) {
	d := dialect{s.db.Dialect}
	last := now
	if r.End.After(last) {
		last = r.End
	}
	days, err := jsonParam(deadlineTable(cal, r.Start, last))
	if err != nil {
		return ReviewSLA{}, err
	}
	cohortSQL, args := cohort(r)
	q := `WITH ` + cohortSQL + `,
	decisions AS (
		SELECT e.actor_id, ` + d.epoch("a.submitted_at") + ` AS sub, ` + d.epoch("e.created_at") + ` AS dec,
			` + d.shanghaiDay("a.submitted_at") + ` AS sub_day
		FROM cohort c JOIN applications a ON a.id = c.id
		JOIN application_events e ON e.application_id = a.id AND e.to_status IN ('approved', 'rejected')),
	deadlines AS (SELECT ` + d.jsonNum("t", 0) + ` AS day, ` + d.jsonNum("t", 1) + ` AS shift, ` + d.jsonNum("t", 2) + ` AS fixed
		FROM ` + d.jsonRows("t") + `)
	SELECT x.actor_id, COALESCE(u.name, '') AS reviewer, COUNT(*) AS decided,
		SUM(CASE WHEN x.dec <= CASE WHEN l.shift > 0 THEN x.sub + l.shift ELSE l.fixed END THEN 1 ELSE 0 END) AS within_sla
	FROM decisions x JOIN deadlines l ON l.day = x.sub_day
	LEFT JOIN users u ON u.id = x.actor_id
	GROUP BY x.actor_id, u.name
	ORDER BY COALESCE(u.name, ''), x.actor_id`
	var rows []struct {
		ActorID   *int64 `db:"actor_id"`
		Reviewer  string `db:"reviewer"`
		Decided   int    `db:"decided"`
		WithinSLA int    `db:"within_sla"`
	}
	if err := s.db.Select(ctx, &rows, q, append(args, days)...); err != nil {
		return ReviewSLA{}, fmt.Errorf("insights review SLA: %w", err)
	}
	out := ReviewSLA{ByReviewer: []ReviewerSLA{}}
	for _, row := range rows {
		out.Decided += row.Decided
		out.WithinSLA += row.WithinSLA
		out.ByReviewer = append(out.ByReviewer, ReviewerSLA{Reviewer: row.Reviewer, Decided: row.Decided, WithinSLA: row.WithinSLA})
	}
	out.Rate = ratio(float64(out.WithinSLA), float64(out.Decided))
	return out, nil
}

// deadlineTable is one row [day number, shift seconds, fixed deadline] per
// Asia/Shanghai day from the day of from to the day after until. Shift is
// 0 on days off, where fixed applies.
func deadlineTable(cal *workcal.Calendar, from, until time.Time) [][3]float64 {
	start := midnight(from)
	end := midnight(until).AddDate(0, 0, 2)
	var out [][3]float64
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		due := cal.AddBusinessDays(day, onboarding.ReviewSLABusinessDays)
		row := [3]float64{float64(dayNumber(day)), 0, 0}
		if cal.IsBusinessDay(day) {
			row[1] = due.Sub(day).Seconds()
		} else {
			row[2] = float64(due.Unix())
		}
		out = append(out, row)
	}
	return out
}

func midnight(t time.Time) time.Time {
	l := t.In(shanghai.Location)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, shanghai.Location)
}

// dayNumber matches dialect.shanghaiDay.
func dayNumber(t time.Time) int64 {
	return (t.Unix() + 28800) / 86400
}
