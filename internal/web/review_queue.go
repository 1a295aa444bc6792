package web

import (
	"context"
	"sort"

	"posportal/internal/auth"
	"posportal/onboarding"
)

// The reviewers' work list: what is waiting, how long it has waited, and
// who holds it. Shared by the queue page and the reviewer's dashboard.

// queueOpen is the status filter value of the default view: everything
// waiting for a reviewer. queueAll shows every status.
const (
	queueOpen = ""
	queueAll  = "all"
)

// reviewQueue lists applications for staff in FIFO order of submission.
// The open view merges submitted and in_review, which the service lists
// one status at a time.
func (s *Server) reviewQueue(ctx context.Context, u auth.User, status string, mt onboarding.MerchantType) ([]onboarding.Application, error) {
	switch status {
	case queueAll:
		return s.Onboarding.List(ctx, u, onboarding.ListFilter{MerchantType: mt})
	case queueOpen:
		var out []onboarding.Application
		for _, st := range []onboarding.Status{onboarding.Submitted, onboarding.InReview} {
			apps, err := s.Onboarding.List(ctx, u, onboarding.ListFilter{Status: st, MerchantType: mt})
			if err != nil {
				return nil, err
			}
			out = append(out, apps...)
		}
		sort.SliceStable(out, func(i, j int) bool { return submittedBefore(out[i], out[j]) })
		return out, nil
	default:
		return s.Onboarding.List(ctx, u, onboarding.ListFilter{Status: onboarding.Status(status), MerchantType: mt})
	}
}

// submittedBefore is the queue's order: earliest submission first, never
// submitted last, ties by id.
func submittedBefore(a, b onboarding.Application) bool {
	if (a.SubmittedAt == nil) != (b.SubmittedAt == nil) {
		return b.SubmittedAt == nil
	}
	if a.SubmittedAt != nil && !a.SubmittedAt.Equal(*b.SubmittedAt) {
		return a.SubmittedAt.Before(*b.SubmittedAt)
	}
	return a.ID < b.ID
}

// sla is the review SLA clock (onboarding owns the rule) on the holiday
// calendar, when one is configured.
func (s *Server) sla(ctx context.Context) (onboarding.SLA, error) {
	var src onboarding.CalendarSource
	if s.Calendar != nil {
		src = s.Calendar
	}
	return s.Onboarding.SLA(ctx, src)
}

// staffNames maps reviewer and admin ids to names, for "claimed by" and
// "approved by" columns.
func (s *Server) staffNames(ctx context.Context) (map[int64]string, error) {
	users, err := s.Auth.ListUsers(ctx, auth.Reviewer, auth.Admin)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

// queueCounts is the reviewer dashboard's summary of the open queue.
type queueCounts struct {
	Submitted, InReview, Mine, Breaches int
}

func (s *Server) reviewQueueCounts(ctx context.Context, u auth.User) (*queueCounts, error) {
	apps, err := s.reviewQueue(ctx, u, queueOpen, "")
	if err != nil {
		return nil, err
	}
	clk, err := s.sla(ctx)
	if err != nil {
		return nil, err
	}
	var n queueCounts
	for _, a := range apps {
		switch a.Status {
		case onboarding.Submitted:
			n.Submitted++
		case onboarding.InReview:
			n.InReview++
			if a.Claimer() == u.ID {
				n.Mine++
			}
		}
		if clk.Overdue(a) {
			n.Breaches++
		}
	}
	return &n, nil
}
