package workcal

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/shanghai"
)

// Service keeps the calendar in the database, lets admins edit it and
// hands out a cached Calendar for business-day arithmetic. Every edit, on
// any portal instance, bumps the calendar's row in cache_versions in its
// own transaction; the cache is used only while that version is unchanged,
// so one primary-key read per call keeps all instances current. It is safe
// for concurrent use.
type Service struct {
	db  *db.DB
	now func() time.Time

	mu      sync.Mutex
	cached  *Calendar
	version int64 // cache_versions.version the cached calendar was read at
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, now: now}
}

// Calendar returns the current calendar.
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) {
	// The version is read before the days, so the days are at least as new
	// as the version they are cached under; a newer edit then forces a
	// reload on the next call.
	v, err := cacheVersion(ctx, s.db)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.cached != nil && s.version == v {
		c := s.cached
		s.mu.Unlock()
		return c, nil
	}
	s.mu.Unlock()

	days, err := activeDays(ctx, s.db, "")
	if err != nil {
		return nil, err
	}
	c := NewCalendar(days)
	s.mu.Lock()
	if s.cached == nil || v > s.version {
		s.cached, s.version = c, v
	}
	s.mu.Unlock()
	return c, nil
}

// EnsureDefaults inserts the built-in days the database lacks and reports
// how many it added. A date already present — edited, confirmed or
// deleted by an admin — is left alone, so running it at every start-up
// is safe.
func (s *Service) EnsureDefaults(ctx context.Context) (added int, err error) {
	now := s.now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		added = 0
		for _, d := range defaults {
			ok, err := insertMissing(ctx, tx, d, now)
			if err != nil {
				return err
			}
			if ok {
				added++
			}
		}
		if added == 0 {
			return nil
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{
			Action: "calendar.seed", EntityType: "calendar", IP: "start-up",
			Detail: map[string]any{"days": added},
		})
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// List returns year's entries by date.
func (s *Service) List(ctx context.Context, year int) ([]Day, error) {
	if !validYear(year) {
		return nil, apperr.New(apperr.Invalid, "calendar.error.year")
	}
	return activeDays(ctx, s.db, yearPrefix(year))
}

// Years returns the years an admin may want to look at: this year and
// next in Shanghai, and every year that has entries, ascending.
func (s *Service) Years(ctx context.Context) ([]int, error) {
	ys, err := yearsWithDays(ctx, s.db)
	if err != nil {
		return nil, err
	}
	this := s.now().In(shanghai.Location).Year()
	for _, y := range []int{this, this + 1} {
		if !slices.Contains(ys, y) {
			ys = append(ys, y)
		}
	}
	slices.Sort(ys)
	return ys, nil
}

// SetDay adds or changes the entry for in.Date. Only admins may; the entry
// is no longer provisional once an admin has entered it.
func (s *Service) SetDay(ctx context.Context, actor *auth.User, in DayInput, r auth.Request) (Day, error) {
	if err := requireAdmin(actor); err != nil {
		return Day{}, err
	}
	in, err := in.normalize()
	if err != nil {
		return Day{}, err
	}
	now := s.now()
	var saved Day
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := activeDay(ctx, tx, in.Date)
		if err != nil && !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		if err := upsertDay(ctx, tx, in, actor.ID, now); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		detail := map[string]any{"day": in.Date, "kind": in.Kind, "name_zh": in.NameZH, "name_en": in.NameEN}
		if before.Date != "" {
			detail["before"] = map[string]any{"kind": before.Kind, "name_zh": before.NameZH, "name_en": before.NameEN, "provisional": before.Provisional}
		}
		if err := audit.Record(ctx, tx, now, audit.Event{
			ActorID: &actor.ID, Action: "calendar.set_day", EntityType: "calendar_day", IP: r.IP, Detail: detail,
		}); err != nil {
			return err
		}
		saved, err = activeDay(ctx, tx, in.Date)
		return err
	})
	if err != nil {
		return Day{}, err
	}
	return saved, nil
}

// DeleteDay removes the entry for date, so the weekday rule applies to it
// again. Only admins may; an unknown date is apperr.ErrNotFound.
func (s *Service) DeleteDay(ctx context.Context, actor *auth.User, date string, r auth.Request) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	now := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := activeDay(ctx, tx, date)
		if err != nil {
			return err
		}
		if err := markDeleted(ctx, tx, date, actor.ID, now); err != nil {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{
			ActorID: &actor.ID, Action: "calendar.delete_day", EntityType: "calendar_day", IP: r.IP,
			Detail: map[string]any{"day": before.Date, "kind": before.Kind, "name_zh": before.NameZH, "name_en": before.NameEN},
		})
	})
	return err
}

// ConfirmYear records that an admin checked year's entries against the
// State Council's notice, clearing their provisional mark, and returns how
// many entries it confirmed — 0, and no audit event, when none were
// provisional. Only admins may.
func (s *Service) ConfirmYear(ctx context.Context, actor *auth.User, year int, r auth.Request) (int, error) {
	if err := requireAdmin(actor); err != nil {
		return 0, err
	}
	if !validYear(year) {
		return 0, apperr.New(apperr.Invalid, "calendar.error.year")
	}
	now := s.now()
	var n int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if n, err = confirmYear(ctx, tx, year, actor.ID, now); err != nil || n == 0 {
			return err
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return err
		}
		y := int64(year)
		return audit.Record(ctx, tx, now, audit.Event{
			ActorID: &actor.ID, Action: "calendar.confirm_year", EntityType: "calendar_year", EntityID: &y, IP: r.IP,
			Detail: map[string]any{"year": year, "days": n},
		})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func requireAdmin(actor *auth.User) error {
	if actor == nil || actor.Role != auth.Admin {
		return apperr.ErrForbidden
	}
	return nil
}
