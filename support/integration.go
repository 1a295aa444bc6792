package support

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/secret"
)

// Integration is a terminal management system allowed to check in the
// devices of one provider. ProviderID is nil only for accounts created
// before check-ins were scoped whose provider could not be inferred: they
// still check in any device, and the admin page asks for their provider.
type Integration struct {
	ID           int64      `db:"id" json:"id"`
	Name         string     `db:"name" json:"name"`
	ProviderID   *int64     `db:"provider_id" json:"provider_id"`
	ProviderName string     `db:"provider_name" json:"provider"`
	TokenHint    string     `db:"token_hint" json:"token_hint"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	RotatedAt    time.Time  `db:"rotated_at" json:"rotated_at"`
	LastUsedAt   *time.Time `db:"last_used_at" json:"last_used_at"`
	// APITokenID is set when a service token with the devices:checkin
	// scope checks in (ID is then 0): the token records its own use.
	APITokenID int64 `db:"-" json:"-"`
}

const integrationSelect = `SELECT i.id, i.name, i.provider_id, COALESCE(p.name, '') AS provider_name, i.token_hint,
	i.created_at, i.rotated_at, i.last_used_at
	FROM support_integrations i LEFT JOIN catalog_providers p ON p.id = i.provider_id`

// tokenPrefix marks the portal's integration tokens so a leaked one is
// recognisable in logs and secret scanners.
const tokenPrefix = "ptm_"

// newToken returns a new bearer token, the hash stored for it and the
// hint shown in lists.
func newToken() (token, hash, hint string) {
	token, hash = secret.NewToken(tokenPrefix)
	return token, hash, token[len(token)-4:]
}

func hashToken(token string) string { return secret.HashToken(token) }

// Integrations lists the integration accounts (admin).
func (s *Service) Integrations(ctx context.Context, actor auth.User) ([]Integration, error) {
	if err := requireAdmin(&actor); err != nil {
		return nil, err
	}
	var out []Integration
	if err := s.db.Select(ctx, &out, integrationSelect+` ORDER BY i.name`); err != nil {
		return nil, fmt.Errorf("list integrations: %w", err)
	}
	return out, nil
}

// CreateIntegration adds an account for the provider's terminal
// management system and returns its token, which is shown this once and
// never again.
func (s *Service) CreateIntegration(ctx context.Context, actor *auth.User, name string, providerID int64, ip string) (Integration, string, error) {
	if err := requireAdmin(actor); err != nil {
		return Integration{}, "", err
	}
	name = strings.TrimSpace(name)
	errs := map[string]string{}
	if name == "" || utf8.RuneCountInString(name) > 80 {
		errs["name"] = "support.field.name"
	}
	if _, err := s.catalog.Provider(ctx, providerID); err != nil {
		errs["provider_id"] = "support.field.choose"
	}
	if len(errs) > 0 {
		return Integration{}, "", apperr.Fields(errs)
	}
	token, hash, hint := newToken()
	var in Integration
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		err := tx.Get(ctx, &in.ID, `INSERT INTO support_integrations (name, provider_id, token_hash, token_hint, created_at, rotated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, name, providerID, hash, hint, now, now)
		if db.IsUniqueViolation(err) {
			return apperr.Fields(map[string]string{"name": "support.field.name_taken"})
		}
		if err != nil {
			return fmt.Errorf("insert integration: %w", err)
		}
		if err := tx.Get(ctx, &in, integrationSelect+` WHERE i.id = ?`, in.ID); err != nil {
			return fmt.Errorf("read integration: %w", err)
		}
		return record(ctx, tx, now, actor, ip, "support.integration.create", "integration", in.ID, nil, map[string]any{"name": name, "provider_id": providerID})
	})
	if err != nil {
		return Integration{}, "", err
	}
	return in, token, nil
}

// RotateIntegration replaces an account's token; the old one stops working
// at once. The new token is returned this once.
func (s *Service) RotateIntegration(ctx context.Context, actor *auth.User, id int64, ip string) (string, error) {
	if err := requireAdmin(actor); err != nil {
		return "", err
	}
	token, hash, hint := newToken()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE support_integrations SET token_hash = ?, token_hint = ?, rotated_at = ? WHERE id = ?`, hash, hint, now, id)
		if err != nil {
			return fmt.Errorf("rotate integration: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrNotFound
		}
		return record(ctx, tx, now, actor, ip, "support.integration.rotate", "integration", id, nil, nil)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// ScopeIntegration limits an account's check-ins to one provider's
// devices; its token keeps working.
func (s *Service) ScopeIntegration(ctx context.Context, actor *auth.User, id, providerID int64, ip string) (Integration, error) {
	if err := requireAdmin(actor); err != nil {
		return Integration{}, err
	}
	if _, err := s.catalog.Provider(ctx, providerID); err != nil {
		return Integration{}, apperr.Fields(map[string]string{"provider_id": "support.field.choose"})
	}
	var in Integration
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE support_integrations SET provider_id = ? WHERE id = ?`, providerID, id)
		if err != nil {
			return fmt.Errorf("scope integration: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrNotFound
		}
		if err := tx.Get(ctx, &in, integrationSelect+` WHERE i.id = ?`, id); err != nil {
			return fmt.Errorf("read integration: %w", err)
		}
		return record(ctx, tx, now, actor, ip, "support.integration.scope", "integration", id, nil, map[string]any{"provider_id": providerID})
	})
	return in, err
}

// AuthenticateIntegration returns the account a bearer token belongs to,
// or an Unauthorized error. Check-ins go through AuthenticateCheckIn,
// which also throttles bad tokens.
func (s *Service) AuthenticateIntegration(ctx context.Context, token string) (Integration, error) {
	unauth := apperr.New(apperr.Unauthorized, "support.error.integration_token")
	if !strings.HasPrefix(token, tokenPrefix) || len(token) != len(tokenPrefix)+64 {
		return Integration{}, unauth
	}
	var in Integration
	err := s.db.Get(ctx, &in, integrationSelect+` WHERE i.token_hash = ?`, hashToken(token))
	if err := notFound(err, "integration by token"); err != nil {
		if err == apperr.ErrNotFound {
			return Integration{}, unauth
		}
		return Integration{}, err
	}
	return in, nil
}

func auditCheckIn(integ Integration, d Device, version string, completed bool) audit.Event {
	e := audit.Event{Action: "support.device.checkin", EntityType: "device", EntityID: &d.ID, MerchantID: &d.MerchantID,
		IP: "integration:" + integ.Name, Detail: map[string]any{"integration_id": integ.ID, "from": d.FirmwareVersion,
			"firmware_version": version, "upgrade_completed": completed}}
	if integ.APITokenID != 0 {
		delete(e.Detail, "integration_id")
		e.Detail["api_token_id"] = integ.APITokenID
		e.IP = "api-token:" + integ.Name
	}
	return e
}
