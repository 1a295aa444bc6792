package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"posportal/internal/demo"
)

// TestDemoDataMatchesOpenAPI reads the complete demo portal through every
// GET of the API, as each demo account, so every object the seed makes
// (applications in each state, contracts, appointments, devices, tickets,
// the catalog) is checked against the document by the response hook.
func TestDemoDataMatchesOpenAPI(t *testing.T) {
	p := newTestPortal(t, nil)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, demo.Services{Auth: p.auth, Onboarding: p.srv.Onboarding, Catalog: p.srv.Catalog,
		Support: p.srv.Support, Scheduling: p.srv.Scheduling, DB: p.db}); err != nil {
		t.Fatal(err)
	}
	ids := func(t *testing.T, c *client, path, key string) []int64 {
		var body map[string][]struct {
			ID int64 `json:"id"`
		}
		r := c.get(path)
		if r.StatusCode != http.StatusOK {
			return nil // a role that may not list these
		}
		if err := json.Unmarshal([]byte(r.body), &body); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var out []int64
		for _, x := range body[key] {
			out = append(out, x.ID)
		}
		return out
	}
	for _, a := range demo.Accounts {
		t.Run(string(a.Role), func(t *testing.T) {
			c := p.client(t)
			c.json("POST", "/api/v1/session", map[string]string{"email": a.Email, "password": demo.Password}).wantStatus(t, http.StatusOK)
			c.get("/api/v1/me").wantStatus(t, http.StatusOK)
			terminals := ids(t, c, "/api/v1/terminals", "terminals")
			if len(terminals) < 2 {
				t.Fatalf("demo catalog has %d terminals", len(terminals))
			}
			for _, id := range terminals {
				c.get(fmt.Sprintf("/api/v1/terminals/%d", id)).wantStatus(t, http.StatusOK)
			}
			c.get(fmt.Sprintf("/api/v1/terminals/compare?ids=%d,%d", terminals[0], terminals[1])).wantStatus(t, http.StatusOK)
			c.get("/api/v1/providers").wantStatus(t, http.StatusOK)
			c.get("/api/v1/fee-plans").wantStatus(t, http.StatusOK)
			c.get("/api/v1/notices")
			c.get("/api/v1/notifications")
			c.get("/api/v1/training-sessions")
			for _, id := range ids(t, c, "/api/v1/applications", "applications") {
				base := fmt.Sprintf("/api/v1/applications/%d", id)
				for _, sub := range []string{"", "/events", "/documents", "/appointments", "/contract", "/summary.pdf", "/contract.pdf"} {
					c.get(base + sub) // drafts and other states answer 404/403 too: also checked
				}
			}
			for _, id := range ids(t, c, "/api/v1/tickets", "tickets") {
				c.get(fmt.Sprintf("/api/v1/tickets/%d", id))
				c.get(fmt.Sprintf("/api/v1/tickets/%d/repair-visits", id))
			}
			c.get("/api/v1/devices")
			c.get("/api/v1/shortlist")
			c.get("/api/v1/installers/me/appointments")
			c.get("/api/v1/users")
			c.get("/api/v1/firmware-releases")
		})
	}
}
