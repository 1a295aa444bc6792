package onboarding

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
)

// FireInTx fires ev on application appID inside the caller's transaction,
// so another package (scheduling) can move the application in the same
// transaction as its own rows: a booked installation and the move to
// installation_scheduled commit or roll back together. The state machine
// still decides who may fire ev from where.
//
// Ownership: a merchant reaches only their own application (another's is
// ErrNotFound). Installers cannot see applications through Get; they may
// fire here because the caller has already checked that the installer is
// the one assigned to the application's appointment, and the machine lets
// installers fire only the completion events.
func (s *Service) FireInTx(ctx context.Context, tx *db.Tx, appID int64, ev Event, actor auth.User, ip string) (Application, error) {
	var a Application
	err := tx.Get(ctx, &a, `SELECT `+applicationColumns+` FROM applications WHERE id = ?`, appID)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, apperr.ErrNotFound
	}
	if err != nil {
		return Application{}, fmt.Errorf("load application: %w", err)
	}
	switch actor.Role {
	case auth.Merchant:
		if a.MerchantID != actor.ID {
			return Application{}, apperr.ErrNotFound
		}
	case auth.Reviewer, auth.Admin, auth.Installer:
	default:
		return Application{}, apperr.ErrNotFound
	}
	if err := s.transition(ctx, tx, &a, ev, actor, ip, change{}); err != nil {
		return Application{}, err
	}
	return a, nil
}

// LoadInTx returns application appID read inside tx, without ownership
// checks: for services that have already established the actor's right to
// it (an appointment's merchant or installer).
func (s *Service) LoadInTx(ctx context.Context, q db.Querier, appID int64) (Application, error) {
	var a Application
	err := q.Get(ctx, &a, `SELECT `+applicationColumns+` FROM applications WHERE id = ?`, appID)
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, apperr.ErrNotFound
	}
	if err != nil {
		return Application{}, fmt.Errorf("load application: %w", err)
	}
	return a, nil
}
