package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// An integration that shares a browser's cookie jar still gets the language
// it asks for on /api (§16), while pages keep following the switch's cookie.
func TestAPIAcceptLanguageWinsOverCookie(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	u, _ := url.Parse(p.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: langCookie, Value: "zh-CN", Path: "/"}})

	c.header.Set("Accept-Language", "en")
	res := c.json("POST", "/api/v1/session", map[string]string{"email": "nobody@example.com", "password": "wrong-password-1"})
	if got := res.Header.Get("Content-Language"); got != "en" {
		t.Fatalf("API with Accept-Language: en and a zh-CN cookie answered in %q: %s", got, res.body)
	}
	if msg := res.apiError(t).Error.Message; msg == "" || strings.ContainsFunc(msg, isHan) {
		t.Fatalf("API error message not in English: %q", msg)
	}

	page := c.browser().get("/login")
	if got := page.Header.Get("Content-Language"); got != "zh-CN" {
		t.Fatalf("page with a zh-CN cookie answered in %q", got)
	}

	c.header.Del("Accept-Language")
	res = c.json("POST", "/api/v1/session", map[string]string{"email": "nobody@example.com", "password": "wrong-password-1"})
	if got := res.Header.Get("Content-Language"); got != "zh-CN" {
		t.Fatalf("API without Accept-Language ignored the cookie: %q", got)
	}
}

func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }
