package onboarding

import (
	"context"
	"time"

	"posportal/internal/workcal"
)

// ReviewSLABusinessDays is how long a review may take (§2.3): the queue
// flags older submissions and merchants see the date it ends.
const ReviewSLABusinessDays = 2

// CalendarSource gives the business-day calendar the SLA counts on.
type CalendarSource interface {
	Calendar(ctx context.Context) (*workcal.Calendar, error)
}

// SLA answers "when is this review due, and is it late" at one instant of
// the service clock, so a page or API answer is consistent throughout.
type SLA struct {
	cal *workcal.Calendar
	now time.Time
}

// SLA reads the calendar from src. Without one it counts weekends only,
// which errs towards flagging late: a holiday then counts as a working day.
func (s *Service) SLA(ctx context.Context, src CalendarSource) (SLA, error) {
	k := SLA{cal: workcal.NewCalendar(nil), now: s.now()}
	if src != nil {
		cal, err := src.Calendar(ctx)
		if err != nil {
			return SLA{}, err
		}
		k.cal = cal
	}
	return k, nil
}

// SetCalendar names the business-day calendar the review clock counts on
// in webhook events (pages and the API pass theirs to SLA).
func (s *Service) SetCalendar(src CalendarSource) { s.calendar = src }

// Now is the instant the SLA was read at.
func (k SLA) Now() time.Time { return k.now }

// Waiting reports whether the application waits for a reviewer, so its
// SLA clock runs.
func Waiting(st Status) bool { return st == Submitted || st == InReview }

// DueAt is the review deadline (§16 review_due_at): ReviewSLABusinessDays
// business days after submission while submitted or in review, else nil.
func (k SLA) DueAt(a Application) *time.Time {
	if !Waiting(a.Status) || a.SubmittedAt == nil {
		return nil
	}
	t := k.cal.AddBusinessDays(*a.SubmittedAt, ReviewSLABusinessDays).UTC()
	return &t
}

// Overdue reports whether a waiting application is past its deadline.
func (k SLA) Overdue(a Application) bool {
	due := k.DueAt(a)
	return due != nil && k.now.After(*due)
}
