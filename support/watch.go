package support

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/i18n"
	"posportal/internal/jobs"
)

// WatchConfig holds the regression watch's thresholds (§6).
type WatchConfig struct {
	// Window is how soon after an upgrade a problem counts against it.
	Window time.Duration
	// ShareBP is the share of upgraded devices with a problem, in basis
	// points, at which a release becomes suspect (500 = 5%).
	ShareBP int
	// MinDevices is the least number of devices with a problem, so two
	// unlucky terminals in a small rollout do not pause it.
	MinDevices int
	// Interval is how often the background job runs.
	Interval time.Duration
}

// DefaultWatchConfig is §6's default: 5% and at least 3 devices within 72 h.
func DefaultWatchConfig() WatchConfig {
	return WatchConfig{Window: 72 * time.Hour, ShareBP: 500, MinDevices: 3, Interval: 10 * time.Minute}
}

// Suspect reports whether problems out of upgraded devices reach the
// thresholds. Integer arithmetic: problems/upgraded ≥ ShareBP/10000.
func (c WatchConfig) Suspect(problems, upgraded int) bool {
	return upgraded > 0 && problems >= c.MinDevices && problems*10000 >= c.ShareBP*upgraded
}

// WatchResult is what one run of the watch found for a release.
type WatchResult struct {
	Release  Release
	Upgraded int
	Problems int
	Flagged  bool
}

// RunWatch checks every release not already suspect and flags those whose
// devices report problems at the threshold: the release becomes suspect,
// a rolling-out release is paused, admins get a staff notice and merchants
// with that model get an upgrade notice — all in one transaction per
// release. It returns what it looked at; call it directly in tests.
func (s *Service) RunWatch(ctx context.Context) ([]WatchResult, error) {
	var rels []Release
	live, args := releaseStatusIn("r.status", liveReleaseStatuses())
	if err := s.db.Select(ctx, &rels, releaseSelect+` WHERE r.suspect = ? AND `+live+` ORDER BY r.id`, append([]any{false}, args...)...); err != nil {
		return nil, fmt.Errorf("watch releases: %w", err)
	}
	var out []WatchResult
	for _, r := range rels {
		res, err := s.watchRelease(ctx, r)
		if err != nil {
			return out, err
		}
		out = append(out, res)
	}
	return out, nil
}

func (s *Service) watchRelease(ctx context.Context, r Release) (WatchResult, error) {
	res := WatchResult{Release: r}
	var since struct {
		At *time.Time `db:"watch_since"`
	}
	if err := s.db.Get(ctx, &since, `SELECT watch_since FROM support_releases WHERE id = ?`, r.ID); err != nil {
		return res, fmt.Errorf("watch since: %w", err)
	}
	var rows []struct {
		DeviceID   int64      `db:"id"`
		UpgradedAt time.Time  `db:"upgraded_at"`
		TicketAt   *time.Time `db:"ticket_at"`
	}
	err := s.db.Select(ctx, &rows, `SELECT d.id, d.upgraded_at, t.created_at AS ticket_at
		FROM support_devices d LEFT JOIN support_tickets t ON t.device_id = d.id AND t.created_at >= d.upgraded_at
		WHERE d.model_id = ? AND d.firmware_version = ? AND d.upgraded_at IS NOT NULL ORDER BY d.id`, r.ModelID, r.Version)
	if err != nil {
		return res, fmt.Errorf("watch devices: %w", err)
	}
	seen, hit := map[int64]bool{}, map[int64]bool{}
	for _, row := range rows {
		seen[row.DeviceID] = true
		if row.TicketAt == nil || row.TicketAt.Sub(row.UpgradedAt) > s.watch.Window {
			continue
		}
		if since.At != nil && row.TicketAt.Before(*since.At) {
			continue
		}
		hit[row.DeviceID] = true
	}
	res.Upgraded, res.Problems = len(seen), len(hit)
	if !s.watch.Suspect(res.Problems, res.Upgraded) {
		return res, nil
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		u, err := tx.Exec(ctx, `UPDATE support_releases SET suspect = ?, suspect_at = ?, updated_at = ? WHERE id = ? AND suspect = ?`,
			true, now, now, r.ID, false)
		if err != nil {
			return fmt.Errorf("flag release: %w", err)
		}
		if n, _ := u.RowsAffected(); n == 0 {
			return nil // flagged by another run meanwhile
		}
		cur, err := releaseByID(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if cur.Status == RollingOut {
			if err := s.moveRelease(ctx, tx, cur, Paused, nil, "watch", map[string]any{"reason": "suspect"}); err != nil {
				return err
			}
		}
		res.Flagged = true
		share := fmt.Sprintf("%d/%d", res.Problems, res.Upgraded)
		model := r.ModelID
		text := func(audience, key string) NewNotice {
			return NewNotice{Kind: UpgradeNotice, Target: TargetModel, ModelID: &model, StartsAt: now,
				TitleZH:  i18n.T(i18n.ZH, key+".title", r.ModelName, r.Version),
				TitleEN:  i18n.T(i18n.EN, key+".title", r.ModelName, r.Version),
				BodyZH:   i18n.T(i18n.ZH, key+".body", r.ModelName, r.Version, share),
				BodyEN:   i18n.T(i18n.EN, key+".body", r.ModelName, r.Version, share),
				audience: audience, releaseID: &r.ID}
		}
		if _, err := s.insertNotice(ctx, tx, nil, text(AudienceStaff, "support.watch.staff"), "watch"); err != nil {
			return err
		}
		if _, err := s.insertNotice(ctx, tx, nil, text(AudienceMerchants, "support.watch.merchants"), "watch"); err != nil {
			return err
		}
		if err := record(ctx, tx, now, nil, "watch", "support.release.suspect", "release", r.ID, nil,
			map[string]any{"upgraded": res.Upgraded, "problems": res.Problems, "from": cur.Status}); err != nil {
			return err
		}
		return emitSuspect(ctx, tx, now, r.ID)
	})
	if apperr.CodeOf(err) == apperr.Conflict {
		// An admin moved the release while it was being paused: nothing
		// was flagged, and the next run judges it again.
		res.Flagged = false
		return res, nil
	}
	return res, err
}

// watchJob is the regression watch as job_runs records it.
const watchJob = "support.regression_watch"

// Watch runs the regression watch once per Interval across all portal
// instances until ctx ends: every instance polls (at least once a minute),
// and the first to find the job due claims it for a lease and runs it, so
// a watch that died with its instance is run by another one. Errors are
// logged and the next interval tries again.
func (s *Service) Watch(ctx context.Context, log *slog.Logger) {
	t := time.NewTicker(min(s.watch.Interval, time.Minute))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.WatchOnce(ctx, log); err != nil && ctx.Err() == nil {
				log.Error("regression watch", "error", err.Error())
			}
		}
	}
}

// WatchOnce runs the watch if it is due and no other instance is running
// it, and reports whether it ran here.
func (s *Service) WatchOnce(ctx context.Context, log *slog.Logger) (bool, error) {
	return s.worker.RunPeriodic(ctx, s.db, s.now(), jobs.Periodic{Name: watchJob, Every: s.watch.Interval}, func(ctx context.Context) error {
		res, err := s.RunWatch(ctx)
		for _, r := range res {
			if r.Flagged {
				log.Warn("firmware release flagged suspect and paused", "release_id", r.Release.ID,
					"version", r.Release.Version, "problems", r.Problems, "upgraded", r.Upgraded)
			}
		}
		return err
	})
}
