package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestCrossOriginStateChangesRefused(t *testing.T) {
	p := newTestPortal(t, nil)
	form := url.Values{"email": {"a@example.com"}, "password": {"whatever pass"}}

	t.Run("cross-site form post", func(t *testing.T) {
		c := p.client(t)
		c.header.Set("Sec-Fetch-Site", "cross-site")
		c.header.Set("Origin", "https://evil.example")
		res := c.postForm("/login", form).wantStatus(t, http.StatusForbidden)
		if e := res.apiError(t); e.Error.Code != "forbidden" {
			t.Fatalf("code %q", e.Error.Code)
		}
	})
	t.Run("old browser: Origin of another site only", func(t *testing.T) {
		c := p.client(t)
		c.header.Set("Origin", "https://evil.example")
		c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusForbidden)
	})
	t.Run("same-origin form post works", func(t *testing.T) {
		c := p.client(t).browser()
		c.postForm("/login", form).wantStatus(t, http.StatusUnauthorized) // reached the handler
	})
	t.Run("non-browser API client works", func(t *testing.T) {
		p.client(t).json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	})
	t.Run("cross-site GET is allowed", func(t *testing.T) {
		c := p.client(t)
		c.header.Set("Sec-Fetch-Site", "cross-site")
		c.get("/").wantStatus(t, http.StatusOK)
	})
}

func TestSecurityHeaders(t *testing.T) {
	p := newTestPortal(t, nil)
	for _, path := range []string{"/", "/login", "/api/v1/me", "/no-such-page"} {
		res := p.client(t).get(path)
		h := res.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s CSP = %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
			t.Errorf("%s headers = %v", path, h)
		}
	}
}

func TestInternalErrorsShowRequestIDAndNothingElse(t *testing.T) {
	p := newTestPortal(t, nil)
	p.srv.engine.GET("/boom", func(*gin.Context) { panic("pq: password authentication failed for user secret_db_user") })
	p.srv.engine.GET("/api/v1/boom", func(*gin.Context) { panic("pq: secret_db_user") })

	res := p.client(t).get("/boom").wantStatus(t, http.StatusInternalServerError)
	id := res.Header.Get("X-Request-Id")
	if !strings.Contains(res.body, id) || strings.Contains(res.body, "secret_db_user") || strings.Contains(res.body, "pq:") {
		t.Fatalf("500 page leaks or lacks request id %s: %s", id, res.body)
	}
	api := p.client(t).get("/api/v1/boom").wantStatus(t, http.StatusInternalServerError)
	if strings.Contains(api.body, "secret_db_user") || !strings.Contains(api.body, api.Header.Get("X-Request-Id")) {
		t.Fatalf("API 500 body: %s", api.body)
	}
	api.apiError(t)
}

func TestErrorPagesAreTranslated(t *testing.T) {
	p := newTestPortal(t, nil)
	zh := p.client(t)
	zh.header.Set("Accept-Language", "zh-CN")
	if res := zh.get("/missing").wantStatus(t, http.StatusNotFound); !strings.Contains(res.body, "页面或记录不存在") {
		t.Fatalf("404 page: %s", res.body)
	}
	en := p.client(t)
	en.header.Set("Accept-Language", "en")
	if res := en.get("/missing").wantStatus(t, http.StatusNotFound); !strings.Contains(res.body, "does not exist") {
		t.Fatalf("404 page: %s", res.body)
	}
}
