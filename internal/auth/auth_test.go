package auth_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// clock is a settable time source for expiry tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T, d *db.DB) (*auth.Service, *clock) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	s, err := auth.NewService(d, p, c.now)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

var req = auth.Request{IP: "203.0.113.7", UserAgent: "test"}

func register(t *testing.T, s *auth.Service, email string) (auth.User, string) {
	t.Helper()
	u, tok, err := s.Register(context.Background(), auth.NewUser{Email: email, Password: "correct horse 1", Name: "王小明", Phone: "13812345678"}, req)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return u, tok
}

func actions(t *testing.T, d *db.DB) []string {
	t.Helper()
	es, err := audit.List(context.Background(), d, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		out = append(out, es[i].Action)
	}
	return out
}

func TestRegister(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		ctx := context.Background()
		t.Run("OK", func(t *testing.T) {
			u, tok := register(t, s, " Shop@Example.COM ")
			if u.Email != "shop@example.com" || u.Role != auth.Merchant {
				t.Fatalf("user = %+v", u)
			}
			got, err := s.Authenticate(ctx, tok)
			if err != nil || got.ID != u.ID {
				t.Fatalf("authenticate new session: %v %v", got, err)
			}
			if got := actions(t, d); len(got) != 2 || got[0] != "register" || got[1] != "login" {
				t.Fatalf("audit = %v", got)
			}
		})
		t.Run("ErrExistingEmailRefusedWithoutHashing", func(t *testing.T) {
			before := s.HashStats().Jobs
			_, _, err := s.Register(ctx, auth.NewUser{Email: "SHOP@example.com", Password: "correct horse 1", Name: "x", Phone: "13812345678"}, req)
			e := apperr.As(err)
			if e == nil || e.Code != apperr.Validation || e.Key != "error.register_refused" || len(e.Fields) != 0 {
				t.Fatalf("err = %v (fields %v), want the generic refusal naming no field", err, e)
			}
			if got := s.HashStats().Jobs; got != before {
				t.Fatalf("hashing jobs %d -> %d: the existing e-mail was hashed for", before, got)
			}
		})
		t.Run("ErrEmailTakenForAdmin", func(t *testing.T) {
			_, err := s.CreateUser(ctx, nil, auth.NewUser{Email: "shop@example.com", Password: "correct horse 1", Name: "x", Role: auth.Reviewer}, req)
			if e := apperr.As(err); e == nil || e.Fields["email"] != "field.email.taken" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("ErrFields", func(t *testing.T) {
			_, _, err := s.Register(ctx, auth.NewUser{Email: "nope", Password: "short", Name: " ", Phone: "12812345678"}, req)
			e := apperr.As(err)
			if e == nil || e.Code != apperr.Validation {
				t.Fatalf("err = %v", err)
			}
			want := map[string]string{"email": "field.email.invalid", "password": "field.password.too_short", "name": "field.required", "phone": "field.phone.invalid"}
			for k, v := range want {
				if e.Fields[k] != v {
					t.Errorf("field %s = %q, want %q", k, e.Fields[k], v)
				}
			}
		})
	})
}

func TestLoginRotatesAndLogoutEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		ctx := context.Background()
		u, first := register(t, s, "m@example.com")
		_, second, err := s.Login(ctx, "M@example.com", "correct horse 1", first, req)
		if err != nil {
			t.Fatal(err)
		}
		if second == first || len(second) < 43 {
			t.Fatalf("token not rotated or too short: %q", second)
		}
		if _, err := s.Authenticate(ctx, first); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("old token still valid: %v", err)
		}
		if err := s.Logout(ctx, u, second, req); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, second); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("logged-out token still valid: %v", err)
		}
		var stored int
		d.Get(ctx, &stored, `SELECT COUNT(*) FROM sessions WHERE token_hash = ?`, second)
		if stored != 0 {
			t.Fatal("raw token stored in sessions table")
		}
		if got := actions(t, d); got[len(got)-1] != "logout" {
			t.Fatalf("audit = %v", got)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, c := newService(t, d)
		ctx := context.Background()
		pol := s.Policy()
		t.Run("idle", func(t *testing.T) {
			_, tok := register(t, s, "idle@example.com")
			c.advance(pol.IdleTimeout - time.Minute)
			if _, err := s.Authenticate(ctx, tok); err != nil {
				t.Fatalf("active session refused: %v", err)
			}
			c.advance(pol.IdleTimeout + time.Second)
			if _, err := s.Authenticate(ctx, tok); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("idle session accepted: %v", err)
			}
		})
		t.Run("absolute", func(t *testing.T) {
			_, tok := register(t, s, "abs@example.com")
			// Keep the session busy every hour until just before its absolute
			// lifetime ends; idle expiry never triggers.
			for elapsed := time.Hour; elapsed < pol.AbsoluteTimeout; elapsed += time.Hour {
				c.advance(time.Hour)
				if _, err := s.Authenticate(ctx, tok); err != nil {
					t.Fatalf("session refused after %v: %v", elapsed, err)
				}
			}
			c.advance(time.Hour + time.Second)
			if _, err := s.Authenticate(ctx, tok); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("session past absolute expiry accepted: %v", err)
			}
		})
	})
}

func TestLoginThrottling(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, c := newService(t, d)
		ctx := context.Background()
		register(t, s, "victim@example.com")
		for i := 1; i <= 5; i++ {
			_, _, err := s.Login(ctx, "victim@example.com", "wrong password", "", req)
			if e := apperr.As(err); e == nil || e.Code != apperr.Unauthorized || e.Key != "error.bad_credentials" {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, _, err := s.Login(ctx, "victim@example.com", "correct horse 1", "", req)
		e := apperr.As(err)
		if e == nil || e.Code != apperr.Throttled || e.RetryAfter <= 0 || e.RetryAfter > 15*time.Minute {
			t.Fatalf("6th attempt (even correct) = %v", err)
		}
		t.Run("unknown email answers the same", func(t *testing.T) {
			_, _, err := s.Login(ctx, "nobody@example.com", "wrong password", "", auth.Request{IP: "198.51.100.1"})
			if e := apperr.As(err); e == nil || e.Key != "error.bad_credentials" {
				t.Fatalf("unknown email: %v", err)
			}
		})
		t.Run("window passes", func(t *testing.T) {
			c.advance(15*time.Minute + time.Second)
			if _, _, err := s.Login(ctx, "victim@example.com", "correct horse 1", "", req); err != nil {
				t.Fatalf("login after window: %v", err)
			}
		})
		t.Run("per address", func(t *testing.T) {
			ip := auth.Request{IP: "192.0.2.9"}
			for i := 0; i < s.Policy().MaxFailuresPerIP; i++ {
				email := "spray" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@example.com"
				if _, _, err := s.Login(ctx, email, "wrong password", "", ip); apperr.CodeOf(err) != apperr.Unauthorized {
					t.Fatalf("attempt %d: %v", i, err)
				}
			}
			if _, _, err := s.Login(ctx, "fresh@example.com", "whatever password", "", ip); apperr.CodeOf(err) != apperr.Throttled {
				t.Fatalf("address not throttled: %v", err)
			}
		})
	})
}

func TestCreateUserNeedsAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _ := newService(t, d)
		ctx := context.Background()
		merchant, _ := register(t, s, "m@example.com")
		n := auth.NewUser{Email: "r@bank.example", Password: "reviewer pass 1", Name: "审核员", Role: auth.Reviewer}
		if _, err := s.CreateUser(ctx, &merchant, n, req); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("merchant created staff: %v", err)
		}
		admin, err := s.CreateUser(ctx, nil, auth.NewUser{Email: "a@bank.example", Password: "admin pass 12", Name: "管理员", Role: auth.Admin}, req)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.CreateUser(ctx, &admin, n, req)
		if err != nil || r.Role != auth.Reviewer {
			t.Fatalf("admin create reviewer: %v %v", r, err)
		}
		staff, _ := s.ListUsers(ctx, auth.StaffRoles...)
		if len(staff) != 2 {
			t.Fatalf("staff = %d", len(staff))
		}
	})
}
