package main

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/secret"
	"posportal/internal/web"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
)

// TestLoadRunAgainstRealPortal runs the scenario briefly against a real
// portal (gin engine over HTTP, SQLite, the demo catalog): every route
// answers without errors and the report has a ratio for each.
func TestLoadRunAgainstRealPortal(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	p := auth.DefaultPolicy()
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
	cal := workcal.NewService(d, nil)
	if _, err := cal.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewService(d, nil)
	if err := demo.SeedCatalog(ctx, cat); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Deps{Config: config.Config{Env: "development"}, DB: d, Auth: a, Onboarding: onb, QuoteProfiles: onb,
		Calendar: cal, Catalog: cat, Scheduling: scheduling.NewService(d, onb, nil, nil),
		Log: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()

	var out strings.Builder
	if err := run([]string{"-url", ts.URL, "-merchants", "3", "-conns", "4", "-duration", "300ms"}, &out); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	t.Log("\n" + report)
	for _, r := range []string{"GET /readyz", "GET /dashboard", "GET /api/v1/terminals", "POST /api/v1/fee-quotes"} {
		// name, requests, errors = 0, rps, p50, p99, ratio (solo table).
		re := regexp.MustCompile(regexp.QuoteMeta(r) + `\s+[1-9][0-9]*\s+0\s+[0-9]+\s+[0-9.]+\s+[0-9.]+\s+[0-9]+\.[0-9]{2}\s`)
		if !re.MatchString(report) {
			t.Errorf("no error-free line with a ratio for %s", r)
		}
	}
	if !strings.Contains(report, "slot search skipped") {
		t.Error("without the demo merchant the slot search should be reported as skipped")
	}
	if strings.Contains(report, "first error") {
		t.Error("a route failed")
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
