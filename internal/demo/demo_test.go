package demo_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/secret"
	"posportal/onboarding"
)

func services(t *testing.T, d *db.DB) demo.Services {
	t.Helper()
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	box, _ := secret.NewBox(bytes.Repeat([]byte{1}, 32))
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
	if err := onb.EnsureRequirementDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	return demo.Services{Auth: a, Onboarding: onb}
}

func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "applications", "documents", "application_events"} {
		var n int
		if err := d.Get(context.Background(), &n, "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func TestSeedIsCompleteAndIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := services(t, d)
		if _, err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		first := counts(t, d)
		if _, err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		if second := counts(t, d); second["applications"] != first["applications"] || second["documents"] != first["documents"] ||
			second["users"] != first["users"] || second["application_events"] != first["application_events"] {
			t.Fatalf("second seed changed data: %v → %v", first, second)
		}
		admin, _ := s.Auth.UserByEmail(ctx, "admin@demo.local")
		for _, st := range []onboarding.Status{onboarding.Draft, onboarding.Submitted, onboarding.InReview,
			onboarding.InfoRequested, onboarding.Rejected, onboarding.Approved} {
			apps, err := s.Onboarding.List(ctx, admin, onboarding.ListFilter{Status: st})
			if err != nil || len(apps) == 0 {
				t.Errorf("no demo application in status %s (%v)", st, err)
			}
		}
		m, _ := s.Auth.UserByEmail(ctx, "merchant@demo.local")
		mine, _ := s.Onboarding.List(ctx, m, onboarding.ListFilter{})
		if len(mine) != 1 || mine[0].Status != onboarding.Approved {
			t.Fatalf("merchant@demo.local applications: %+v", mine)
		}
	})
}
