package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"posportal/internal/apitoken"
	"posportal/internal/auth"
)

// BenchmarkAPIRequest compares one small API call (GET /api/v1/providers)
// authenticated by a service token with the same call on an admin's
// session: the token's look-up (token + creator in one query, last use
// written at most once a minute) should cost about what a session does.
func BenchmarkAPIRequest(b *testing.B) {
	p := newTestPortal(b, benchDB(b))
	p.createUser(b, auth.Admin, "admin@bank.example")
	admin, _ := p.auth.UserByEmail(context.Background(), "admin@bank.example")
	_, secret, err := p.srv.APITokens.Create(context.Background(), &admin, apitoken.NewToken{Name: "bench", Scopes: []string{"catalog:read"}}, "")
	if err != nil {
		b.Fatal(err)
	}
	c := p.client(b)
	c.json("POST", "/api/v1/session", map[string]string{"email": "admin@bank.example", "password": "staff password 1"})
	cookie := c.cookie(sessionCookie)
	run := func(b *testing.B, prepare func(*http.Request)) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				req := httptest.NewRequest("GET", "/api/v1/providers", nil)
				prepare(req)
				w := httptest.NewRecorder()
				p.srv.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
	b.Run("token", func(b *testing.B) { run(b, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+secret) }) })
	b.Run("session", func(b *testing.B) { run(b, func(r *http.Request) { r.AddCookie(cookie) }) })
}
