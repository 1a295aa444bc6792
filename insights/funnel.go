package insights

import (
	"context"
	"fmt"
)

// funnel counts how many applications of the cohort ever reached each
// stage — a cancelled installation booked again counts once — and how
// many ended rejected or withdrawn.
func (s *Service) funnel(ctx context.Context, r Range) ([]FunnelStage, int, int, error) {
	cohortSQL, args := cohort(r)
	q := `WITH ` + cohortSQL + `,
	reached AS (
		SELECT c.id,
			MAX(CASE WHEN e.to_status = 'approved' THEN 1 ELSE 0 END) AS approved,
			MAX(CASE WHEN e.to_status = 'contract_signed' THEN 1 ELSE 0 END) AS contract_signed,
			MAX(CASE WHEN e.to_status = 'installation_scheduled' THEN 1 ELSE 0 END) AS installation_scheduled,
			MAX(CASE WHEN e.to_status = 'installed' THEN 1 ELSE 0 END) AS installed,
			MAX(CASE WHEN e.to_status = 'active' THEN 1 ELSE 0 END) AS active,
			MAX(CASE WHEN e.to_status = 'rejected' THEN 1 ELSE 0 END) AS rejected,
			MAX(CASE WHEN e.to_status = 'withdrawn' THEN 1 ELSE 0 END) AS withdrawn
		FROM cohort c JOIN application_events e ON e.application_id = c.id
		GROUP BY c.id)
	SELECT COUNT(*) AS submitted, COALESCE(SUM(approved), 0) AS approved, COALESCE(SUM(contract_signed), 0) AS contract_signed,
		COALESCE(SUM(installation_scheduled), 0) AS installation_scheduled, COALESCE(SUM(installed), 0) AS installed,
		COALESCE(SUM(active), 0) AS active, COALESCE(SUM(rejected), 0) AS rejected, COALESCE(SUM(withdrawn), 0) AS withdrawn
	FROM reached`
	var n struct {
		Submitted             int `db:"submitted"`
		Approved              int `db:"approved"`
		ContractSigned        int `db:"contract_signed"`
		InstallationScheduled int `db:"installation_scheduled"`
		Installed             int `db:"installed"`
		Active                int `db:"active"`
		Rejected              int `db:"rejected"`
		Withdrawn             int `db:"withdrawn"`
	}
	if err := s.db.Get(ctx, &n, q, args...); err != nil {
		return nil, 0, 0, fmt.Errorf("insights funnel: %w", err)
	}
	reached := map[Stage]int{StageSubmitted: n.Submitted, StageApproved: n.Approved, StageContractSigned: n.ContractSigned,
		StageInstallationScheduled: n.InstallationScheduled, StageInstalled: n.Installed, StageActive: n.Active}
	out := make([]FunnelStage, 0, len(FunnelStages))
	for _, st := range FunnelStages {
		out = append(out, FunnelStage{Stage: st, Count: reached[st]})
	}
	return out, n.Rejected, n.Withdrawn, nil
}
