package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/demo"
)

// newCatalogPortal is a test portal with the sample catalog of the demo.
func newCatalogPortal(t *testing.T, d *db.DB) *testPortal {
	t.Helper()
	p := newTestPortal(t, d)
	if err := demo.SeedCatalog(context.Background(), p.srv.Catalog); err != nil {
		t.Fatal(err)
	}
	return p
}

// catalogClient signs in a new account of role through the login form,
// reading pages in lang.
func catalogClient(t *testing.T, p *testPortal, role auth.Role, email, lang string) *client {
	t.Helper()
	c := p.client(t).browser()
	c.header.Set("Accept-Language", lang)
	if role == auth.Merchant { // merchants register themselves (with a mobile number)
		c.json("POST", "/api/v1/register", map[string]string{"email": email, "password": "merchant password 1",
			"name": "王小明", "phone": "13912345678"}).wantStatus(t, http.StatusCreated)
		return c
	}
	p.createUser(t, role, email)
	c.postForm("/login", url.Values{"email": {email}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	return c
}

// catalogModelID finds a sample model by name.
func catalogModelID(t *testing.T, p *testPortal, name string) int64 {
	t.Helper()
	ms, err := p.srv.Catalog.Models(context.Background(), catalog.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Name == name {
			return m.ID
		}
	}
	t.Fatalf("no model %q", name)
	return 0
}

// catalogRawKey finds catalog message keys that reached a page untranslated.
var catalogRawKey = regexp.MustCompile(`\b(catalog|fees|admin\.catalog|nav)\.[a-z_0-9]+(\.[a-z_0-9]+)*\b`)

func wantCatalogTranslated(t *testing.T, r response) {
	t.Helper()
	if m := catalogRawKey.FindAllString(r.body, 5); len(m) > 0 {
		t.Errorf("%s shows untranslated keys %v", r.Request.URL.Path, m)
	}
}

// catalogRewired is a second server on p's database with changed deps
// (a profile source, a PDF font), set before it serves anything.
func catalogRewired(t *testing.T, p *testPortal, change func(*Deps)) *testPortal {
	t.Helper()
	d := p.srv.Deps
	d.Catalog, d.Metrics = nil, nil // rebuilt on the same database
	change(&d)
	s, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return &testPortal{Server: ts, srv: s, auth: p.auth, db: p.db}
}
