package support

import (
	"context"
	"fmt"
	"time"

	"posportal/internal/db"
	"posportal/internal/i18n"
	"posportal/internal/shanghai"
	"posportal/support/knowledge"
)

// Finding is what a context check found, with its evidence in both
// languages, written when the session starts so the report shows what the
// merchant saw even after the notice or release changes.
type Finding struct {
	Check    knowledge.Check `json:"check"`
	Evidence knowledge.Text  `json:"evidence"`
}

func finding(c knowledge.Check, key string, args ...any) Finding {
	return Finding{Check: c, Evidence: knowledge.Text{ZH: i18n.T(i18n.ZH, key, args...), EN: i18n.T(i18n.EN, key, args...)}}
}

func stamp(t time.Time) string { return t.In(shanghai.Location).Format("2006-01-02 15:04") }

// contextChecks runs §6's checks for a device in the spec's order and
// returns what they found plus the release the device runs (nil if the
// portal does not know it).
func (s *Service) contextChecks(ctx context.Context, q db.Querier, d Device, now time.Time) ([]Finding, *Release, error) {
	out := []Finding{}
	now = now.UTC()
	outages, err := s.activeNotices(ctx, q, d, OutageNotice, now)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range outages {
		out = append(out, Finding{Check: knowledge.CheckOutage, Evidence: knowledge.Text{
			ZH: i18n.T(i18n.ZH, "support.finding.outage", n.Title(i18n.ZH), d.ProviderName, stamp(n.StartsAt)),
			EN: i18n.T(i18n.EN, "support.finding.outage", n.Title(i18n.EN), d.ProviderName, stamp(n.StartsAt)),
		}})
	}
	rel, err := releaseFor(ctx, q, d.ModelID, d.FirmwareVersion)
	if err != nil {
		return nil, nil, err
	}
	if rel != nil && rel.MinHardwareRevision != "" {
		m, err := s.catalog.Model(ctx, d.ModelID)
		if err != nil {
			return nil, nil, fmt.Errorf("device model: %w", err)
		}
		if revisionBelow(m.HardwareRevisions, d.HardwareRevision, rel.MinHardwareRevision) {
			out = append(out, finding(knowledge.CheckHardwareBelowMinimum, "support.finding.hardware_below_minimum",
				d.HardwareRevision, rel.MinHardwareRevision, rel.Version))
		}
	}
	if rel != nil && (rel.Status == Paused || rel.Status == Withdrawn) {
		out = append(out, finding(knowledge.CheckReleasePausedOrWithdrawn, "support.finding.release_"+string(rel.Status), rel.Version))
	}
	if !d.UpgradeCompleted {
		when := "—"
		if d.LastCheckinAt != nil {
			when = stamp(*d.LastCheckinAt)
		}
		out = append(out, finding(knowledge.CheckUpgradeIncomplete, "support.finding.upgrade_incomplete", when, d.FirmwareVersion))
	}
	policies, err := s.activeNotices(ctx, q, d, PolicyNotice, now)
	if err != nil {
		return nil, nil, err
	}
	for _, n := range policies {
		out = append(out, Finding{Check: knowledge.CheckPolicyNotice, Evidence: knowledge.Text{
			ZH: i18n.T(i18n.ZH, "support.finding.policy", n.Title(i18n.ZH), stamp(n.StartsAt)),
			EN: i18n.T(i18n.EN, "support.finding.policy", n.Title(i18n.EN), stamp(n.StartsAt)),
		}})
	}
	return out, rel, nil
}

// activeNotices returns the active merchant notices of kind that concern
// device d: aimed at everyone, its model or its provider.
func (s *Service) activeNotices(ctx context.Context, q db.Querier, d Device, kind NoticeKind, now time.Time) ([]Notice, error) {
	var out []Notice
	err := q.Select(ctx, &out, `SELECT `+noticeColumns+`, FALSE AS acknowledged FROM support_notices n
		WHERE n.audience = 'merchants' AND n.kind = ? AND `+activeWindow+`
		AND (n.target = 'all' OR (n.target = 'model' AND n.model_id = ?) OR (n.target = 'provider' AND n.provider_id = ?))
		ORDER BY n.starts_at, n.id`, kind, now, now, d.ModelID, d.ProviderID)
	if err != nil {
		return nil, fmt.Errorf("active %s notices: %w", kind, err)
	}
	return out, nil
}
