package demo_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/secret"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
	"posportal/support/knowledge"
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
	tree, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	return demo.Services{Auth: a, Onboarding: onb, Catalog: catalog.NewService(d, nil), Support: support.NewService(d, tree, nil),
		Scheduling: scheduling.NewService(d, onb, nil, nil)}
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
		// Staff never see drafts (least privilege), so count them directly.
		var drafts int
		if err := d.Get(ctx, &drafts, `SELECT COUNT(*) FROM applications WHERE status = 'draft'`); err != nil || drafts == 0 {
			t.Errorf("no demo draft (%v)", err)
		}
		admin, _ := s.Auth.UserByEmail(ctx, "admin@demo.local")
		for _, st := range []onboarding.Status{onboarding.Submitted, onboarding.InReview,
			onboarding.InfoRequested, onboarding.Rejected, onboarding.Approved} {
			apps, err := s.Onboarding.List(ctx, admin, onboarding.ListFilter{Status: st})
			if err != nil || len(apps) == 0 {
				t.Errorf("no demo application in status %s (%v)", st, err)
			}
		}
		// merchant@demo.local is live: contract signed, installed, trained,
		// with the installed terminals among its devices.
		m, _ := s.Auth.UserByEmail(ctx, "merchant@demo.local")
		mine, _ := s.Onboarding.List(ctx, m, onboarding.ListFilter{})
		if len(mine) != 1 || mine[0].Status != onboarding.Active {
			t.Fatalf("merchant@demo.local applications: %+v", mine)
		}
		h, _ := s.Onboarding.History(ctx, m, mine[0].ID)
		var trail []string
		for _, e := range h {
			trail = append(trail, string(e.Event))
		}
		if got := strings.Join(trail, " "); got != "submit claim approve sign_contract book_installation complete_installation complete_training" {
			t.Fatalf("history: %s", got)
		}
		devs, err := s.Support.Devices(ctx, m)
		if err != nil || len(devs) < 5 {
			t.Fatalf("devices: %d %v", len(devs), err)
		}
	})
}
