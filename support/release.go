package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// ReleaseStatus is where a firmware release's rollout stands.
type ReleaseStatus string

// Release statuses (§6).
const (
	RollingOut ReleaseStatus = "rolling_out"
	Paused     ReleaseStatus = "paused"
	Withdrawn  ReleaseStatus = "withdrawn"
)

// ReleaseStatuses lists every status, for forms.
var ReleaseStatuses = []ReleaseStatus{RollingOut, Paused, Withdrawn}

// Valid reports whether st is known.
func (st ReleaseStatus) Valid() bool { return slices.Contains(ReleaseStatuses, st) }

// Release is a firmware version published for one terminal model.
type Release struct {
	ID                  int64         `db:"id" json:"id"`
	ModelID             int64         `db:"model_id" json:"model_id"`
	ModelName           string        `db:"model_name" json:"model"`
	Version             string        `db:"version" json:"version"`
	MinHardwareRevision string        `db:"min_hardware_revision" json:"min_hardware_revision"`
	Status              ReleaseStatus `db:"status" json:"status"`
	Notes               string        `db:"notes" json:"notes"`
	Suspect             bool          `db:"suspect" json:"suspect"`
	SuspectAt           *time.Time    `db:"suspect_at" json:"suspect_at"`
	CreatedAt           time.Time     `db:"created_at" json:"created_at"`
}

const releaseSelect = `SELECT r.id, r.model_id, b.name || ' ' || m.name AS model_name, r.version, r.min_hardware_revision,
	r.status, r.notes, r.suspect, r.suspect_at, r.created_at
	FROM support_releases r JOIN catalog_models m ON m.id = r.model_id JOIN catalog_brands b ON b.id = m.brand_id`

// NewRelease is an admin's release form.
type NewRelease struct {
	ModelID             int64         `json:"model_id"`
	Version             string        `json:"version"`
	MinHardwareRevision string        `json:"min_hardware_revision"`
	Status              ReleaseStatus `json:"status"`
	Notes               string        `json:"notes"`
}

// Releases lists every release, newest first.
func (s *Service) Releases(ctx context.Context) ([]Release, error) {
	var out []Release
	if err := s.db.Select(ctx, &out, releaseSelect+` ORDER BY r.created_at DESC, r.id DESC`); err != nil {
		return nil, fmt.Errorf("list releases: %w", err)
	}
	return out, nil
}

// Release returns one release.
func (s *Service) Release(ctx context.Context, id int64) (Release, error) {
	return releaseByID(ctx, s.db, id)
}

func releaseByID(ctx context.Context, q db.Querier, id int64) (Release, error) {
	var r Release
	err := q.Get(ctx, &r, releaseSelect+` WHERE r.id = ?`, id)
	return r, notFound(err, "release")
}

// releaseFor is the release a device runs, if the portal knows it.
func releaseFor(ctx context.Context, q db.Querier, modelID int64, version string) (*Release, error) {
	var rs []Release
	if err := q.Select(ctx, &rs, releaseSelect+` WHERE r.model_id = ? AND r.version = ?`, modelID, version); err != nil {
		return nil, fmt.Errorf("release for device: %w", err)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	return &rs[0], nil
}

// CreateRelease publishes a release (admin).
func (s *Service) CreateRelease(ctx context.Context, actor *auth.User, n NewRelease, ip string) (Release, error) {
	if err := requireAdmin(actor); err != nil {
		return Release{}, err
	}
	n.Version = strings.TrimSpace(n.Version)
	n.MinHardwareRevision = strings.TrimSpace(n.MinHardwareRevision)
	n.Notes = strings.TrimSpace(n.Notes)
	if n.Status == "" {
		n.Status = RollingOut
	}
	f := map[string]string{}
	if !versionPattern.MatchString(n.Version) {
		f["version"] = "support.field.version"
	}
	if !n.Status.Valid() {
		f["status"] = "support.field.choose"
	}
	if utf8.RuneCountInString(n.Notes) > 2000 {
		f["notes"] = "field.too_long"
	}
	if m, err := s.catalog.Model(ctx, n.ModelID); err != nil {
		f["model_id"] = "support.field.choose"
	} else if n.MinHardwareRevision != "" && !slices.Contains(m.HardwareRevisions, n.MinHardwareRevision) {
		f["min_hardware_revision"] = "support.field.revision"
	}
	if err := fieldsErr(f); err != nil {
		return Release{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		err := tx.Get(ctx, &id, `INSERT INTO support_releases (model_id, version, min_hardware_revision, status, notes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, n.ModelID, n.Version, n.MinHardwareRevision, n.Status, n.Notes, now, now)
		if db.IsUniqueViolation(err) {
			return apperr.Fields(map[string]string{"version": "support.field.version_taken"})
		}
		if err != nil {
			return fmt.Errorf("insert release: %w", err)
		}
		return record(ctx, tx, now, actor, ip, "support.release.create", "release", id, nil,
			map[string]any{"model_id": n.ModelID, "version": n.Version, "status": n.Status})
	})
	if err != nil {
		return Release{}, err
	}
	return s.Release(ctx, id)
}

// SetReleaseStatus pauses, resumes or withdraws a rollout (admin), as
// releaseMoves allows: a withdrawn release stays withdrawn (409).
func (s *Service) SetReleaseStatus(ctx context.Context, actor *auth.User, id int64, st ReleaseStatus, ip string) (Release, error) {
	if err := requireAdmin(actor); err != nil {
		return Release{}, err
	}
	if !st.Valid() {
		return Release{}, apperr.Fields(map[string]string{"status": "support.field.choose"})
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := releaseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.moveRelease(ctx, tx, r, st, actor, ip, nil)
	})
	if err != nil {
		return Release{}, err
	}
	return s.Release(ctx, id)
}

// ClearSuspect removes the regression watch's flag after an admin looked
// into it; the rollout status stays as it is.
func (s *Service) ClearSuspect(ctx context.Context, actor *auth.User, id int64, ip string) (Release, error) {
	if err := requireAdmin(actor); err != nil {
		return Release{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE support_releases SET suspect = ?, watch_since = ?, updated_at = ? WHERE id = ? AND suspect = ?`, false, now, now, id, true)
		if err != nil {
			return fmt.Errorf("clear suspect: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := releaseByID(ctx, tx, id); err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "support.error.not_suspect")
		}
		// The watch's alert to staff has done its job once the flag is cleared.
		if _, err := tx.Exec(ctx, `UPDATE support_notices SET ends_at = ? WHERE release_id = ? AND audience = ? AND (ends_at IS NULL OR ends_at > ?)`,
			now, id, AudienceStaff, now); err != nil {
			return fmt.Errorf("end staff alert: %w", err)
		}
		return record(ctx, tx, now, actor, ip, "support.release.clear_suspect", "release", id, nil, nil)
	})
	if err != nil {
		return Release{}, err
	}
	return s.Release(ctx, id)
}

// revisionBelow reports whether rev comes before min in the model's
// revisions (oldest first). Unknown revisions are not judged.
func revisionBelow(revisions []string, rev, min string) bool {
	if min == "" || rev == "" {
		return false
	}
	i, j := slices.Index(revisions, rev), slices.Index(revisions, min)
	return i >= 0 && j >= 0 && i < j
}
