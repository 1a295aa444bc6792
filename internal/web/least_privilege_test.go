package web

import (
	"net/http"
	"strconv"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// signIn creates a staff account of role and returns its signed-in client.
func (p *testPortal) signIn(t *testing.T, role auth.Role, email string) *client {
	t.Helper()
	p.createUser(t, role, email)
	c := p.client(t)
	c.json("POST", "/api/v1/session", map[string]string{"email": email, "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	return c
}

// TestDraftsArePrivateToTheMerchant attacks every path to an application
// that staff and installers have: a draft (never submitted) is the
// merchant's workspace, so reviewers and admins get the same 404 as for an
// id that does not exist, and an installer cannot tell an existing
// application from a missing one.
func TestDraftsArePrivateToTheMerchant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := p.client(t)
		m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
		var app applicationJSON
		m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
		id := strconv.FormatInt(app.ID, 10)
		base := "/api/v1/applications/" + id
		ct, body := multipartBody(t, "business_license", "licence.png", testPNG())
		var doc struct{ ID int64 }
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated).decode(t, &doc)
		docID := strconv.FormatInt(doc.ID, 10)
		missing := "/api/v1/applications/" + strconv.FormatInt(app.ID+1000, 10)

		reviewer := p.signIn(t, auth.Reviewer, "r@bank.example")
		admin := p.signIn(t, auth.Admin, "a@bank.example")
		installer := p.signIn(t, auth.Installer, "i@bank.example")

		reads := []string{base, base + "/events", base + "/documents", base + "/documents/" + docID, base + "/summary.pdf",
			base + "/contract", base + "/contract.pdf", "/review/" + id, "/review/" + id + "/documents/" + docID + "/download",
			"/review/" + id + "/documents/" + docID + "/preview"}
		for _, staff := range []*client{reviewer, admin} {
			for _, path := range reads {
				staff.get(path).wantStatus(t, http.StatusNotFound)
			}
			staff.json("POST", base+"/claim", nil).wantStatus(t, http.StatusNotFound)
			for _, q := range []string{"", "?status=draft"} {
				var list struct{ Applications []applicationJSON }
				staff.get("/api/v1/applications"+q).wantStatus(t, http.StatusOK).decode(t, &list)
				if len(list.Applications) != 0 {
					t.Fatalf("staff list%s shows drafts: %+v", q, list.Applications)
				}
			}
		}
		for _, suffix := range []string{"", "/events", "/documents", "/summary.pdf", "/contract"} {
			got, want := installer.get(base+suffix), installer.get(missing+suffix)
			if got.StatusCode != http.StatusNotFound || got.StatusCode != want.StatusCode || got.body != want.body {
				t.Fatalf("installer %s: existing %d %q, missing %d %q", suffix, got.StatusCode, got.body, want.StatusCode, want.body)
			}
		}

		// Withdrawn before it was ever submitted: still nobody else's business.
		var other applicationJSON
		m.json("POST", "/api/v1/applications", map[string]any{"shop_name": "撤回的草稿"}).wantStatus(t, http.StatusCreated).decode(t, &other)
		m.json("POST", "/api/v1/applications/"+strconv.FormatInt(other.ID, 10)+"/withdraw", nil).wantStatus(t, http.StatusOK)
		reviewer.get("/api/v1/applications/"+strconv.FormatInt(other.ID, 10)).wantStatus(t, http.StatusNotFound)

		// Once submitted, the reviewer sees it (and so the 404s above were
		// about the draft, not a broken route).
		for _, kind := range enterpriseDocs[1:] {
			ct, body := multipartBody(t, kind, kind+".png", testPNG())
			m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
		}
		m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
		for _, path := range []string{base, base + "/events", base + "/documents", base + "/documents/" + docID, base + "/summary.pdf", "/review/" + id} {
			reviewer.get(path).wantStatus(t, http.StatusOK)
		}
		installer.get(base).wantStatus(t, http.StatusNotFound)
	})
}
