package support

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// releaseMoves is the rollout lifecycle (§6), the one table of where a
// release may go from each status. Withdrawn is final: the devices on it
// were told to leave it, so shipping it again is a new version.
var releaseMoves = map[ReleaseStatus][]ReleaseStatus{
	RollingOut: {Paused, Withdrawn},
	Paused:     {RollingOut, Withdrawn},
	Withdrawn:  nil,
}

// CanMoveTo reports whether a release in st may move to to.
func (st ReleaseStatus) CanMoveTo(to ReleaseStatus) bool {
	return slices.Contains(releaseMoves[st], to)
}

// Next lists the statuses a release in st may move to, in ReleaseStatuses
// order: the buttons the releases page offers.
func (st ReleaseStatus) Next() []ReleaseStatus {
	out := []ReleaseStatus{}
	for _, to := range ReleaseStatuses {
		if st.CanMoveTo(to) {
			out = append(out, to)
		}
	}
	return out
}

// Final reports whether nothing can move a release on from st.
func (st ReleaseStatus) Final() bool { return len(releaseMoves[st]) == 0 }

// MarshalJSON adds next_statuses, so an API client offers the same moves
// as the page without a copy of the table.
func (r Release) MarshalJSON() ([]byte, error) {
	type plain Release
	return json.Marshal(struct {
		plain
		NextStatuses []ReleaseStatus `json:"next_statuses"`
	}{plain(r), r.Status.Next()})
}

// releaseStatusIn renders "column IN (?, …)" for sts (not empty) with the
// statuses as bind arguments, so SQL never spells a status out.
func releaseStatusIn(column string, sts []ReleaseStatus) (string, []any) {
	args := make([]any, len(sts))
	for i, st := range sts {
		args[i] = st
	}
	return column + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(sts)), ", ") + ")", args
}

// liveReleaseStatuses are the statuses a release can still leave, those
// the regression watch keeps an eye on.
func liveReleaseStatuses() []ReleaseStatus {
	var out []ReleaseStatus
	for _, st := range ReleaseStatuses {
		if !st.Final() {
			out = append(out, st)
		}
	}
	return out
}

// moveRelease moves r to to inside tx, per releaseMoves: one conditional
// update, so of two admins (or an admin and the watch) moving the same
// release at once one wins and the other gets 409, and the audit event
// that is the release's history. actor is nil for the watch.
func (s *Service) moveRelease(ctx context.Context, tx *db.Tx, r Release, to ReleaseStatus, actor *auth.User, ip string, detail map[string]any) error {
	if !r.Status.CanMoveTo(to) {
		return apperr.New(apperr.Conflict, "support.error.release_state")
	}
	now := s.now().UTC()
	res, err := tx.Exec(ctx, `UPDATE support_releases SET status = ?, updated_at = ? WHERE id = ? AND status = ?`, to, now, r.ID, r.Status)
	if err != nil {
		return fmt.Errorf("release status: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("release status: %w", err)
	} else if n != 1 {
		return apperr.New(apperr.Conflict, "support.error.release_changed")
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["from"], detail["to"] = r.Status, to
	return record(ctx, tx, now, actor, ip, "support.release.status", "release", r.ID, nil, detail)
}
