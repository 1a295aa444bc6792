package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/i18n"
	"posportal/internal/secret"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/webhooks"
)

// testPortal is the real handler on a real database behind a real listener.
type testPortal struct {
	*httptest.Server
	srv  *Server
	auth *auth.Service
	db   *db.DB
}

func newTestPortal(t testing.TB, d *db.DB, mutate ...func(*config.Config)) *testPortal {
	t.Helper()
	if d == nil {
		d = dbtest.SQLite(t)
	}
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{Env: "development"}
	for _, m := range mutate {
		m(&cfg)
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
	if err := onb.EnsureRequirementDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	cal := workcal.NewService(d, nil)
	if _, err := cal.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	onb.SetCalendar(cal)
	s, err := New(Deps{Config: cfg, DB: d, Auth: a, Onboarding: onb, QuoteProfiles: onb, Calendar: cal, Scheduling: scheduling.NewService(d, onb, nil, nil), Webhooks: webhooks.NewService(d, box, webhooks.Options{Production: cfg.Production(), Backoff: cfg.WebhookBackoff}), Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(func() { checkAuditActions(t, d) })
	return &testPortal{Server: ts, srv: s, auth: a, db: d}
}

// checkAuditActions fails the test if it recorded an audit action no
// package declared (audit.Register), or one the dashboard cannot name in
// both languages: every HTTP test then guards the admin's event list.
func checkAuditActions(t testing.TB, d *db.DB) {
	if d.Ping(context.Background()) != nil {
		return // a test that closed its database on purpose
	}
	var recorded []string
	if err := d.Select(context.Background(), &recorded, `SELECT DISTINCT action FROM audit_events`); err != nil {
		t.Errorf("audit actions: %v", err)
		return
	}
	for _, a := range recorded {
		if !audit.IsRegistered(a) {
			t.Errorf("audit action %q is recorded but not declared with audit.Register", a)
		}
		for _, l := range i18n.Langs {
			if !i18n.Has(l, "audit.action."+a) {
				t.Errorf("audit action %q has no %s name (audit.action.%s)", a, l, a)
			}
		}
	}
}

// testLog shows the portal's warnings and errors in the failing test's output.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// client is a browser-like or API client with its own cookie jar that does
// not follow redirects, so tests see each 303.
type client struct {
	t    testing.TB
	base string
	http *http.Client
	// header is added to every request (e.g. Accept-Language, Origin).
	header http.Header
}

func (p *testPortal) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: p.URL, header: http.Header{}, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// browser marks requests as same-origin navigations, as Chromium does.
func (c *client) browser() *client {
	c.header.Set("Sec-Fetch-Site", "same-origin")
	c.header.Set("Origin", c.base)
	return c
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(method, path, contentType string, body io.Reader) response {
	c.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	checkAgainstSpec(c.t, req, res, b)
	return response{Response: res, body: string(b)}
}

func (c *client) get(path string) response { return c.do("GET", path, "", nil) }

func (c *client) postForm(path string, v url.Values) response {
	return c.do("POST", path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

func (c *client) json(method, path string, v any) response {
	var body io.Reader
	if v != nil {
		if s, ok := v.(string); ok {
			body = strings.NewReader(s)
		} else {
			b, _ := json.Marshal(v)
			body = strings.NewReader(string(b))
		}
	}
	return c.do(method, path, "application/json", body)
}

func (c *client) cookie(name string) *http.Cookie {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

func (r response) setCookie(name string) *http.Cookie {
	for _, ck := range r.Cookies() {
		if ck.Name == name {
			return ck
		}
	}
	return nil
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
}

func (r response) wantStatus(t *testing.T, want int) response {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s = %d, want %d; body: %.400s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, r.body)
	}
	return r
}

// apiErr is the §8 error body.
type apiErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (r response) apiError(t *testing.T) apiErr {
	t.Helper()
	var e apiErr
	r.decode(t, &e)
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body lacks code/message: %s", r.body)
	}
	return e
}

func (p *testPortal) createUser(t testing.TB, role auth.Role, email string) {
	t.Helper()
	_, err := p.auth.CreateUser(context.Background(), nil, auth.NewUser{Email: email, Password: "staff password 1", Name: "Staff " + string(role), Role: role}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
}
