package insights

import (
	"context"
	"errors"
	"math"
	"sync"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/workcal"
)

// ReadScope is the service-token scope that may read insights (§15).
const ReadScope = "insights:read"

// Service computes the operations figures. It is safe for concurrent use.
type Service struct {
	db  *db.DB
	cal *workcal.Service
	now func() time.Time
	// window is the regression watch's: how soon after an upgrade a ticket
	// counts against the release.
	window time.Duration
}

// NewService returns a Service on d. cal may be nil (weekends only, as the
// review queue does without a calendar); now may be nil for time.Now;
// window is the regression watch's (support.WatchConfig.Window).
func NewService(d *db.DB, cal *workcal.Service, window time.Duration, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, cal: cal, now: now, window: window}
}

// CanRead is the one access rule for insights: admins. Service tokens with
// ReadScope (issue 14) are to be admitted here, and only here.
func CanRead(actor *auth.User) bool {
	return actor != nil && actor.Role == auth.Admin
}

// Report computes every figure for the applications first submitted in r.
func (s *Service) Report(ctx context.Context, actor *auth.User, r Range) (Report, error) {
	if !CanRead(actor) {
		return Report{}, apperr.ErrForbidden
	}
	now := s.now()
	cal := workcal.NewCalendar(nil)
	if s.cal != nil {
		c, err := s.cal.Calendar(ctx)
		if err != nil {
			return Report{}, err
		}
		cal = c
	}
	rep := Report{From: r.FromDate(), To: r.ToDate(), GeneratedAt: now.UTC().Format(time.RFC3339)}
	// The figures are independent queries: run them at once, so the
	// report takes as long as its slowest figure, not their sum.
	figures := []func() error{
		func() (err error) { rep.Funnel, rep.Rejected, rep.Withdrawn, err = s.funnel(ctx, r); return err },
		func() (err error) { rep.StageDurations, err = s.stageDurations(ctx, r); return err },
		func() (err error) { rep.ReviewSLA, err = s.reviewSLA(ctx, r, cal, now); return err },
		func() (err error) { rep.Queue, err = s.queue(ctx, cal, now); return err },
		func() (err error) { rep.TicketsByRelease, err = s.ticketsByRelease(ctx, r); return err },
		func() (err error) { rep.Installers, err = s.installers(ctx, r); return err },
		func() (err error) { rep.Weekly, err = s.weekly(ctx, r); return err },
	}
	errs := make([]error, len(figures))
	var wg sync.WaitGroup
	for i, f := range figures {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f()
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// round rounds to n decimals for presentation; the figures themselves are
// computed in full precision by the database.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return round(a/b, 4)
}

// ParseRange reads the from and to query values on the service's clock, so
// an empty range is this month where the service stands.
func (s *Service) ParseRange(from, to string) (Range, error) { return ParseRange(from, to, s.now()) }

// Now is the service's clock, for the report's document date.
func (s *Service) Now() time.Time { return s.now() }
