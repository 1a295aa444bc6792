package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/onboarding"
)

// TestDemoShowsTheRegressionWatchWorking: in the demo, XC-W6 4.0.0 was
// rolling out until the regression watch itself flagged and paused it;
// admin@demo.local sees the staff notice on the dashboard and the release
// marked suspect with its "clear" action; and the live demo merchant's
// documents read accepted, not awaiting review.
func TestDemoShowsTheRegressionWatchWorking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newTestPortal(t, d)
		if _, err := demo.Seed(ctx, demo.Services{Auth: p.auth, Onboarding: p.srv.Onboarding, Catalog: p.srv.Catalog,
			Support: p.srv.Support, Scheduling: p.srv.Scheduling}); err != nil {
			t.Fatal(err)
		}
		var rel struct {
			ID     int64  `db:"id"`
			Status string `db:"status"`
			Detail string `db:"detail"`
			Actor  *int64 `db:"actor_id"`
		}
		if err := d.Get(ctx, &rel, `SELECT r.id, r.status, e.detail, e.actor_id FROM support_releases r
			JOIN catalog_models m ON m.id = r.model_id
			JOIN audit_events e ON e.entity_type = 'release' AND e.entity_id = r.id AND e.action = 'support.release.suspect'
			WHERE m.name = 'XC-W6' AND r.version = '4.0.0' AND r.suspect = ?`, true); err != nil {
			t.Fatalf("XC-W6 4.0.0 was not flagged by the watch: %v", err)
		}
		if rel.Status != "paused" || rel.Actor != nil || !strings.Contains(rel.Detail, `"from":"rolling_out"`) {
			t.Errorf("the watch did not pause the rollout itself: %+v", rel)
		}

		admin := p.client(t).browser()
		admin.json("POST", "/api/v1/session", map[string]string{"email": "admin@demo.local", "password": demo.Password}).wantStatus(t, http.StatusOK)
		wantBody(t, admin.get("/dashboard").wantStatus(t, http.StatusOK), `data-testid="support-notices"`, "XC-W6", "4.0.0", "已暂停推送")
		releases := admin.get("/admin/support/releases").wantStatus(t, http.StatusOK)
		wantBody(t, releases, `data-testid="suspect"`, fmt.Sprintf(`action="/admin/support/releases/%d/clear"`, rel.ID), `data-testid="clear-suspect"`)

		m := p.client(t).browser()
		m.json("POST", "/api/v1/session", map[string]string{"email": "merchant@demo.local", "password": demo.Password}).wantStatus(t, http.StatusOK)
		mu, err := p.auth.UserByEmail(ctx, "merchant@demo.local")
		if err != nil {
			t.Fatal(err)
		}
		apps, err := p.srv.Onboarding.List(ctx, mu, onboarding.ListFilter{})
		if err != nil || len(apps) == 0 {
			t.Fatalf("demo merchant applications: %v %v", apps, err)
		}
		overview := m.get(fmt.Sprintf("/applications/%d", apps[0].ID)).wantStatus(t, http.StatusOK)
		wantBody(t, overview, "verdict-accepted")
		if strings.Contains(overview.body, `<span class="muted">待审核</span>`) {
			t.Errorf("the active demo merchant's documents still read 待审核")
		}
	})
}
