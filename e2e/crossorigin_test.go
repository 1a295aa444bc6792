package e2e

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// attackerSite serves a page with a form that posts a login to the portal,
// the way another site could. chromedp presses its button; no script runs.
func attackerSite(t *testing.T, portalURL string) *httptest.Server {
	t.Helper()
	page := fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Win a prize</title></head>
<body>
<form method="post" action="%s/login">
  <input name="email" value="victim@example.com">
  <input name="password" value="guessed password 1">
  <button id="claim" type="submit">Claim your prize</button>
</form>
</body></html>`, html.EscapeString(portalURL))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// A form on another site that posts to the portal is refused in a real
// browser: Chromium labels the request with Sec-Fetch-Site and Origin, and
// the portal's cross-origin protection answers 403 before any handler runs.
func TestFormPostFromAnotherSiteIsRefused(t *testing.T) {
	p := startPortal(t)
	attacker := attackerSite(t, p.URL)

	for _, c := range []struct {
		name, pageURL string
	}{
		// 127.0.0.1 on another port: another origin of the same site.
		{"another origin", attacker.URL},
		// localhost vs 127.0.0.1: another site altogether.
		{"another site", strings.Replace(attacker.URL, "127.0.0.1", "localhost", 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := newTab(t, langEnglish)
			wantStatus(t, tb.open(c.pageURL), http.StatusOK)
			resp := tb.click("#claim")
			wantStatus(t, resp, http.StatusForbidden)
			if want := p.URL + "/login"; resp.URL != want {
				t.Errorf("the post went to %s, want %s", resp.URL, want)
			}
			tb.wantTextContains("body", `"code":"forbidden"`, "Request from another site refused.")
		})
	}

	// The same post from the portal's own page reaches the login handler,
	// so the refusal above is about where the form came from.
	t.Run("the portal's own form", func(t *testing.T) {
		tb := newTab(t, langEnglish)
		wantStatus(t, tb.open(p.URL+"/login"), http.StatusOK)
		tb.fill("email", "victim@example.com")
		tb.fill("password", "guessed password 1")
		wantStatus(t, tb.click(`form[action="/login"] button[type="submit"]`), http.StatusUnauthorized)
		tb.wantText(`[role="alert"]`, "Email or password is incorrect.")
	})
}
