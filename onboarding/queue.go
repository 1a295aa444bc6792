package onboarding

import (
	"context"
	"fmt"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

// QueueFilter is staff's view of submitted applications: Statuses empty
// means every status (drafts are never listed to staff).
type QueueFilter struct {
	Statuses     []Status
	MerchantType MerchantType
}

// QueueCounts summarises every application a filter matches, not just one
// page of them.
type QueueCounts struct {
	Total     int `db:"total"`
	Submitted int `db:"submitted"`
	InReview  int `db:"in_review"`
	Mine      int `db:"mine"`    // in review and claimed by the actor
	Overdue   int `db:"overdue"` // waiting and past the SLA deadline
}

// Waiting is how many of the matches wait for a reviewer.
func (c QueueCounts) Waiting() int { return c.Submitted + c.InReview }

func (f QueueFilter) where(actor auth.User) (string, []any, error) {
	if actor.Role != auth.Reviewer && actor.Role != auth.Admin {
		return "", nil, apperr.ErrForbidden
	}
	where, args := "WHERE submitted_at IS NOT NULL", []any{}
	if len(f.Statuses) > 0 {
		where += " AND status IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(f.Statuses)), ", ") + ")"
		for _, st := range f.Statuses {
			args = append(args, st)
		}
	}
	if f.MerchantType != "" {
		where += " AND merchant_type = ?"
		args = append(args, f.MerchantType)
	}
	return where, args, nil
}

// QueuePage returns at most limit matches of f from offset on, in FIFO
// order of submission (ties by id), so a page never loads the whole queue.
func (s *Service) QueuePage(ctx context.Context, actor auth.User, f QueueFilter, offset, limit int) ([]Application, error) {
	where, args, err := f.where(actor)
	if err != nil {
		return nil, err
	}
	var out []Application
	if err := s.db.Select(ctx, &out, `SELECT `+applicationColumns+` FROM applications `+where+
		` ORDER BY submitted_at, id LIMIT ? OFFSET ?`, append(args, limit, offset)...); err != nil {
		return nil, fmt.Errorf("queue page: %w", err)
	}
	return out, nil
}

// QueueCounts counts f's matches in one query. The SLA deadline grows with
// the submission time, so the overdue applications are exactly the
// waiting ones submitted before the first instant that is still on time.
func (s *Service) QueueCounts(ctx context.Context, actor auth.User, f QueueFilter, k SLA) (QueueCounts, error) {
	where, args, err := f.where(actor)
	if err != nil {
		return QueueCounts{}, err
	}
	head := []any{Submitted, InReview, InReview, actor.ID, Submitted, InReview, k.onTimeFrom().UTC()}
	var n QueueCounts
	if err := s.db.Get(ctx, &n, `SELECT COUNT(*) AS total,
		COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS submitted,
		COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS in_review,
		COALESCE(SUM(CASE WHEN status = ? AND claimed_by = ? THEN 1 ELSE 0 END), 0) AS mine,
		COALESCE(SUM(CASE WHEN status IN (?, ?) AND submitted_at < ? THEN 1 ELSE 0 END), 0) AS overdue
		FROM applications `+where, append(head, args...)...); err != nil {
		return QueueCounts{}, fmt.Errorf("queue counts: %w", err)
	}
	return n, nil
}

// onTimeFrom is the earliest submission instant whose deadline has not
// passed at k's now. DueAt never decreases as the submission time grows,
// so a binary search over nanoseconds finds it exactly (a deadline falls
// at a submission's own time of day, so the bound has the stored times'
// precision); no calendar holds a year of days off, which bounds the
// search.
func (k SLA) onTimeFrom() time.Time {
	late := func(t time.Time) bool {
		return k.now.After(k.cal.AddBusinessDays(t, ReviewSLABusinessDays))
	}
	lo, hi := k.now.AddDate(-1, 0, 0), k.now // late(lo) holds, late(hi) does not
	for hi.Sub(lo) > time.Nanosecond {
		mid := lo.Add(hi.Sub(lo) / 2)
		if late(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// FirstApprovals reports which of ids already have an approval (the first
// of a high-risk application's two), in one query.
func (s *Service) FirstApprovals(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var got []int64
	if err := s.db.Select(ctx, &got, `SELECT DISTINCT application_id FROM application_approvals WHERE application_id IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`, args...); err != nil {
		return nil, fmt.Errorf("first approvals: %w", err)
	}
	for _, id := range got {
		out[id] = true
	}
	return out, nil
}
