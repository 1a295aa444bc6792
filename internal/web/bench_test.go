package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/gin-gonic/gin"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
)

// benchDB is PostgreSQL when PORTAL_TEST_DATABASE_URL is set (the number
// §10 asks for), SQLite otherwise.
func benchDB(b *testing.B) *db.DB {
	if os.Getenv("PORTAL_TEST_DATABASE_URL") != "" {
		return dbtest.Postgres(b)
	}
	return dbtest.SQLite(b)
}

// BenchmarkDashboard is a signed-in merchant's dashboard: session look-up,
// user, applications, recent sign-ins, template render.
func BenchmarkDashboard(b *testing.B) {
	p := newTestPortal(b, benchDB(b))
	c := p.client(b)
	c.json("POST", "/api/v1/register", newMerchant)
	c.json("POST", "/api/v1/applications", fullApplication)
	cookie := c.cookie(sessionCookie)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest("GET", "/dashboard", nil)
			req.AddCookie(cookie)
			w := httptest.NewRecorder()
			p.srv.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

// BenchmarkBareGinOneQuery is the floor the dashboard is compared with: a
// Gin handler that runs one indexed query and writes a line of JSON.
func BenchmarkBareGinOneQuery(b *testing.B) {
	d := benchDB(b)
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.GET("/", func(c *gin.Context) {
		var n int
		if err := d.Get(context.Background(), &n, `SELECT COUNT(*) FROM users WHERE id = ?`, 1); err != nil {
			c.Status(500)
			return
		}
		c.JSON(200, gin.H{"n": n})
	})
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			e.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if w.Code != 200 {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}

// BenchmarkReviewQueue500 renders the reviewer's queue holding 500
// submitted applications.
func BenchmarkReviewQueue500(b *testing.B) { benchReviewQueue(b, benchDB(b), 500) }

// BenchmarkReviewQueue5000 renders the first page of a queue holding 5 000
// submitted applications, on both databases (issue 16: < 20 ms).
func BenchmarkReviewQueue5000(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchReviewQueue(b, dbtest.SQLite(b), 5000) })
	b.Run("postgres", func(b *testing.B) { benchReviewQueue(b, dbtest.Postgres(b), 5000) })
}

func benchReviewQueue(b *testing.B, d *db.DB, n int) {
	ctx := context.Background()
	p := newTestPortal(b, d)
	p.createUser(b, "admin", "admin@bank.example")
	p.createUser(b, "reviewer", "r@bank.example")
	admin, _ := p.auth.UserByEmail(ctx, "admin@bank.example")
	// Documents are not what this measures: the admin makes none required.
	for _, kind := range onboarding.DocumentKinds {
		if err := p.srv.Onboarding.SetRequirement(ctx, admin, onboarding.Enterprise, kind, false, ""); err != nil {
			b.Fatal(err)
		}
	}
	m := p.client(b)
	m.json("POST", "/api/v1/register", newMerchant)
	merchant, _ := p.auth.UserByEmail(ctx, newMerchant["email"])
	body, _ := json.Marshal(fullApplication)
	for i := 0; i < n; i++ {
		var f onboarding.Fields
		json.Unmarshal(body, &f)
		a, err := p.srv.Onboarding.Create(ctx, merchant, f, "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.srv.Onboarding.Submit(ctx, merchant, a.ID, ""); err != nil {
			b.Fatal(err)
		}
	}
	r := p.client(b)
	r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"})
	cookie := r.cookie(sessionCookie)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := httptest.NewRequest("GET", "/review", nil)
		req.AddCookie(cookie)
		w := httptest.NewRecorder()
		p.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !bytes.Contains(w.Body.Bytes(), []byte("示例便利店")) {
			b.Fatalf("status %d", w.Code)
		}
	}
}
