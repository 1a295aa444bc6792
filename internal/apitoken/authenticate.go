package apitoken

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/throttle"
)

// Limit bounds failed bearer authentications per client address in a
// fixed window. Tokens have 256 bits, so this is not about guessing one:
// it keeps a misconfigured or hostile client from hammering the look-up
// and makes a scan visible (429s) instead of silent.
type Limit struct {
	Failures int
	Window   time.Duration
}

// DefaultLimit allows 20 bad tokens per address per 10 minutes.
func DefaultLimit() Limit { return Limit{Failures: 20, Window: 10 * time.Minute} }

// SetLimit replaces the failure throttle's limit.
func (s *Service) SetLimit(l Limit) { s.limit = l }

// Principal is who a valid token speaks for: the token with its scopes,
// and the admin account that created it, whose permissions the domain
// services check.
type Principal struct {
	Token Token
	User  auth.User
}

// Authenticate returns the principal behind a bearer token sent from
// client (its address). Unknown, revoked and malformed tokens, and tokens
// whose creator is no longer an admin, are Unauthorized. Each failure is
// counted with one atomic upsert, so concurrent bad requests cannot slip
// past the limit: of any burst, at most Limit.Failures answers are 401
// and the rest 429. A valid token is looked up before the throttle, so one
// misbehaving client behind a shared address does not lock out the
// working integrations behind it.
func (s *Service) Authenticate(ctx context.Context, client, token string) (Principal, error) {
	if wellFormed(token) {
		p, err := s.lookup(ctx, token)
		if err == nil || !errors.Is(err, errUnknown) {
			return p, err
		}
	}
	return Principal{}, s.countFailure(ctx, client)
}

var errUnknown = apperr.New(apperr.Unauthorized, "apitoken.error.unauthenticated")

func (s *Service) lookup(ctx context.Context, token string) (Principal, error) {
	var row struct {
		Token
		UserID      int64     `db:"user_id"`
		UserEmail   string    `db:"user_email"`
		UserName    string    `db:"user_name"`
		UserPhone   string    `db:"user_phone"`
		UserRole    auth.Role `db:"user_role"`
		UserLang    string    `db:"user_lang"`
		UserCreated time.Time `db:"user_created_at"`
	}
	err := s.db.Get(ctx, &row, `SELECT t.id, t.name, t.scopes, t.provider_id, COALESCE(p.name, '') AS provider_name, t.token_hint,
		t.created_by, t.created_at, t.last_used_at, t.revoked_at, t.revoked_by,
		u.id AS user_id, u.email AS user_email, u.name AS user_name, u.phone AS user_phone, u.role AS user_role,
		u.lang AS user_lang, u.created_at AS user_created_at
		FROM api_tokens t JOIN users u ON u.id = t.created_by LEFT JOIN catalog_providers p ON p.id = t.provider_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hashSecret(token))
	if errors.Is(err, sql.ErrNoRows) {
		return Principal{}, errUnknown
	}
	if err != nil {
		return Principal{}, fmt.Errorf("api token by hash: %w", err)
	}
	// The token borrows its creator's authority; an account that is no
	// longer an admin has none left to lend.
	if row.UserRole != auth.Admin {
		return Principal{}, errUnknown
	}
	t := row.Token
	t.Scopes = parseScopes(t.StoredScopes)
	now := s.now().UTC()
	// At most one write a minute per token: "last used" needs no finer
	// grain, and it keeps every API call from becoming a write.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if _, err := s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
			now, t.ID, now.Add(-time.Minute)); err != nil {
			return Principal{}, fmt.Errorf("api token used: %w", err)
		}
		t.LastUsedAt = &now
	}
	u := auth.User{ID: row.UserID, Email: row.UserEmail, Name: row.UserName, Phone: row.UserPhone, Role: row.UserRole,
		Lang: row.UserLang, CreatedAt: row.UserCreated}
	return Principal{Token: t, User: u}, nil
}

// countFailure records one failed authentication from client and answers
// 401, or 429 with the rest of the window once the limit is passed.
func (s *Service) countFailure(ctx context.Context, client string) error {
	now := s.now()
	w := throttle.Window{Table: "api_token_failures", Failures: s.limit.Failures, Window: s.limit.Window}
	throttled := func(left time.Duration) error {
		return &apperr.Error{Code: apperr.Throttled, Key: "apitoken.error.throttled", RetryAfter: left}
	}
	if over, left, err := w.Over(ctx, s.db, client, now); err != nil || over {
		if err != nil {
			return fmt.Errorf("api token throttle: %w", err)
		}
		return throttled(left)
	}
	over, left, err := w.Count(ctx, s.db, client, now)
	if err != nil {
		return err
	}
	if over {
		return throttled(left)
	}
	return errUnknown
}
