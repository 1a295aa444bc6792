package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
)

// Role decides which route groups a user may enter.
type Role string

// The portal's roles (SPEC §1).
const (
	Merchant  Role = "merchant"
	Reviewer  Role = "reviewer"
	Installer Role = "installer"
	Admin     Role = "admin"
)

// Roles lists every role, staff roles after merchant.
var Roles = []Role{Merchant, Reviewer, Installer, Admin}

// StaffRoles are the roles only an admin may create.
var StaffRoles = []Role{Reviewer, Installer, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles {
		if r == k {
			return true
		}
	}
	return false
}

// User is an account.
type User struct {
	ID           int64     `db:"id"`
	Email        string    `db:"email"`
	Name         string    `db:"name"`
	Phone        string    `db:"phone"`
	Role         Role      `db:"role"`
	PasswordHash string    `db:"password_hash"`
	Lang         string    `db:"lang"`
	CreatedAt    time.Time `db:"created_at"`
}

const userColumns = `id, email, name, phone, role, password_hash, lang, created_at`

// NormalizeEmail is the one place emails are canonicalised, so look-ups,
// throttling and uniqueness agree.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func insertUser(ctx context.Context, q db.Querier, u *User) error {
	err := q.Get(ctx, &u.ID, `INSERT INTO users (email, name, phone, role, password_hash, lang, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		u.Email, u.Name, u.Phone, u.Role, u.PasswordHash, u.Lang, u.CreatedAt.UTC())
	if db.IsUniqueViolation(err) {
		return errEmailTaken
	}
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

func userByEmail(ctx context.Context, q db.Querier, email string) (User, error) {
	var u User
	err := q.Get(ctx, &u, `SELECT `+userColumns+` FROM users WHERE email = ?`, NormalizeEmail(email))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("user by email: %w", err)
	}
	return u, nil
}

// UserByID returns the user with id, or apperr.ErrNotFound.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	var u User
	err := s.db.Get(ctx, &u, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("user by id: %w", err)
	}
	return u, nil
}

// ListUsers returns users with one of roles (all when none), by email.
func (s *Service) ListUsers(ctx context.Context, roles ...Role) ([]User, error) {
	where, args := "", []any{}
	if len(roles) > 0 {
		where = "WHERE role IN (?" + strings.Repeat(", ?", len(roles)-1) + ")"
		for _, r := range roles {
			args = append(args, r)
		}
	}
	var out []User
	if err := s.db.Select(ctx, &out, `SELECT `+userColumns+` FROM users `+where+` ORDER BY email`, args...); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetLang remembers the user's language choice.
func (s *Service) SetLang(ctx context.Context, userID int64, lang string) error {
	if _, err := s.db.Exec(ctx, `UPDATE users SET lang = ? WHERE id = ?`, lang, userID); err != nil {
		return fmt.Errorf("set lang: %w", err)
	}
	return nil
}

// CountByRole returns how many accounts each role has.
func (s *Service) CountByRole(ctx context.Context) (map[Role]int, error) {
	var rows []struct {
		Role Role `db:"role"`
		N    int  `db:"n"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT role, COUNT(*) AS n FROM users GROUP BY role`); err != nil {
		return nil, fmt.Errorf("count users: %w", err)
	}
	out := map[Role]int{}
	for _, r := range rows {
		out[r.Role] = r.N
	}
	return out, nil
}

// UserByEmail returns the user with email, or apperr.ErrNotFound.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	return userByEmail(ctx, s.db, email)
}
