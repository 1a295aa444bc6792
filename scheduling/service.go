package scheduling

import (
	"time"

	"posportal/internal/db"
	"posportal/internal/jobs"
	"posportal/internal/shanghai"
	"posportal/onboarding"
)

// Rules are the slot rules of §5; DefaultRules gives the specified values.
type Rules struct {
	Grid       time.Duration // slots start on this grid of local wall-clock time
	Horizon    time.Duration // how far ahead slots are offered
	LeadTime   time.Duration // the earliest a slot may start, and the last moment to cancel
	Buffer     time.Duration // travel time kept free between an installer's visits
	DefaultCap int           // appointments per installer per day when not set
}

// DefaultRules are §5's: a 30-minute grid, 14 days ahead, at least 24 h
// ahead, 30 minutes between visits, six visits a day.
func DefaultRules() Rules {
	return Rules{Grid: 30 * time.Minute, Horizon: 14 * 24 * time.Hour, LeadTime: 24 * time.Hour,
		Buffer: 30 * time.Minute, DefaultCap: 6}
}

// DefaultTimeZone is where installers work unless their profile says
// otherwise.
const DefaultTimeZone = shanghai.Name

// Service is the scheduling use-case layer shared by pages and the API.
type Service struct {
	db    *db.DB
	onb   *onboarding.Service
	rules Rules
	now   func() time.Time
	mail  Mailer
	// worker claims reminders and e-mails, so instances share them.
	worker jobs.Worker
}

// NewService returns a Service; now may be nil for time.Now, mail nil to
// keep every e-mail in the outbox table.
func NewService(d *db.DB, onb *onboarding.Service, mail Mailer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, onb: onb, rules: DefaultRules(), now: now, mail: mail, worker: jobs.NewWorker(0)}
}

// WithRules returns a copy of s using r (tests and configuration).
func (s *Service) WithRules(r Rules) *Service {
	c := *s
	c.rules = r
	return &c
}

// WithClock returns a copy of s reading time from now.
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// WithWorker returns a copy of s claiming background work as w.
func (s *Service) WithWorker(w jobs.Worker) *Service {
	c := *s
	c.worker = w
	return &c
}

// Rules returns the rules in force.
func (s *Service) Rules() Rules { return s.rules }
