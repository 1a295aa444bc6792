package apitoken_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apitoken"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

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

type fixture struct {
	svc   *apitoken.Service
	clock *clock
	admin auth.User
	d     *db.DB
}

func newFixture(t *testing.T, d *db.DB) fixture {
	t.Helper()
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := a.CreateUser(context.Background(), nil, auth.NewUser{Email: "admin@example.com", Password: "staff password 1", Name: "管理员", Role: auth.Admin}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 12, 4, 9, 0, 30, 0, time.UTC)}
	return fixture{svc: apitoken.NewService(d, c.now), clock: c, admin: admin, d: d}
}

func TestCreateValidates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		missing := int64(4242)
		cases := map[string]struct {
			n     apitoken.NewToken
			field string
		}{
			"NameRequired":    {apitoken.NewToken{Name: "  ", Scopes: []string{"catalog:read"}}, "name"},
			"NameTooLong":     {apitoken.NewToken{Name: string(make([]rune, 81)), Scopes: []string{"catalog:read"}}, "name"},
			"ScopesRequired":  {apitoken.NewToken{Name: "x", Scopes: nil}, "scopes"},
			"ScopeUnknown":    {apitoken.NewToken{Name: "x", Scopes: []string{"catalog:read", "Catalog:Read"}}, "scopes"},
			"ProviderNeeded":  {apitoken.NewToken{Name: "x", Scopes: []string{"devices:checkin"}}, "provider_id"},
			"ProviderUnused":  {apitoken.NewToken{Name: "x", Scopes: []string{"catalog:read"}, ProviderID: &missing}, "provider_id"},
			"ProviderUnknown": {apitoken.NewToken{Name: "x", Scopes: []string{"devices:checkin"}, ProviderID: &missing}, "provider_id"},
		}
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				_, _, err := f.svc.Create(ctx, &f.admin, tc.n, "")
				e := apperr.As(err)
				if e == nil || e.Code != apperr.Validation || e.Fields[tc.field] == "" {
					t.Fatalf("got %v, want a validation error on %s", err, tc.field)
				}
			})
		}
		reviewer := auth.User{ID: f.admin.ID, Role: auth.Reviewer}
		if _, _, err := f.svc.Create(ctx, &reviewer, apitoken.NewToken{Name: "x", Scopes: []string{"catalog:read"}}, ""); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a reviewer creating a token: %v", err)
		}
		var n int
		if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM api_tokens`); err != nil || n != 0 {
			t.Fatalf("%d tokens stored (%v)", n, err)
		}
	})
}

// TestLastUsedAtMostOncePerMinute: the use is recorded, but a token used
// on every request writes at most once a minute.
func TestLastUsedAtMostOncePerMinute(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		tok, secret, err := f.svc.Create(ctx, &f.admin, apitoken.NewToken{Name: "核心银行", Scopes: []string{"applications:read"}}, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		used := func() time.Time {
			t.Helper()
			var at *time.Time
			if err := d.Get(ctx, &at, `SELECT last_used_at FROM api_tokens WHERE id = ?`, tok.ID); err != nil || at == nil {
				t.Fatalf("last used %v (%v)", at, err)
			}
			return at.UTC()
		}
		first := f.clock.now()
		p, err := f.svc.Authenticate(ctx, "10.0.0.1", secret)
		if err != nil || p.User.ID != f.admin.ID || !p.Token.Has(apitoken.ApplicationsRead) || p.Token.Has(apitoken.CatalogRead) {
			t.Fatalf("authenticated %+v (%v)", p, err)
		}
		if !used().Equal(first) {
			t.Fatalf("last used %v, want %v", used(), first)
		}
		f.clock.advance(59 * time.Second)
		if _, err := f.svc.Authenticate(ctx, "10.0.0.1", secret); err != nil {
			t.Fatal(err)
		}
		if !used().Equal(first) {
			t.Fatalf("rewritten within the minute: %v", used())
		}
		f.clock.advance(2 * time.Second)
		if _, err := f.svc.Authenticate(ctx, "10.0.0.1", secret); err != nil {
			t.Fatal(err)
		}
		if want := first.Add(61 * time.Second); !used().Equal(want) {
			t.Fatalf("last used %v, want %v", used(), want)
		}
	})
}

// TestFailureWindowEnds: a throttled address may try again once its
// window is over, and Retry-After says when that is.
func TestFailureWindowEnds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		f.svc.SetLimit(apitoken.Limit{Failures: 2, Window: time.Minute})
		for range 2 {
			if _, err := f.svc.Authenticate(ctx, "10.0.0.9", "pp_nope"); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("want 401, got %v", err)
			}
		}
		_, err := f.svc.Authenticate(ctx, "10.0.0.9", "pp_nope")
		if e := apperr.As(err); e == nil || e.Code != apperr.Throttled || e.RetryAfter != 30*time.Second {
			t.Fatalf("want 429 for 30 s, got %+v", err)
		}
		if _, err := f.svc.Authenticate(ctx, "10.0.0.10", "pp_nope"); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("another address: %v", err)
		}
		f.clock.advance(30 * time.Second)
		if _, err := f.svc.Authenticate(ctx, "10.0.0.9", "pp_nope"); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("after the window: %v", err)
		}
	})
}
