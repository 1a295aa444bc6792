// Package auth owns accounts, passwords, sessions and login throttling
// (SPEC §10). Sessions live in the database so any number of portal
// instances can serve a user; only a hash of each token is stored.
package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/db"
)

// Policy holds the tunable security limits.
type Policy struct {
	IdleTimeout           time.Duration
	AbsoluteTimeout       time.Duration
	FailureWindow         time.Duration
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	HashParams            argon2id.Params
}

// DefaultPolicy is what production runs with.
func DefaultPolicy() Policy {
	return Policy{
		IdleTimeout:           2 * time.Hour,
		AbsoluteTimeout:       12 * time.Hour,
		FailureWindow:         15 * time.Minute,
		MaxFailuresPerAccount: 5,
		MaxFailuresPerIP:      50,
		HashParams:            DefaultHashParams,
	}
}

// Service is the accounts use-case layer shared by web and API handlers.
type Service struct {
	db     *db.DB
	policy Policy
	now    func() time.Time
	// dummyHash is verified against for unknown emails so that a login for a
	// missing account costs as much as one for a real account.
	dummyHash string
}

// NewService returns a Service; now may be nil for time.Now.
func NewService(d *db.DB, p Policy, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	h, err := hashPassword(p.HashParams, "not-a-real-password")
	if err != nil {
		return nil, err
	}
	return &Service{db: d, policy: p, now: now, dummyHash: h}, nil
}

// Policy returns the limits in force (the web layer sets cookie lifetimes from it).
func (s *Service) Policy() Policy { return s.policy }

// NewUser is what registration and staff creation take.
type NewUser struct {
	Email    string
	Password string
	Name     string
	Phone    string
	Role     Role
	Lang     string
}

var mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// Validate returns field message keys for what is wrong.
func (n NewUser) Validate() error {
	f := map[string]string{}
	email := NormalizeEmail(n.Email)
	if email == "" {
		f["email"] = "field.required"
	} else if len(email) > 254 || !emailPattern.MatchString(email) {
		f["email"] = "field.email.invalid"
	}
	if utf8.RuneCountInString(n.Password) < MinPasswordLength {
		f["password"] = "field.password.too_short"
	} else if len(n.Password) > 1024 {
		f["password"] = "field.password.too_long"
	}
	if name := strings.TrimSpace(n.Name); name == "" {
		f["name"] = "field.required"
	} else if utf8.RuneCountInString(name) > 100 {
		f["name"] = "field.too_long"
	}
	if n.Role == Merchant || n.Phone != "" {
		if !mobilePattern.MatchString(strings.TrimSpace(n.Phone)) {
			f["phone"] = "field.phone.invalid"
		}
	}
	if !n.Role.Valid() {
		f["role"] = "field.role.invalid"
	}
	if len(f) > 0 {
		return apperr.Fields(f)
	}
	return nil
}

// Request describes the client for audit and throttling.
type Request struct {
	IP        string
	UserAgent string
}

// Register creates a merchant account and signs it in.
func (s *Service) Register(ctx context.Context, n NewUser, r Request) (User, string, error) {
	n.Role = Merchant
	u, err := s.create(ctx, nil, n, r)
	if err != nil {
		return User{}, "", err
	}
	token, err := s.startSession(ctx, u, "", r)
	return u, token, err
}

// CreateUser creates an account of any role; actor is the admin doing it,
// nil for the command line.
func (s *Service) CreateUser(ctx context.Context, actor *User, n NewUser, r Request) (User, error) {
	if actor != nil && actor.Role != Admin {
		return User{}, apperr.ErrForbidden
	}
	return s.create(ctx, actor, n, r)
}

func (s *Service) create(ctx context.Context, actor *User, n NewUser, r Request) (User, error) {
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	hash, err := hashPassword(s.policy.HashParams, n.Password)
	if err != nil {
		return User{}, err
	}
	u := User{
		Email: NormalizeEmail(n.Email), Name: strings.TrimSpace(n.Name), Phone: strings.TrimSpace(n.Phone),
		Role: n.Role, PasswordHash: hash, Lang: n.Lang, CreatedAt: s.now().UTC(),
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := insertUser(ctx, tx, &u); err != nil {
			return err
		}
		e := audit.Event{Action: "register", EntityType: "user", EntityID: &u.ID, IP: r.IP,
			Detail: map[string]any{"role": string(u.Role)}}
		if actor != nil {
			e.Action, e.ActorID = "user.create", &actor.ID
		} else {
			e.ActorID = &u.ID
		}
		if u.Role == Merchant {
			e.MerchantID = &u.ID
		}
		return audit.Record(ctx, tx, u.CreatedAt, e)
	})
	return u, err
}

// Login checks credentials and starts a new session, replacing oldToken
// (the session the client had before, if any) so the id rotates at login.
func (s *Service) Login(ctx context.Context, email, password, oldToken string, r Request) (User, string, error) {
	email = NormalizeEmail(email)
	if err := s.throttled(ctx, email, r.IP); err != nil {
		return User{}, "", err
	}
	u, err := userByEmail(ctx, s.db, email)
	hash := u.PasswordHash
	if errors.Is(err, apperr.ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		return User{}, "", err
	}
	ok, err := checkPassword(password, hash)
	if err != nil {
		return User{}, "", err
	}
	if !ok || u.ID == 0 {
		if err := s.fail(ctx, email, u, r); err != nil {
			return User{}, "", err
		}
		return User{}, "", apperr.New(apperr.Unauthorized, "error.bad_credentials")
	}
	token, err := s.startSession(ctx, u, oldToken, r)
	return u, token, err
}

func (s *Service) fail(ctx context.Context, email string, u User, r Request) error {
	now := s.now()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := recordFailure(ctx, tx, now, email, r.IP); err != nil {
			return err
		}
		e := audit.Event{Action: "login_failure", IP: r.IP, Detail: map[string]any{"email": email}}
		if u.ID != 0 {
			e.EntityType, e.EntityID = "user", &u.ID
		}
		return audit.Record(ctx, tx, now, e)
	})
}

func (s *Service) startSession(ctx context.Context, u User, oldToken string, r Request) (string, error) {
	now := s.now()
	token, hash := newToken()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if oldToken != "" {
			if err := deleteSession(ctx, tx, oldToken); err != nil {
				return err
			}
		}
		// A successful login clears the account's failure count: the owner
		// has proven themselves, the attacker's earlier guesses stop counting.
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE email = ?`, u.Email); err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
		sess := Session{TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.policy.AbsoluteTimeout)}
		if err := insertSession(ctx, tx, sess, r.IP, r.UserAgent); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{ActorID: &u.ID, Action: "login", EntityType: "user", EntityID: &u.ID, IP: r.IP})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Logout ends the session behind token.
func (s *Service) Logout(ctx context.Context, u User, token string, r Request) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := deleteSession(ctx, tx, token); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{ActorID: &u.ID, Action: "logout", EntityType: "user", EntityID: &u.ID, IP: r.IP})
	})
}
