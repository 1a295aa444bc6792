package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func servedSpec(t *testing.T, p *testPortal) *openapi3.T {
	t.Helper()
	r := p.client(t).get("/api/v1/openapi.json").wantStatus(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q", ct)
	}
	spec, err := openapi3.NewLoader().LoadFromData([]byte(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.Validate(context.Background()); err != nil {
		t.Fatalf("the served document is not valid OpenAPI: %v", err)
	}
	return spec
}

var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

func TestOpenAPIDocumentIsServedAndValid(t *testing.T) {
	p := newTestPortal(t, nil)
	spec := servedSpec(t, p)
	if !spec.IsOpenAPI31OrLater() || spec.OpenAPI != "3.1.0" {
		t.Fatalf("openapi = %q, want 3.1.0", spec.OpenAPI)
	}
	for _, name := range []string{"sessionCookie", "bearerAuth"} {
		if spec.Components.SecuritySchemes[name] == nil {
			t.Errorf("security scheme %s missing", name)
		}
	}
	if b := spec.Components.SecuritySchemes["bearerAuth"].Value; b.Type != "http" || b.Scheme != "bearer" {
		t.Errorf("bearerAuth = %+v", b)
	}
	errProps := spec.Components.Schemas["Error"].Value.Properties["error"].Value
	for _, f := range []string{"code", "message", "fields"} {
		if errProps.Properties[f] == nil {
			t.Errorf("the §8 error shape lacks %q", f)
		}
	}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Responses.Default() == nil {
				t.Errorf("%s %s documents no error answer", method, path)
			}
			if op.Summary == "" {
				t.Errorf("%s %s has no summary", method, path)
			}
		}
	}
}

// TestOpenAPICoversEveryRoute walks the engine's routes: an /api/v1 route
// missing from the document fails, and so does a documented route the
// engine does not serve.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	p := newTestPortal(t, nil)
	spec := servedSpec(t, p)
	registered := map[string]bool{}
	for _, r := range p.srv.engine.Routes() {
		if strings.HasPrefix(r.Path, "/api/v1/") {
			registered[r.Method+" "+ginParam.ReplaceAllString(r.Path, "{$1}")] = true
		}
	}
	documented := map[string]bool{}
	for path, item := range spec.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	var missing, extra []string
	for r := range registered {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !registered[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("routes missing from the OpenAPI document:\n%s", strings.Join(missing, "\n"))
	}
	if len(extra) > 0 {
		t.Errorf("documented routes the engine does not serve:\n%s", strings.Join(extra, "\n"))
	}
	if len(registered) < 60 {
		t.Fatalf("only %d /api/v1 routes found; is the walk broken?", len(registered))
	}
}

// TestOpenAPIMarksTheIdempotentCreates keeps the middleware's route list
// and the document in step: a POST takes Idempotency-Key exactly when the
// document says so.
func TestOpenAPIMarksTheIdempotentCreates(t *testing.T) {
	p := newTestPortal(t, nil)
	spec := servedSpec(t, p)
	for path, item := range spec.Paths.Map() {
		if item.Post == nil {
			continue
		}
		gin := regexp.MustCompile(`\{([A-Za-z_]+)\}`).ReplaceAllString(path, ":$1")
		marked := item.Post.Extensions["x-idempotent"] == true
		if marked != idempotentRoutes[gin] {
			t.Errorf("POST %s: document x-idempotent=%v, middleware %v", path, marked, idempotentRoutes[gin])
		}
		hasHeader := item.Post.Parameters.GetByInAndName("header", "Idempotency-Key") != nil
		if marked != hasHeader {
			t.Errorf("POST %s: x-idempotent=%v but Idempotency-Key parameter documented=%v", path, marked, hasHeader)
		}
	}
	for route := range idempotentRoutes {
		path := ginParam.ReplaceAllString(route, "{$1}")
		if item := spec.Paths.Value(path); item == nil || item.Post == nil {
			t.Errorf("idempotent route %s is not a documented POST", route)
		}
	}
}

// TestEmptyListsAreArrays reads every list on an empty portal as each
// role: §16 wants [] (the response check refuses null against the
// document's arrays).
func TestEmptyListsMatchTheDocument(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := idemMerchant(t, p, "empty@example.com")
		var app applicationJSON
		m.json("POST", "/api/v1/applications", map[string]any{"shop_name": "空店"}).wantStatus(t, http.StatusCreated).decode(t, &app)
		admin := p.signIn(t, auth.Admin, "admin@bank.example")
		inst := schedInstaller(t, p, "fitter@bank.example")
		rev := p.signIn(t, auth.Reviewer, "reviewer@bank.example")
		base := fmt.Sprintf("/api/v1/applications/%d", app.ID)
		for _, c := range []struct {
			who  *client
			path string
		}{
			{m, "/api/v1/applications"}, {m, base + "/events"}, {m, base + "/documents"}, {m, base + "/appointments"},
			{m, "/api/v1/notifications"}, {m, "/api/v1/training-sessions"}, {m, "/api/v1/devices"}, {m, "/api/v1/notices"},
			{m, "/api/v1/tickets"}, {m, "/api/v1/shortlist"}, {m, "/api/v1/terminals"}, {m, "/api/v1/providers"},
			{m, "/api/v1/fee-plans"}, {rev, "/api/v1/applications"}, {inst, "/api/v1/installers/me/appointments"},
			{admin, "/api/v1/users?role=installer"}, {admin, "/api/v1/firmware-releases"}, {admin, "/api/v1/devices"},
			{admin, "/api/v1/tickets"}, {admin, "/api/v1/training-sessions"},
		} {
			c.who.get(c.path).wantStatus(t, http.StatusOK)
		}
		m.json("POST", "/api/v1/fee-quotes", map[string]any{"profile": map[string]any{"channels": []any{map[string]any{"channel": "wechat_pay", "monthly_count": 100, "average_ticket_fen": 3000}}},
			"months": 12, "terminal_count": 1, "acquisition": "purchase", "settlement": "T1"}).wantStatus(t, http.StatusOK)
	})
}

func TestAPIDocsPage(t *testing.T) {
	p := newTestPortal(t, nil)
	spec := servedSpec(t, p)
	for lang, chrome := range map[string][]string{"en": {"API reference", "Responses", "Download the OpenAPI document"}, "zh-CN": {"API 参考", "响应", "下载 OpenAPI 文档"}} {
		c := p.client(t)
		c.header.Set("Accept-Language", lang)
		r := c.get("/api/docs").wantStatus(t, http.StatusOK)
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("Content-Type %q", r.Header.Get("Content-Type"))
		}
		for _, s := range chrome {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s page lacks %q", lang, s)
			}
		}
		for path, item := range spec.Paths.Map() {
			for method, op := range item.Operations() {
				if !strings.Contains(r.body, `id="op-`+op.OperationID+`"`) || !strings.Contains(r.body, "<code>"+path+"</code>") {
					t.Errorf("%s %s (%s) is not on the page", method, path, op.OperationID)
				}
			}
		}
		for _, s := range []string{`id="schema-Application"`, "浦东新区", "idempotency_key_reused", `href="/api/v1/openapi.json"`} {
			if !strings.Contains(r.body, s) {
				t.Errorf("%s page lacks %q", lang, s)
			}
		}
		for _, m := range regexp.MustCompile(`href="#((?:schema|tag|op)-[^"]+)"`).FindAllStringSubmatch(r.body, -1) {
			if !strings.Contains(r.body, `id="`+m[1]+`"`) {
				t.Errorf("link #%s leads nowhere", m[1])
			}
		}
		if strings.Contains(r.body, "<script") || strings.Contains(r.body, "https://cdn") {
			t.Error("the reference loads scripts")
		}
	}
	home := p.client(t).get("/").wantStatus(t, http.StatusOK)
	if !strings.Contains(home.body, `href="/api/docs"`) {
		t.Error("the footer does not link the API reference")
	}
}
