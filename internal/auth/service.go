// Package auth owns accounts, passwords, sessions and login throttling
// (SPEC §10). Sessions live in the database so any number of portal
// instances can serve a user; only a hash of each token is stored.
package auth

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
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
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// FailureWindow is how long a failed login counts against the limits.
	FailureWindow time.Duration
	// MaxFailuresPerAccountAddress is the guesses one address may make at
	// one account: the limit an attacker meets first.
	MaxFailuresPerAccountAddress int
	// MaxFailuresPerIP is the guesses one address may make at any accounts.
	MaxFailuresPerIP int
	// MaxFailuresPerAccount is the ceiling across all addresses, against
	// guessing spread over many addresses; it does not bind an address the
	// account signed in from within KnownAddressPeriod.
	MaxFailuresPerAccount int
	KnownAddressPeriod    time.Duration
	// MaxRegistrationsPerIP self-registrations per RegistrationWindow.
	MaxRegistrationsPerIP int
	RegistrationWindow    time.Duration
	HashParams            argon2id.Params
	// HashSlots bounds the password hashes running at once; HashWait is
	// how long a request waits for one before it is answered 503.
	HashSlots int
	HashWait  time.Duration
}

// DefaultPolicy is what production runs with.
func DefaultPolicy() Policy {
	return Policy{
		IdleTimeout:                  2 * time.Hour,
		AbsoluteTimeout:              12 * time.Hour,
		FailureWindow:                15 * time.Minute,
		MaxFailuresPerAccountAddress: 5,
		MaxFailuresPerIP:             50,
		MaxFailuresPerAccount:        100,
		KnownAddressPeriod:           30 * 24 * time.Hour,
		MaxRegistrationsPerIP:        10,
		RegistrationWindow:           time.Hour,
		HashParams:                   DefaultHashParams,
		HashSlots:                    runtime.GOMAXPROCS(0),
		HashWait:                     2 * time.Second,
	}
}

// Service is the accounts use-case layer shared by web and API handlers.
type Service struct {
	db     *db.DB
	policy Policy
	now    func() time.Time
	slots  *hashSlots
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
	return &Service{db: d, policy: p, now: now, slots: newHashSlots(p.HashSlots), dummyHash: h}, nil
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
	} else if guessable(n.Password, email, strings.TrimSpace(n.Name)) {
		f["password"] = "field.password.guessable"
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

// errRegisterRefused is self-registration's answer for an e-mail that is
// already registered. Without e-mail verification a registration that
// succeeds signs the user in (SPEC §8), so a refusal cannot be made to
// look like a success; it names no field and says no more than the
// login's "e-mail or password is incorrect", and the per-address limit
// bounds how many addresses one client can probe.
var errRegisterRefused = apperr.New(apperr.Validation, "error.register_refused")

// errEmailTaken is what an admin creating a staff account is told.
var errEmailTaken = apperr.Fields(map[string]string{"email": "field.email.taken"})

// Register creates a merchant account and signs it in. It is throttled per
// client address; an e-mail already registered is refused before any
// password is hashed.
func (s *Service) Register(ctx context.Context, n NewUser, r Request) (User, string, error) {
	n.Role = Merchant
	if err := n.Validate(); err != nil {
		return User{}, "", err
	}
	if err := s.reserveRegistration(ctx, r.IP); err != nil {
		return User{}, "", err
	}
	u, err := s.create(ctx, nil, n, r)
	if errors.Is(err, errEmailTaken) {
		return User{}, "", errRegisterRefused
	}
	if err != nil {
		return User{}, "", err
	}
	token, err := s.startSession(ctx, u, "", r, "")
	return u, token, err
}

// CreateUser creates an account of any role; actor is the admin doing it,
// nil for the command line.
func (s *Service) CreateUser(ctx context.Context, actor *User, n NewUser, r Request) (User, error) {
	if actor != nil && actor.Role != Admin {
		return User{}, apperr.ErrForbidden
	}
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	return s.create(ctx, actor, n, r)
}

// create stores a validated new user. The e-mail is checked before the
// password is hashed, so probing existing e-mails costs no hashing slot;
// the unique index still decides a race between two registrations.
func (s *Service) create(ctx context.Context, actor *User, n NewUser, r Request) (User, error) {
	email := NormalizeEmail(n.Email)
	if _, err := userByEmail(ctx, s.db, email); err == nil {
		return User{}, errEmailTaken
	} else if !errors.Is(err, apperr.ErrNotFound) {
		return User{}, err
	}
	var hash string
	err := s.slots.run(ctx, s.policy.HashWait, false, func() (err error) {
		hash, err = hashPassword(s.policy.HashParams, n.Password)
		return err
	})
	if err != nil {
		return User{}, err
	}
	u := User{
		Email: email, Name: strings.TrimSpace(n.Name), Phone: strings.TrimSpace(n.Phone),
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
// The attempt is counted before the password is hashed (see throttle.go);
// the hash runs in a bounded slot, for unknown e-mails too, so a missing
// account costs the same time as a wrong password. A login from an address
// the account signed in from before queues ahead of the others.
func (s *Service) Login(ctx context.Context, email, password, oldToken string, r Request) (User, string, error) {
	email = NormalizeEmail(email)
	u, err := userByEmail(ctx, s.db, email)
	hash := u.PasswordHash
	if errors.Is(err, apperr.ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		return User{}, "", err
	}
	attempt, known, err := s.reserveLogin(ctx, email, u.ID, r.IP)
	if err != nil {
		return User{}, "", err
	}
	var compared, ok bool
	var rehash string
	err = s.slots.run(ctx, s.policy.HashWait, known, func() (err error) {
		compared = true
		if ok, err = checkPassword(password, hash); err != nil || !ok || u.ID == 0 {
			return err
		}
		if needsRehash(hash, s.policy.HashParams) {
			rehash, err = hashPassword(s.policy.HashParams, password)
		}
		return err
	})
	if !compared {
		// No slot in time (503), or the client gave up waiting: no password
		// was compared, so the attempt does not count.
		if rerr := s.releaseLogin(ctx, attempt); rerr != nil {
			return User{}, "", rerr
		}
		return User{}, "", err
	}
	if err != nil {
		return User{}, "", err
	}
	if !ok || u.ID == 0 {
		if err := s.fail(ctx, email, u, r); err != nil {
			return User{}, "", err
		}
		return User{}, "", apperr.New(apperr.Unauthorized, "error.bad_credentials")
	}
	if rehash != "" {
		u.PasswordHash = rehash
	}
	token, err := s.startSession(ctx, u, oldToken, r, rehash)
	return u, token, err
}

// fail audits a wrong guess; its reserved attempt already counts.
func (s *Service) fail(ctx context.Context, email string, u User, r Request) error {
	e := audit.Event{Action: "login_failure", IP: r.IP, Detail: map[string]any{"email": email}}
	if u.ID != 0 {
		e.EntityType, e.EntityID = "user", &u.ID
	}
	return audit.Record(context.WithoutCancel(ctx), s.db, s.now(), e)
}

// startSession signs u in. rehash, when set, replaces the stored password
// hash made under older parameters.
func (s *Service) startSession(ctx context.Context, u User, oldToken string, r Request, rehash string) (string, error) {
	now := s.now()
	token, hash := newToken()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if oldToken != "" {
			if err := deleteSession(ctx, tx, oldToken); err != nil {
				return err
			}
		}
		// The owner has proven themselves from this address: its guesses at
		// this account (and this attempt's reservation) stop counting. Other
		// addresses' failures and this address's guesses at other accounts
		// still count.
		if _, err := tx.Exec(ctx, `DELETE FROM login_failures WHERE email = ? AND ip = ?`, u.Email, r.IP); err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
		if rehash != "" {
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, rehash, u.ID); err != nil {
				return fmt.Errorf("rehash password: %w", err)
			}
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
