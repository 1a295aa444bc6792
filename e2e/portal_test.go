package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/db/dbtest"
	"posportal/internal/secret"
	"posportal/internal/web"
	"posportal/internal/workcal"
	"posportal/onboarding"
)

// portal is the real web handler on a fresh SQLite database behind a real
// listener, closed when the test ends. It is wired like cmd/portal (and
// internal/web's own test portal).
type portal struct {
	URL  string
	auth *auth.Service
}

func startPortal(t *testing.T) *portal {
	t.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(t)
	p := auth.DefaultPolicy()
	// Cheap hashing: these tests are about the UI, not argon2's cost.
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	box, err := secret.NewBox([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
	if err := onb.EnsureRequirementDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	cal := workcal.NewService(d, nil)
	if _, err := cal.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Deps{
		Config:     config.Config{Env: "development"},
		DB:         d,
		Auth:       a,
		Onboarding: onb,
		Calendar:   cal,
		// Errors only: a 500 in a journey then says why in the test log.
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &portal{URL: ts.URL, auth: a}
}

// testLog writes the portal's log lines to the test log.
type testLog struct{ t *testing.T }

func (w testLog) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// createStaff adds an account the way the command line does (no actor).
func (p *portal) createStaff(t *testing.T, role auth.Role, name, email, password string) {
	t.Helper()
	_, err := p.auth.CreateUser(context.Background(), nil,
		auth.NewUser{Email: email, Password: password, Name: name, Role: role}, auth.Request{})
	if err != nil {
		t.Fatalf("create %s %s: %v", role, email, err)
	}
}
