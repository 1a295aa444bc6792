package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/pdf"
	"posportal/internal/secret"
	"posportal/internal/web"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
	"posportal/support/knowledge"
	"posportal/webhooks"
)

// portal is every service of the portal on a fresh SQLite database, wired
// as cmd/portal wires them, behind a real listener closed when the test
// ends. Scheduling reads its clock from at (now when unset), so a test can
// stand on site at a booked visit.
type portal struct {
	URL   string
	db    *db.DB
	auth  *auth.Service
	onb   *onboarding.Service
	cat   *catalog.Service
	sup   *support.Service
	sched *scheduling.Service
	at    atomic.Pointer[time.Time]
}

// newPortal builds the services and seeds with seed (nil: nothing), then
// starts serving.
func newPortal(t *testing.T, seed func(p *portal)) *portal {
	t.Helper()
	ctx := context.Background()
	p := &portal{db: dbtest.SQLite(t)}
	pol := auth.DefaultPolicy()
	// Cheap hashing: these tests are about the UI, not argon2's cost.
	pol.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	var err error
	if p.auth, err = auth.NewService(p.db, pol, nil); err != nil {
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
	p.onb = onboarding.NewService(p.db, box, blobs, onboarding.DefaultLimits(), nil)
	if err := p.onb.EnsureRequirementDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	cal := workcal.NewService(p.db, nil)
	if _, err := cal.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	p.onb.SetCalendar(cal)
	tree, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	p.cat, p.sup = catalog.NewService(p.db, nil), support.NewService(p.db, tree, nil)
	p.sched = scheduling.NewService(p.db, p.onb, nil, func() time.Time {
		if at := p.at.Load(); at != nil {
			return *at
		}
		return time.Now()
	})
	if seed != nil {
		seed(p)
	}
	s, err := web.New(web.Deps{
		Config: config.Config{Env: "development"}, DB: p.db, Auth: p.auth, Onboarding: p.onb, Calendar: cal,
		Catalog: p.cat, QuoteProfiles: p.onb, Support: p.sup, Scheduling: p.sched, PDFFont: pdf.Embedded(),
		Webhooks: webhooks.NewService(p.db, box, webhooks.Options{}),
		// Errors only: a 500 in a journey then says why in the test log.
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	p.URL = ts.URL
	return p
}

// startPortal is an empty portal: no accounts, no catalog.
func startPortal(t *testing.T) *portal { return newPortal(t, nil) }

// services are the portal's services for a demo seed step.
func (p *portal) services() demo.Services {
	return demo.Services{Auth: p.auth, Onboarding: p.onb, Catalog: p.cat, Support: p.sup, Scheduling: p.sched}
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
