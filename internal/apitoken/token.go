package apitoken

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/secret"
)

// Token is a service token as admins and the API see it; the secret itself
// is never stored and appears only in Create's answer.
type Token struct {
	ID           int64      `db:"id" json:"id"`
	Name         string     `db:"name" json:"name"`
	Scopes       []Scope    `db:"-" json:"scopes"`
	StoredScopes string     `db:"scopes" json:"-"`
	ProviderID   *int64     `db:"provider_id" json:"provider_id"`
	ProviderName string     `db:"provider_name" json:"-"`
	TokenHint    string     `db:"token_hint" json:"token_hint"`
	CreatedBy    int64      `db:"created_by" json:"created_by"`
	CreatedAt    time.Time  `db:"created_at" json:"created_at"`
	LastUsedAt   *time.Time `db:"last_used_at" json:"last_used_at"`
	RevokedAt    *time.Time `db:"revoked_at" json:"revoked_at"`
	RevokedBy    *int64     `db:"revoked_by" json:"revoked_by"`
}

// Has reports whether the token was given scope sc.
func (t Token) Has(sc Scope) bool { return slices.Contains(t.Scopes, sc) }

const tokenSelect = `SELECT t.id, t.name, t.scopes, t.provider_id, COALESCE(p.name, '') AS provider_name, t.token_hint,
	t.created_by, t.created_at, t.last_used_at, t.revoked_at, t.revoked_by
	FROM api_tokens t LEFT JOIN catalog_providers p ON p.id = t.provider_id`

// Prefix marks the portal's service tokens so a leaked one is recognisable
// in logs and by secret scanners (the check-in integrations' older tokens
// start with "ptm_").
const Prefix = "pp_"

// newSecret returns a new token, the hash stored for it and the hint
// shown in lists.
func newSecret() (token, hash, hint string) {
	token, hash = secret.NewToken(Prefix)
	return token, hash, token[len(token)-4:]
}

func hashSecret(token string) string { return secret.HashToken(token) }

// wellFormed saves a database look-up for values that cannot be a token.
func wellFormed(token string) bool {
	hexPart, ok := strings.CutPrefix(token, Prefix)
	if !ok || len(hexPart) != 64 {
		return false
	}
	_, err := hex.DecodeString(hexPart)
	return err == nil
}

// Service is the service-token use-case layer shared by the admin page and
// the API.
type Service struct {
	db    *db.DB
	now   func() time.Time
	limit Limit
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: d, now: now, limit: DefaultLimit()}
}

// NewToken is what an admin asks for.
type NewToken struct {
	Name       string   `json:"name"`
	Scopes     []string `json:"scopes"`
	ProviderID *int64   `json:"provider_id"`
}

func (s *Service) validate(ctx context.Context, n NewToken) (string, []Scope, error) {
	name := strings.TrimSpace(n.Name)
	errs := map[string]string{}
	if name == "" || utf8.RuneCountInString(name) > 80 {
		errs["name"] = "apitoken.field.name"
	}
	scopes, ok := canonical(n.Scopes)
	switch {
	case !ok:
		errs["scopes"] = "apitoken.field.scope_unknown"
	case len(scopes) == 0:
		errs["scopes"] = "apitoken.field.scopes_required"
	}
	// A check-in token must be bound to one provider: without one it would
	// reach every provider's terminals.
	checkIn := slices.Contains(scopes, DevicesCheckIn)
	switch {
	case checkIn && n.ProviderID == nil:
		errs["provider_id"] = "apitoken.field.provider_required"
	case !checkIn && n.ProviderID != nil:
		errs["provider_id"] = "apitoken.field.provider_unused"
	case n.ProviderID != nil:
		var found int
		if err := s.db.Get(ctx, &found, `SELECT COUNT(*) FROM catalog_providers WHERE id = ?`, *n.ProviderID); err != nil {
			return "", nil, fmt.Errorf("provider for token: %w", err)
		}
		if found == 0 {
			errs["provider_id"] = "apitoken.field.provider_unknown"
		}
	}
	if len(errs) > 0 {
		return "", nil, apperr.Fields(errs)
	}
	return name, scopes, nil
}

// Create adds a token and returns it with its secret, which is shown this
// once and never again.
func (s *Service) Create(ctx context.Context, actor *auth.User, n NewToken, ip string) (Token, string, error) {
	if actor == nil || actor.Role != auth.Admin {
		return Token{}, "", apperr.ErrForbidden
	}
	name, scopes, err := s.validate(ctx, n)
	if err != nil {
		return Token{}, "", err
	}
	secret, hash, hint := newSecret()
	var t Token
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		var id int64
		if err := tx.Get(ctx, &id, `INSERT INTO api_tokens (name, token_hash, token_hint, scopes, provider_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, name, hash, hint, joinScopes(scopes), n.ProviderID, actor.ID, now); err != nil {
			return fmt.Errorf("insert api token: %w", err)
		}
		if t, err = byID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "api_token.create", EntityType: "api_token",
			EntityID: &id, IP: ip, Detail: map[string]any{"name": name, "scopes": t.Scopes, "provider_id": n.ProviderID}})
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, secret, nil
}

// List returns every token, revoked ones included, newest first (admin).
func (s *Service) List(ctx context.Context, actor auth.User) ([]Token, error) {
	if actor.Role != auth.Admin {
		return nil, apperr.ErrForbidden
	}
	var out []Token
	if err := s.db.Select(ctx, &out, tokenSelect+` ORDER BY t.created_at DESC, t.id DESC`); err != nil {
		return nil, fmt.Errorf("list api tokens: %w", err)
	}
	for i := range out {
		out[i].Scopes = parseScopes(out[i].StoredScopes)
	}
	if out == nil {
		out = []Token{}
	}
	return out, nil
}

// Revoke stops a token at once. Revoking a revoked token changes nothing
// and records nothing.
func (s *Service) Revoke(ctx context.Context, actor *auth.User, id int64, ip string) (Token, error) {
	if actor == nil || actor.Role != auth.Admin {
		return Token{}, apperr.ErrForbidden
	}
	var t Token
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`, now, actor.ID, id)
		if err != nil {
			return fmt.Errorf("revoke api token: %w", err)
		}
		if t, err = byID(ctx, tx, id); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &actor.ID, Action: "api_token.revoke", EntityType: "api_token",
			EntityID: &id, IP: ip, Detail: map[string]any{"name": t.Name}})
	})
	return t, err
}

func byID(ctx context.Context, q db.Querier, id int64) (Token, error) {
	var t Token
	err := q.Get(ctx, &t, tokenSelect+` WHERE t.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, apperr.ErrNotFound
	}
	if err != nil {
		return Token{}, fmt.Errorf("api token by id: %w", err)
	}
	t.Scopes = parseScopes(t.StoredScopes)
	return t, nil
}
