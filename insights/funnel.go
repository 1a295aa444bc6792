package insights

import (
	"context"
	"fmt"
)

// funnel counts how many applications of the cohort ever reached each
// stage — a cancelled installation booked again counts once — and how
// many ended rejected or withdrawn.
func (s *Service) funnel(ctx context.Context, r Range) ([]FunnelStage, int, int, error) {
	q := `WITH ` + cohort + `
	SELECT e.to_status AS stage, COUNT(DISTINCT e.application_id) AS n
	FROM cohort c JOIN application_events e ON e.application_id = c.id
	WHERE e.to_status IN ('submitted', 'approved', 'contract_signed', 'installation_scheduled', 'installed', 'active', 'rejected', 'withdrawn')
	GROUP BY e.to_status`
	var rows []struct {
		Stage Stage `db:"stage"`
		N     int   `db:"n"`
	}
	if err := s.db.Select(ctx, &rows, q, r.Start.UTC(), r.End.UTC()); err != nil {
		return nil, 0, 0, fmt.Errorf("insights funnel: %w", err)
	}
	n := map[Stage]int{}
	for _, row := range rows {
		n[row.Stage] = row.N
	}
	out := make([]FunnelStage, 0, len(FunnelStages))
	for _, st := range FunnelStages {
		out = append(out, FunnelStage{Stage: st, Count: n[st]})
	}
	return out, n["rejected"], n["withdrawn"], nil
}
