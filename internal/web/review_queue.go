package web

import (
	"context"
	"sort"
	"time"

	"posportal/internal/auth"
	"posportal/internal/workcal"
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

// isOpen reports whether the application waits for a reviewer, so its
// age and SLA clock matter.
func isOpen(st onboarding.Status) bool {
	return st == onboarding.Submitted || st == onboarding.InReview
}

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

// slaClock answers "is this submission past its review deadline": the
// deadline is onboarding.ReviewSLABusinessDays business days after
// submission on the holiday calendar.
type slaClock struct {
	cal *workcal.Calendar
	now time.Time
}

// slaClock reads the business-day calendar. Without one configured it
// counts weekends only, which errs towards flagging late: a holiday is
// then counted as a working day.
func (s *Server) slaClock(ctx context.Context) (slaClock, error) {
	clk := slaClock{cal: workcal.NewCalendar(nil), now: time.Now()}
	if s.Calendar != nil {
		cal, err := s.Calendar.Calendar(ctx)
		if err != nil {
			return slaClock{}, err
		}
		clk.cal = cal
	}
	return clk, nil
}

func (k slaClock) deadline(submitted time.Time) time.Time {
	return k.cal.AddBusinessDays(submitted, onboarding.ReviewSLABusinessDays)
}

// breached reports whether a waiting application is past its deadline.
func (k slaClock) breached(a onboarding.Application) bool {
	return isOpen(a.Status) && a.SubmittedAt != nil && k.now.After(k.deadline(*a.SubmittedAt))
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
	clk, err := s.slaClock(ctx)
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
		if clk.breached(a) {
			n.Breaches++
		}
	}
	return &n, nil
}
