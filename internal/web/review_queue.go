package web

import (
	"context"

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

// queuePageSize is how many applications one queue page shows: a
// reviewer works from the top, and the totals cover the rest.
const queuePageSize = 50

// queueFilter turns the page's status filter into the service's: the open
// view is everything waiting for a reviewer.
func queueFilter(status string, mt onboarding.MerchantType) onboarding.QueueFilter {
	f := onboarding.QueueFilter{MerchantType: mt}
	switch status {
	case queueAll:
	case queueOpen:
		f.Statuses = []onboarding.Status{onboarding.Submitted, onboarding.InReview}
	default:
		f.Statuses = []onboarding.Status{onboarding.Status(status)}
	}
	return f
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
	clk, err := s.sla(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.Onboarding.QueueCounts(ctx, u, queueFilter(queueOpen, ""), clk)
	if err != nil {
		return nil, err
	}
	return &queueCounts{Submitted: n.Submitted, InReview: n.InReview, Mine: n.Mine, Breaches: n.Overdue}, nil
}
