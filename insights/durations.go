package insights

import (
	"context"
	"fmt"

	"posportal/internal/db"
)

// spans are the stage pairs of §15, in the order they are reported.
var spans = []struct{ from, to Stage }{
	{StageSubmitted, StageDecided},
	{StageApproved, StageContractSigned},
	{StageContractSigned, StageInstalled},
	{StageInstalled, StageActive},
	{StageSubmitted, StageActive},
}

// stageDurations measures, per pair of stages, the hours between the first
// time an application of the cohort reached each: median and 90th
// percentile, continuous (interpolated) on both databases.
func (s *Service) stageDurations(ctx context.Context, r Range) ([]StageDuration, error) {
	d := dialect{s.db.Dialect}
	hours := func(a, b string) string { return "(" + d.epoch(b) + " - " + d.epoch(a) + ") / 3600.0" }
	cohortSQL, args := cohort(r)
	q := `WITH ` + cohortSQL + `,
	firsts AS (
		SELECT c.id, c.submitted,
			MIN(CASE WHEN e.to_status IN ('approved', 'rejected') THEN e.created_at END) AS decided,
			MIN(CASE WHEN e.to_status = 'approved' THEN e.created_at END) AS approved,
			MIN(CASE WHEN e.to_status = 'contract_signed' THEN e.created_at END) AS signed,
			MIN(CASE WHEN e.to_status = 'installed' THEN e.created_at END) AS installed,
			MIN(CASE WHEN e.to_status = 'active' THEN e.created_at END) AS active
		FROM cohort c JOIN application_events e ON e.application_id = c.id
		GROUP BY c.id, c.submitted),
	spans AS (
		SELECT 0 AS pos, ` + hours("submitted", "decided") + ` AS h FROM firsts WHERE decided IS NOT NULL
		UNION ALL SELECT 1, ` + hours("approved", "signed") + ` FROM firsts WHERE approved IS NOT NULL AND signed IS NOT NULL
		UNION ALL SELECT 2, ` + hours("signed", "installed") + ` FROM firsts WHERE signed IS NOT NULL AND installed IS NOT NULL
		UNION ALL SELECT 3, ` + hours("installed", "active") + ` FROM firsts WHERE installed IS NOT NULL AND active IS NOT NULL
		UNION ALL SELECT 4, ` + hours("submitted", "active") + ` FROM firsts WHERE active IS NOT NULL)`
	if s.db.Dialect == db.Postgres {
		q += `
	SELECT pos, COUNT(*) AS n,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS median,
		percentile_cont(0.9) WITHIN GROUP (ORDER BY h) AS p90
	FROM spans GROUP BY pos`
	} else {
		// percentile_cont by hand: the value at position p·(n−1) of the
		// sorted list, interpolated between its two neighbours.
		pct := func(p string) string {
			k := "(" + p + " * (n - 1))"
			lo := "CAST(" + k + " AS INTEGER)"
			return `SUM(CASE WHEN rn = ` + lo + ` + 1 THEN h * (1 - (` + k + ` - ` + lo + `))
				WHEN rn = ` + lo + ` + 2 THEN h * (` + k + ` - ` + lo + `) ELSE 0 END)`
		}
		q += `,
	ranked AS (SELECT pos, h, ROW_NUMBER() OVER (PARTITION BY pos ORDER BY h) AS rn, COUNT(*) OVER (PARTITION BY pos) AS n FROM spans)
	SELECT pos, MAX(n) AS n, ` + pct("0.5") + ` AS median, ` + pct("0.9") + ` AS p90
	FROM ranked GROUP BY pos`
	}
	var rows []struct {
		Pos    int     `db:"pos"`
		N      int     `db:"n"`
		Median float64 `db:"median"`
		P90    float64 `db:"p90"`
	}
	if err := s.db.Select(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("insights stage durations: %w", err)
	}
	out := make([]StageDuration, len(spans))
	for i, sp := range spans {
		out[i] = StageDuration{From: sp.from, To: sp.to}
	}
	for _, row := range rows {
		out[row.Pos].Count = row.N
		out[row.Pos].MedianHours = round(row.Median, 2)
		out[row.Pos].P90Hours = round(row.P90, 2)
	}
	return out, nil
}
