package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// Login attempts are reserved before the password is hashed: the check
// "under the limit?" and the insert of the attempt's row happen in one
// transaction, serialised per key, so N concurrent guesses cannot all pass
// a check that was read before any of them was counted. The row stays as
// the failure when the guess is wrong and is deleted when it is right.
// login_failures therefore holds failures plus attempts in flight.

// reserveLogin counts one attempt for email from ip, or answers 429 when
// the address has used up its guesses at this account, the address its
// guesses overall, or the account its ceiling across all addresses. The
// ceiling does not apply to an address the account signed in from within
// KnownAddressPeriod (known is true then), so a botnet cannot lock the
// owner out of their own account from where they usually work.
func (s *Service) reserveLogin(ctx context.Context, email string, userID int64, ip string) (id int64, known bool, err error) {
	p := s.policy
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := lockKeys(ctx, tx, "login:email:"+email, "login:ip:"+ip); err != nil {
			return err
		}
		if err := beyondLimit(ctx, tx, now, p.FailureWindow, p.MaxFailuresPerAccountAddress,
			`login_failures WHERE email = ? AND ip = ?`, email, ip); err != nil {
			return err
		}
		if err := beyondLimit(ctx, tx, now, p.FailureWindow, p.MaxFailuresPerIP,
			`login_failures WHERE ip = ?`, ip); err != nil {
			return err
		}
		var err error
		if known, err = signedInFrom(ctx, tx, userID, ip, now.Add(-p.KnownAddressPeriod)); err != nil {
			return err
		}
		err = beyondLimit(ctx, tx, now, p.FailureWindow, p.MaxFailuresPerAccount, `login_failures WHERE email = ?`, email)
		if err != nil && !(known && apperr.CodeOf(err) == apperr.Throttled) {
			return err
		}
		if err := tx.Get(ctx, &id, `INSERT INTO login_failures (email, ip, created_at) VALUES (?, ?, ?) RETURNING id`, email, ip, now); err != nil {
			return fmt.Errorf("reserve login attempt: %w", err)
		}
		return nil
	})
	return id, known, err
}

// releaseLogin forgets a reserved attempt that never got to compare a
// password (no hashing slot was free): the client was told to retry.
func (s *Service) releaseLogin(ctx context.Context, id int64) error {
	if _, err := s.db.Exec(context.WithoutCancel(ctx), `DELETE FROM login_failures WHERE id = ?`, id); err != nil {
		return fmt.Errorf("release login attempt: %w", err)
	}
	return nil
}

// reserveRegistration counts one registration from ip or answers 429.
// Registrations stay counted whatever their outcome: the limit is on how
// many accounts (or probes of existing e-mails) one address may try.
func (s *Service) reserveRegistration(ctx context.Context, ip string) error {
	p := s.policy
	now := s.now().UTC()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := lockKeys(ctx, tx, "register:ip:"+ip); err != nil {
			return err
		}
		if err := beyondLimit(ctx, tx, now, p.RegistrationWindow, p.MaxRegistrationsPerIP,
			`registration_attempts WHERE ip = ?`, ip); err != nil {
			if e := apperr.As(err); e != nil && e.Code == apperr.Throttled {
				e.Key = "error.register_throttled"
			}
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO registration_attempts (ip, created_at) VALUES (?, ?)`, ip, now); err != nil {
			return fmt.Errorf("reserve registration: %w", err)
		}
		return nil
	})
}

// beyondLimit answers 429 when the rows of from (a table and its filter)
// within window already number limit. The limit-th newest of them leaving
// the window is when the next attempt is allowed: that is the Retry-After.
func beyondLimit(ctx context.Context, tx *db.Tx, now time.Time, window time.Duration, limit int, from string, args ...any) error {
	var t time.Time
	args = append(args, now.Add(-window), max(limit-1, 0))
	err := tx.Get(ctx, &t, `SELECT created_at FROM `+from+` AND created_at > ? ORDER BY created_at DESC LIMIT 1 OFFSET ?`, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("count attempts: %w", err)
	}
	wait := max(t.Add(window).Sub(now), time.Second)
	return &apperr.Error{Code: apperr.Throttled, Key: "error.throttled", RetryAfter: wait}
}

// signedInFrom reports whether the user logged in from ip since then. It
// runs for unknown e-mails too (user id 0 matches nothing), so they cost
// the same queries as known ones.
func signedInFrom(ctx context.Context, tx *db.Tx, userID int64, ip string, since time.Time) (bool, error) {
	var n int
	err := tx.Get(ctx, &n, `SELECT COUNT(*) FROM audit_events
		WHERE entity_type = 'user' AND entity_id = ? AND action = 'login' AND ip = ? AND created_at > ?`, userID, ip, since)
	if err != nil {
		return false, fmt.Errorf("known address: %w", err)
	}
	return n > 0, nil
}

// lockKeys serialises the transactions that check and count the same keys.
// SQLite needs nothing: every write transaction begins IMMEDIATE and holds
// the database's one write lock. PostgreSQL's READ COMMITTED would let two
// transactions count the same rows and both insert, so each key takes a
// transaction-scoped advisory lock, in sorted order so two attempts never
// wait on each other crosswise.
func lockKeys(ctx context.Context, tx *db.Tx, keys ...string) error {
	if tx.Dialect != db.Postgres {
		return nil
	}
	keys = slices.Sorted(slices.Values(keys))
	for _, k := range keys {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, k); err != nil {
			return fmt.Errorf("lock %s: %w", k, err)
		}
	}
	return nil
}
