package support

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/jobs"
	"posportal/support/knowledge"
)

// Service is the support use-case layer shared by the web pages, the JSON
// API, the regression watch and the demo seed.
type Service struct {
	db      *db.DB
	tree    *knowledge.Tree
	catalog *catalog.Service
	watch   WatchConfig
	checkIn CheckInLimit
	now     func() time.Time
	// worker claims the regression watch, so one instance runs it.
	worker jobs.Worker
}

// NewService returns a Service over the validated knowledge tree; now may
// be nil for time.Now.
func NewService(d *db.DB, tree *knowledge.Tree, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, tree: tree, catalog: catalog.NewService(d, now), watch: DefaultWatchConfig(), checkIn: DefaultCheckInLimit(), now: now, worker: jobs.NewWorker(0)}
}

// SetWorker names the instance claiming background jobs (the lease
// comes from configuration).
func (s *Service) SetWorker(w jobs.Worker) { s.worker = w }

// SetWatchConfig replaces the regression watch's thresholds.
func (s *Service) SetWatchConfig(c WatchConfig) { s.watch = c }

// Tree returns the knowledge the flow walks.
func (s *Service) Tree() *knowledge.Tree { return s.tree }

func isAdmin(u *auth.User) bool { return u != nil && u.Role == auth.Admin }

// requireAdmin lets admins and the system (nil actor: seed, command line).
func requireAdmin(u *auth.User) error {
	if u != nil && u.Role != auth.Admin {
		return apperr.ErrForbidden
	}
	return nil
}

// record appends an audit event in tx on behalf of actor (nil: the system).
func record(ctx context.Context, tx *db.Tx, now time.Time, actor *auth.User, ip, action, entity string, id int64, merchantID *int64, detail map[string]any) error {
	e := audit.Event{Action: action, EntityType: entity, EntityID: &id, MerchantID: merchantID, IP: ip, Detail: detail}
	if actor != nil {
		e.ActorID = &actor.ID
	}
	return audit.Record(ctx, tx, now, e)
}

// notFound turns sql.ErrNoRows into apperr.ErrNotFound and wraps anything else.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func fieldsErr(f map[string]string) error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Fields(f)
}
