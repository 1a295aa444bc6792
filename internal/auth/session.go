package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/secret"
)

// Session is a signed-in browser or API client.
type Session struct {
	TokenHash  string    `db:"token_hash"`
	UserID     int64     `db:"user_id"`
	CreatedAt  time.Time `db:"session_created_at"`
	LastSeenAt time.Time `db:"last_seen_at"`
	ExpiresAt  time.Time `db:"expires_at"`
}

// newToken returns a 256-bit random cookie value and the hash stored for it.
func newToken() (token, hash string) { return secret.NewToken("") }

func hashToken(token string) string { return secret.HashToken(token) }

func insertSession(ctx context.Context, q db.Querier, s Session, ip, userAgent string) error {
	if len(userAgent) > 512 {
		userAgent = userAgent[:512]
	}
	_, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.UserID, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC(), ip, userAgent)
	if err != nil {
		return fmt.Errorf("insert session: %w", err)
	}
	return nil
}

func deleteSession(ctx context.Context, q db.Querier, token string) error {
	if _, err := q.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// Authenticate returns the user behind a session token. Expired tokens
// (idle or absolute) are deleted and answer Unauthorized.
func (s *Service) Authenticate(ctx context.Context, token string) (User, error) {
	if token == "" {
		return User{}, errUnauthenticated
	}
	now := s.now()
	// One round trip for session and user: this runs on every request.
	var row struct {
		Session
		User
	}
	err := s.db.Get(ctx, &row, `SELECT s.token_hash, s.user_id, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
		u.id, u.email, u.name, u.phone, u.role, u.password_hash, u.lang, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, errUnauthenticated
	}
	if err != nil {
		return User{}, fmt.Errorf("load session: %w", err)
	}
	sess := row.Session
	if now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.policy.IdleTimeout {
		if err := deleteSession(ctx, s.db, token); err != nil {
			return User{}, err
		}
		return User{}, errUnauthenticated
	}
	// Touch at most once a minute: idle expiry needs no finer grain, and it
	// keeps page views from turning into writes.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if _, err := s.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now.UTC(), sess.TokenHash); err != nil {
			return User{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return row.User, nil
}

var errUnauthenticated = apperr.New(apperr.Unauthorized, "error.unauthenticated")
