package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

type releaseJSON struct {
	ID           int64    `json:"id"`
	Status       string   `json:"status"`
	NextStatuses []string `json:"next_statuses"`
}

// TestWithdrawnReleaseStaysWithdrawn: once withdrawn, a release cannot be
// rolled out again, neither over the API nor from the admin page (409 and
// a message saying why), and neither offers a move that would be refused.
func TestWithdrawnReleaseStaysWithdrawn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		w.admin.header.Set("Accept-Language", "en")
		var rel releaseJSON
		w.admin.json("POST", "/api/v1/firmware-releases", map[string]any{"model_id": w.model.ID, "version": "3.2.0"}).
			wantStatus(t, http.StatusCreated).decode(t, &rel)
		if rel.Status != "rolling_out" || !slices.Equal(rel.NextStatuses, []string{"paused", "withdrawn"}) {
			t.Fatalf("new release = %+v", rel)
		}
		status := "/api/v1/firmware-releases/" + strconv.FormatInt(rel.ID, 10) + "/status"
		w.admin.json("POST", status, map[string]string{"status": "withdrawn"}).wantStatus(t, http.StatusOK).decode(t, &rel)
		if rel.Status != "withdrawn" || len(rel.NextStatuses) != 0 {
			t.Fatalf("withdrawn release = %+v", rel)
		}

		r := w.admin.json("POST", status, map[string]string{"status": "rolling_out"}).wantStatus(t, http.StatusConflict)
		var e apiError
		r.decode(t, &e)
		if e.Error.Code != "conflict" || !strings.Contains(e.Error.Message, "a withdrawn release stays withdrawn") {
			t.Fatalf("error = %+v", e.Error)
		}
		w.admin.json("POST", status, map[string]string{"status": "paused"}).wantStatus(t, http.StatusConflict)

		a := w.admin.browser()
		page := a.get("/admin/support/releases").wantStatus(t, http.StatusOK)
		action := `action="/admin/support/releases/` + strconv.FormatInt(rel.ID, 10) + `/status"`
		if strings.Contains(page.body, action) {
			t.Error("the page offers to move a withdrawn release")
		}
		a.postForm("/admin/support/releases/"+strconv.FormatInt(rel.ID, 10)+"/status", url.Values{"status": {"rolling_out"}}).
			wantStatus(t, http.StatusSeeOther)
		wantBody(t, a.get("/admin/support/releases").wantStatus(t, http.StatusOK), "a withdrawn release stays withdrawn")

		var list struct {
			Releases []releaseJSON `json:"releases"`
		}
		w.admin.get("/api/v1/firmware-releases").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Releases) != 1 || list.Releases[0].Status != "withdrawn" {
			t.Fatalf("releases = %+v", list.Releases)
		}
	})
}
