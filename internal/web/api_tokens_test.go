package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/catalog"
	"posportal/internal/apitoken"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/support"
)

type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Scopes     []string   `json:"scopes"`
	Token      string     `json:"token"`
	ProviderID *int64     `json:"provider_id"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// newToken has the world's admin create a token and returns it with its
// secret.
func (w *supportWorld) newToken(t *testing.T, body map[string]any) tokenJSON {
	t.Helper()
	var tok tokenJSON
	w.admin.json("POST", "/api/v1/api-tokens", body).wantStatus(t, http.StatusCreated).decode(t, &tok)
	return tok
}

// bearer is a fresh client (no cookies) that sends token.
func (w *supportWorld) bearer(t *testing.T, token string) *client {
	c := w.p.client(t)
	c.header.Set("Authorization", "Bearer "+token)
	return c
}

func (w *supportWorld) listTokens(t *testing.T) (response, []tokenJSON) {
	t.Helper()
	var list struct {
		APITokens []tokenJSON `json:"api_tokens"`
	}
	res := w.admin.get("/api/v1/api-tokens").wantStatus(t, http.StatusOK)
	res.decode(t, &list)
	return res, list.APITokens
}

// TestServiceTokenLifecycle goes through a token's life on the real
// server: created once with its secret, listed without it, stored only
// hashed, honoured within its scopes and nowhere else, its use recorded,
// revoked for good, and both changes audited.
func TestServiceTokenLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		ctx := context.Background()

		e := w.admin.json("POST", "/api/v1/api-tokens", map[string]any{"name": "核心银行", "scopes": []string{"applications:read", "applications:delete"}}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["scopes"] == "" {
			t.Fatalf("unknown scope: %+v", e)
		}
		e = w.admin.json("POST", "/api/v1/api-tokens", map[string]any{"name": "TMS", "scopes": []string{"devices:checkin"}}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["provider_id"] == "" {
			t.Fatalf("a check-in token without a provider: %+v", e)
		}
		w.c.json("POST", "/api/v1/api-tokens", map[string]any{"name": "mine", "scopes": []string{"catalog:read"}}).wantStatus(t, http.StatusForbidden)

		tok := w.newToken(t, map[string]any{"name": "核心银行", "scopes": []string{"catalog:read", "applications:read", "catalog:read"}})
		if !strings.HasPrefix(tok.Token, apitoken.Prefix) || len(tok.Token) != len(apitoken.Prefix)+64 || tok.ID == 0 || tok.Name != "核心银行" ||
			strings.Join(tok.Scopes, ",") != "applications:read,catalog:read" {
			t.Fatalf("created %+v", tok)
		}
		res, list := w.listTokens(t)
		if len(list) != 1 || list[0].ID != tok.ID || list[0].Token != "" || strings.Contains(res.body, tok.Token) || list[0].LastUsedAt != nil {
			t.Fatalf("list shows %s", res.body)
		}
		sum := sha256.Sum256([]byte(tok.Token))
		var stored int
		if err := d.Get(ctx, &stored, `SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? AND id = ?`, hex.EncodeToString(sum[:]), tok.ID); err != nil || stored != 1 {
			t.Fatalf("stored hash rows %d (%v)", stored, err)
		}

		api := w.bearer(t, tok.Token)
		api.get("/api/v1/applications").wantStatus(t, http.StatusOK)
		api.get("/api/v1/terminals").wantStatus(t, http.StatusOK)
		out := api.get("/api/v1/tickets").wantStatus(t, http.StatusForbidden)
		if e := out.apiError(t); e.Error.Code != "forbidden" || !strings.Contains(e.Error.Message, "tickets:read") {
			t.Fatalf("out of scope: %s", out.body)
		}
		for _, path := range []string{"/api/v1/me", "/api/v1/users", "/api/v1/api-tokens", "/api/v1/devices"} {
			api.get(path).wantStatus(t, http.StatusForbidden)
		}
		api.json("POST", "/api/v1/api-tokens", map[string]any{"name": "spawn", "scopes": []string{"catalog:read"}}).wantStatus(t, http.StatusForbidden)
		// Pages never take tokens: this is an anonymous visitor.
		if r := api.get("/dashboard"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("dashboard with a token: %d", r.StatusCode)
		}
		if _, list = w.listTokens(t); list[0].LastUsedAt == nil {
			t.Fatal("last use not recorded")
		}

		// A token next to an admin's session cookie is the token alone.
		both := w.admin
		both.header.Set("Authorization", "Bearer "+tok.Token)
		both.get("/api/v1/users").wantStatus(t, http.StatusForbidden)
		both.get("/api/v1/applications").wantStatus(t, http.StatusOK)
		both.header.Del("Authorization")
		both.get("/api/v1/users").wantStatus(t, http.StatusOK)

		for _, bad := range []string{apitoken.Prefix + strings.Repeat("0", 64), "not-a-token", ""} {
			r := w.bearer(t, bad).get("/api/v1/applications").wantStatus(t, http.StatusUnauthorized)
			if r.apiError(t).Error.Code != "unauthorized" || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("bad token %q: %s %v", bad, r.body, r.Header)
			}
		}

		id := strconv.FormatInt(tok.ID, 10)
		w.admin.json("DELETE", "/api/v1/api-tokens/"+id, nil).wantStatus(t, http.StatusNoContent)
		api.get("/api/v1/applications").wantStatus(t, http.StatusUnauthorized)
		api.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)
		w.admin.json("DELETE", "/api/v1/api-tokens/"+id, nil).wantStatus(t, http.StatusNoContent)
		w.admin.json("DELETE", "/api/v1/api-tokens/99999", nil).wantStatus(t, http.StatusNotFound)
		if _, list = w.listTokens(t); len(list) != 1 || list[0].RevokedAt == nil {
			t.Fatalf("after revoking: %+v", list)
		}

		var events []struct {
			Action  string `db:"action"`
			ActorID int64  `db:"actor_id"`
		}
		if err := d.Select(ctx, &events, `SELECT action, actor_id FROM audit_events WHERE entity_type = 'api_token' AND entity_id = ? ORDER BY id`, tok.ID); err != nil {
			t.Fatal(err)
		}
		admin, _ := w.p.auth.UserByEmail(ctx, "admin@example.com")
		if len(events) != 2 || events[0].Action != "api_token.create" || events[1].Action != "api_token.revoke" ||
			events[0].ActorID != admin.ID || events[1].ActorID != admin.ID {
			t.Fatalf("audit: %+v", events)
		}
	})
}

// TestServiceTokenOfDemotedCreatorStops: a token borrows its creator's
// authority, so it stops when the creator is no longer an admin.
func TestServiceTokenOfDemotedCreatorStops(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		tok := w.newToken(t, map[string]any{"name": "风控", "scopes": []string{"applications:read"}})
		api := w.bearer(t, tok.Token)
		api.get("/api/v1/applications").wantStatus(t, http.StatusOK)
		if _, err := d.Exec(context.Background(), `UPDATE users SET role = 'reviewer' WHERE email = 'admin@example.com'`); err != nil {
			t.Fatal(err)
		}
		api.get("/api/v1/applications").wantStatus(t, http.StatusUnauthorized)
	})
}

// TestServiceTokenBadTokensThrottled sends a burst of bad tokens at once
// from one address: exactly the limit are answered 401, the rest 429 with
// Retry-After. A valid token from the same address still works (one bad
// client behind a shared NAT must not lock out the good ones); the next
// bad one is still refused.
func TestServiceTokenBadTokensThrottled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		const limit, burst = 5, 20
		w.p.srv.APITokens.SetLimit(apitoken.Limit{Failures: limit, Window: time.Hour})
		good := w.newToken(t, map[string]any{"name": "核心银行", "scopes": []string{"applications:read"}})

		statuses := make([]int, burst)
		retry := make([]string, burst)
		var ready, done sync.WaitGroup
		start := make(chan struct{})
		ready.Add(burst)
		done.Add(burst)
		for i := range burst {
			go func() {
				defer done.Done()
				bad := apitoken.Prefix + strings.Repeat(strconv.Itoa(i%10), 64)
				if i%3 == 0 {
					bad = "garbage-" + strconv.Itoa(i)
				}
				c := w.bearer(t, bad)
				ready.Done()
				<-start
				res := c.get("/api/v1/applications")
				statuses[i], retry[i] = res.StatusCode, res.Header.Get("Retry-After")
			}()
		}
		ready.Wait()
		close(start)
		done.Wait()
		var unauthorized, throttled int
		for i, st := range statuses {
			switch st {
			case http.StatusUnauthorized:
				unauthorized++
			case http.StatusTooManyRequests:
				throttled++
				if secs, err := strconv.Atoi(retry[i]); err != nil || secs <= 0 || secs > 3600 {
					t.Fatalf("Retry-After %q", retry[i])
				}
			default:
				t.Fatalf("bad token answered %d", st)
			}
		}
		if unauthorized != limit || throttled != burst-limit {
			t.Fatalf("%d × 401, %d × 429; want %d and %d", unauthorized, throttled, limit, burst-limit)
		}
		w.bearer(t, good.Token).get("/api/v1/applications").wantStatus(t, http.StatusOK)
		w.bearer(t, "garbage").get("/api/v1/applications").wantStatus(t, http.StatusTooManyRequests)
	})
}

// TestServiceTokenChecksInOnlyItsProvider: a devices:checkin token is
// bound to one provider; the integrations' older ptm_ tokens keep
// working beside it, and the token's check-ins never touch an
// integration's record even when their ids coincide.
func TestServiceTokenChecksInOnlyItsProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		ctx := context.Background()
		other, err := w.p.srv.Catalog.CreateProvider(ctx, nil, catalog.Provider{Name: "别家支付", Kind: catalog.PaymentInstitution,
			Methods: []catalog.Method{catalog.UnionPayCard}}, auth.Request{})
		if err != nil {
			t.Fatal(err)
		}
		w.admin.json("POST", "/api/v1/devices", support.NewDevice{Serial: "SN-B-0001", MerchantID: w.merchant.ID, ModelID: w.model.ID,
			HardwareRevision: "A1", FirmwareVersion: "3.1.0", ProviderID: other.ID}).wantStatus(t, http.StatusCreated)
		var legacy struct {
			ID    int64
			Token string
		}
		w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "old TMS", "provider_id": w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &legacy)

		w.admin.json("POST", "/api/v1/api-tokens", map[string]any{"name": "TMS", "scopes": []string{"catalog:read"}, "provider_id": w.provider.ID}).
			wantStatus(t, http.StatusUnprocessableEntity)
		tok := w.newToken(t, map[string]any{"name": "TMS 令牌", "scopes": []string{"devices:checkin"}, "provider_id": w.provider.ID})
		if tok.ProviderID == nil || *tok.ProviderID != w.provider.ID {
			t.Fatalf("created %+v", tok)
		}
		tms := w.bearer(t, tok.Token)
		body := map[string]any{"firmware_version": "9.9.9"}
		theirs := tms.json("POST", "/api/v1/devices/SN-B-0001/checkin", body)
		unknown := tms.json("POST", "/api/v1/devices/SN-NOPE-0001/checkin", body)
		if theirs.StatusCode != http.StatusNotFound || theirs.body != unknown.body {
			t.Fatalf("other provider's device: %d %s; unknown: %d %s", theirs.StatusCode, theirs.body, unknown.StatusCode, unknown.body)
		}
		var fw string
		if err := d.Get(ctx, &fw, `SELECT firmware_version FROM support_devices WHERE serial = 'SN-B-0001'`); err != nil || fw != "3.1.0" {
			t.Fatalf("provider B's device now reports %q (%v)", fw, err)
		}
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusOK)
		tms.get("/api/v1/applications").wantStatus(t, http.StatusForbidden)

		var detail string
		if err := d.Get(ctx, &detail, `SELECT detail FROM audit_events WHERE action = 'support.device.checkin' ORDER BY id DESC LIMIT 1`); err != nil ||
			!strings.Contains(detail, `"api_token_id":`+strconv.FormatInt(tok.ID, 10)) || strings.Contains(detail, "integration_id") {
			t.Fatalf("check-in audit %s (%v)", detail, err)
		}
		var integrationUsed *time.Time
		if err := d.Get(ctx, &integrationUsed, `SELECT last_used_at FROM support_integrations WHERE id = ?`, legacy.ID); err != nil || integrationUsed != nil {
			t.Fatalf("the integration's last use moved to %v (%v)", integrationUsed, err)
		}

		catalogOnly := w.newToken(t, map[string]any{"name": "目录", "scopes": []string{"catalog:read"}})
		w.bearer(t, catalogOnly.Token).json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusForbidden)

		old := w.bearer(t, legacy.Token)
		old.json("POST", "/api/v1/devices/SN-9001/checkin", map[string]any{"firmware_version": "9.9.10"}).wantStatus(t, http.StatusOK)
		old.json("POST", "/api/v1/devices/SN-B-0001/checkin", body).wantStatus(t, http.StatusNotFound)
		if err := d.Get(ctx, &integrationUsed, `SELECT last_used_at FROM support_integrations WHERE id = ?`, legacy.ID); err != nil || integrationUsed == nil {
			t.Fatalf("the integration's own check-in not recorded (%v)", err)
		}

		w.admin.json("DELETE", "/api/v1/api-tokens/"+strconv.FormatInt(tok.ID, 10), nil).wantStatus(t, http.StatusNoContent)
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusUnauthorized)
	})
}

// TestTokenScopesNameRealRoutes keeps the scope table and the route table
// in step: an entry for a route that does not exist would open nothing
// and hide a typo.
func TestTokenScopesNameRealRoutes(t *testing.T) {
	p := newTestPortal(t, nil)
	routes := map[string]bool{}
	for _, r := range p.srv.engine.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	for route, scope := range tokenScopes {
		if !routes[route] || !strings.Contains(route, " /api/v1/") || !scope.Valid() {
			t.Errorf("token scope %s for %q: no such /api/v1 route", scope, route)
		}
	}
}

// TestAdminTokensPage: the admin's page creates a token shown once,
// refuses an unknown scope on its field, lists without the secret and
// revokes.
func TestAdminTokensPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		b := w.admin.browser()
		b.header.Set("Accept-Language", "en")
		wantBody(t, b.get("/admin/api-tokens").wantStatus(t, http.StatusOK), "No service tokens yet.", "devices:checkin")
		bad := b.postForm("/admin/api-tokens", map[string][]string{"name": {"风控系统"}, "scopes": {"applications:read", "everything"}}).
			wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, bad, "Unknown scope", `value="风控系统"`)
		created := b.postForm("/admin/api-tokens", map[string][]string{"name": {"风控系统"}, "scopes": {"applications:read", "tickets:read"}}).
			wantStatus(t, http.StatusCreated)
		wantBody(t, created, `data-testid="new-token"`, "shown only this once")
		_, list := w.listTokens(t)
		if len(list) != 1 || strings.Join(list[0].Scopes, ",") != "applications:read,tickets:read" {
			t.Fatalf("tokens %+v", list)
		}
		i := strings.Index(created.body, apitoken.Prefix)
		secret := created.body[i : i+len(apitoken.Prefix)+64]
		w.bearer(t, secret).get("/api/v1/tickets").wantStatus(t, http.StatusOK)
		page := b.get("/admin/api-tokens").wantStatus(t, http.StatusOK)
		if strings.Contains(page.body, secret) {
			t.Fatal("the list page shows the secret again")
		}
		wantBody(t, page, "风控系统", "<code>tickets:read</code>", "Active")
		b.postForm("/admin/api-tokens/"+strconv.FormatInt(list[0].ID, 10)+"/revoke", nil).wantStatus(t, http.StatusSeeOther)
		wantBody(t, b.get("/admin/api-tokens").wantStatus(t, http.StatusOK), "The token is revoked", "Revoked ")
		w.bearer(t, secret).get("/api/v1/tickets").wantStatus(t, http.StatusUnauthorized)
		w.c.browser().get("/admin/api-tokens").wantStatus(t, http.StatusForbidden)
	})
}

// TestEveryScopedRouteNeedsItsScope walks the whole scope table on the
// real server: a token holding every scope but a route's own is refused
// with 403 naming it, and a token holding just that scope gets past the
// token check (the route's own answer may still be 404 or 422 for the
// made-up ids and bodies used here).
func TestEveryScopedRouteNeedsItsScope(t *testing.T) {
	w := newSupportWorld(t, dbtest.SQLite(t))
	tokens := map[apitoken.Scope]string{}
	allBut := map[apitoken.Scope]string{}
	for _, sc := range apitoken.Scopes {
		only, rest := []string{string(sc)}, []string{}
		for _, other := range apitoken.Scopes {
			if other != sc {
				rest = append(rest, string(other))
			}
		}
		body := map[string]any{"name": "only " + string(sc), "scopes": only}
		restBody := map[string]any{"name": "all but " + string(sc), "scopes": rest}
		if sc == apitoken.DevicesCheckIn {
			body["provider_id"] = w.provider.ID
		} else {
			restBody["provider_id"] = w.provider.ID
		}
		tokens[sc] = w.newToken(t, body).Token
		allBut[sc] = w.newToken(t, restBody).Token
	}
	params := strings.NewReplacer(":serial", "SN-9001", ":doc_id", "1", ":id", "1")
	for route, scope := range tokenScopes {
		method, pattern, _ := strings.Cut(route, " ")
		path := params.Replace(pattern)
		var body any
		if method == "POST" {
			body = map[string]any{}
		}
		refused := w.bearer(t, allBut[scope]).json(method, path, body)
		if refused.StatusCode != http.StatusForbidden || !strings.Contains(refused.apiError(t).Error.Message, string(scope)) {
			t.Errorf("%s without %s: %d %s", route, scope, refused.StatusCode, refused.body)
		}
		c := w.bearer(t, tokens[scope])
		c.header.Set("Accept-Language", "en")
		let := c.json(method, path, body)
		if let.StatusCode == http.StatusUnauthorized || let.StatusCode == http.StatusTooManyRequests ||
			(let.StatusCode == http.StatusForbidden && strings.Contains(let.body, "service token")) {
			t.Errorf("%s with %s: %d %s", route, scope, let.StatusCode, let.body)
		}
	}
}
