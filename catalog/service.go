package catalog

import (
	"context"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// Service is the catalog's use-case layer, shared by the web pages, the
// JSON API, the command line and the demo seed.
type Service struct {
	db    *db.DB
	now   func() time.Time
	snaps snapshots // what quotes are priced from
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, now: now}
}

// authorize lets admins and the system (nil actor: command line, seed)
// change the catalog. The web routes check the role too; checking here as
// well means no new caller can forget it.
func authorize(actor *auth.User) error {
	if actor != nil && actor.Role != auth.Admin {
		return apperr.ErrForbidden
	}
	return nil
}

// change is the shape of every admin mutation: authorize, then run fn and
// append its audit event in one transaction, so a change without its event
// (or an event without its change) cannot be committed. The same
// transaction bumps the catalog's version, so every instance's quote
// snapshot is rebuilt on its next request.
func (s *Service) change(ctx context.Context, actor *auth.User, r auth.Request, action, entity string,
	fn func(tx *db.Tx, now time.Time) (id int64, detail map[string]any, err error)) error {
	if err := authorize(actor); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		id, detail, err := fn(tx, now)
		if err != nil {
			return err
		}
		if err := bumpCatalogVersion(ctx, tx); err != nil {
			return err
		}
		e := audit.Event{Action: action, EntityType: entity, IP: r.IP, Detail: detail}
		if id != 0 {
			e.EntityID = &id
		}
		if actor != nil {
			e.ActorID = &actor.ID
		}
		return audit.Record(ctx, tx, now, e)
	})
}
