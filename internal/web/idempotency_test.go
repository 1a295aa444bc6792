package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// withKey sends one JSON request carrying an Idempotency-Key.
func (c *client) withKey(key, method, path string, body any) response {
	c.t.Helper()
	c.header.Set("Idempotency-Key", key)
	defer c.header.Del("Idempotency-Key")
	return c.json(method, path, body)
}

// applicationCount is how many applications the client's merchant sees.
func applicationCount(t *testing.T, c *client) int {
	t.Helper()
	var list struct {
		Applications []applicationJSON `json:"applications"`
	}
	c.get("/api/v1/applications").wantStatus(t, http.StatusOK).decode(t, &list)
	return len(list.Applications)
}

func idemMerchant(t *testing.T, p *testPortal, email string) *client {
	t.Helper()
	c := p.client(t)
	c.json("POST", "/api/v1/register", map[string]string{"email": email, "password": "correct horse 1", "name": "张三", "phone": "13812345678"}).
		wantStatus(t, http.StatusCreated)
	return c
}

func TestIdempotencyKeyReplaysTheFirstAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		clock := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
		p.srv.Now = func() time.Time { return clock }
		m := idemMerchant(t, p, "idem@example.com")

		first := m.withKey("order-7f3a", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
		again := m.withKey("order-7f3a", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
		if again.body != first.body || again.Header.Get("Idempotent-Replayed") != "true" || !strings.HasPrefix(again.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("replay = %q (headers %v), want the first answer %q", again.body, again.Header, first.body)
		}
		if first.Header.Get("Idempotent-Replayed") != "" {
			t.Fatal("the first answer is marked as a replay")
		}
		if n := applicationCount(t, m); n != 1 {
			t.Fatalf("%d applications after a replay, want 1", n)
		}

		t.Run("OtherBody", func(t *testing.T) {
			other := map[string]any{"shop_name": "另一家店"}
			r := m.withKey("order-7f3a", "POST", "/api/v1/applications", other).wantStatus(t, http.StatusUnprocessableEntity)
			if e := r.apiError(t); e.Error.Code != "idempotency_key_reused" {
				t.Fatalf("error = %+v", e)
			}
			if n := applicationCount(t, m); n != 1 {
				t.Fatalf("%d applications, want 1", n)
			}
		})

		t.Run("OtherPath", func(t *testing.T) {
			m.withKey("order-7f3a", "POST", "/api/v1/tickets", fullApplication).wantStatus(t, http.StatusUnprocessableEntity)
		})

		t.Run("OtherActor", func(t *testing.T) {
			o := idemMerchant(t, p, "other@example.com")
			r := o.withKey("order-7f3a", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
			if r.Header.Get("Idempotent-Replayed") != "" || r.body == first.body {
				t.Fatalf("another merchant got the first merchant's answer: %s", r.body)
			}
			if n := applicationCount(t, o); n != 1 {
				t.Fatalf("other merchant has %d applications, want 1", n)
			}
		})

		t.Run("Expiry", func(t *testing.T) {
			clock = clock.Add(24*time.Hour - time.Second)
			m.withKey("order-7f3a", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
			if n := applicationCount(t, m); n != 1 {
				t.Fatalf("a key just inside 24 h made a new object: %d", n)
			}
			clock = clock.Add(time.Second)
			r := m.withKey("order-7f3a", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
			if r.Header.Get("Idempotent-Replayed") != "" {
				t.Fatal("an expired key was replayed")
			}
			if n := applicationCount(t, m); n != 2 {
				t.Fatalf("%d applications after the key expired, want 2", n)
			}
		})

		t.Run("AbandonedClaim", func(t *testing.T) {
			// An instance died with the key claimed: the claim blocks for
			// an hour, then a retry runs.
			var me meResponse
			m.get("/api/v1/me").wantStatus(t, http.StatusOK).decode(t, &me)
			if _, err := d.Exec(t.Context(), `INSERT INTO idempotency_keys (actor, key, method_path, created_at, expires_at)
				VALUES (?, 'crashed', 'POST /api/v1/applications', ?, ?)`,
				"user:"+strconv.FormatInt(me.ID, 10), clock.Add(-59*time.Minute), clock.Add(23*time.Hour)); err != nil {
				t.Fatal(err)
			}
			before := applicationCount(t, m)
			m.withKey("crashed", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusConflict)
			clock = clock.Add(time.Minute)
			m.withKey("crashed", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
			if n := applicationCount(t, m); n != before+1 {
				t.Fatalf("%d applications, want %d", n, before+1)
			}
		})

		t.Run("FailureReleasesTheKey", func(t *testing.T) {
			bad := map[string]any{"contact_mobile": "123"}
			m.withKey("fix-and-retry", "POST", "/api/v1/applications", bad).wantStatus(t, http.StatusUnprocessableEntity)
			m.withKey("fix-and-retry", "POST", "/api/v1/applications", map[string]any{"contact_mobile": "13812345678"}).wantStatus(t, http.StatusCreated)
		})

		t.Run("InvalidKey", func(t *testing.T) {
			m.withKey(strings.Repeat("k", 256), "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusBadRequest)
		})
	})
}

// TestIdempotencyKeyWhileInFlight holds the first request open (its body
// half sent) so the twin deterministically meets the in-flight key.
func TestIdempotencyKeyWhileInFlight(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := idemMerchant(t, p, "inflight@example.com")
		body, _ := json.Marshal(fullApplication)

		pr, pw := io.Pipe()
		req, _ := http.NewRequest("POST", p.URL+"/api/v1/applications", pr)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "slow-one")
		type result struct {
			status int
			body   string
		}
		done := make(chan result, 1)
		go func() {
			res, err := m.http.Do(req)
			if err != nil {
				done <- result{}
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			done <- result{res.StatusCode, string(b)}
		}()
		pw.Write(body[:10])
		// The first request has claimed the key once its headers are in;
		// poll until the claim row is there.
		for {
			var n int
			if err := d.Get(t.Context(), &n, `SELECT COUNT(*) FROM idempotency_keys WHERE key = 'slow-one'`); err != nil {
				t.Fatal(err)
			}
			if n == 1 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		twin := m.withKey("slow-one", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusConflict)
		if twin.Header.Get("Retry-After") == "" {
			t.Fatal("409 in flight without Retry-After")
		}
		pw.Write(body[10:])
		pw.Close()
		r := <-done
		if r.status != http.StatusCreated {
			t.Fatalf("first request = %d %s", r.status, r.body)
		}
		again := m.withKey("slow-one", "POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated)
		if again.body != r.body {
			t.Fatalf("retry after the first finished = %s, want %s", again.body, r.body)
		}
		if n := applicationCount(t, m); n != 1 {
			t.Fatalf("%d applications, want 1", n)
		}
	})
}

// TestIdempotencyKeyConcurrentTwins sends identical requests at the same
// moment: exactly one object is made, every answer is that object or 409.
func TestIdempotencyKeyConcurrentTwins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := idemMerchant(t, p, "twins@example.com")
		body, _ := json.Marshal(fullApplication)
		const n = 6
		statuses := make([]int, n)
		bodies := make([]string, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", p.URL+"/api/v1/applications", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Idempotency-Key", "twin")
				<-start
				res, err := m.http.Do(req)
				if err != nil {
					return
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				statuses[i], bodies[i] = res.StatusCode, string(b)
			}()
		}
		close(start)
		wg.Wait()
		created := ""
		for i, st := range statuses {
			switch st {
			case http.StatusCreated:
				if created != "" && bodies[i] != created {
					t.Fatalf("two different objects answered: %s / %s", created, bodies[i])
				}
				created = bodies[i]
			case http.StatusConflict:
			default:
				t.Fatalf("request %d = %d %s", i, st, bodies[i])
			}
		}
		if created == "" {
			t.Fatalf("no request created the object: %v", statuses)
		}
		if got := applicationCount(t, m); got != 1 {
			t.Fatalf("%d applications from %d identical requests, want 1", got, n)
		}
	})
}

// TestIdempotencyKeepsNoSecret: a create that shows a token once is
// replayed without it, and the stored answer holds no usable credential.
func TestIdempotencyKeepsNoSecret(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		body := map[string]any{"name": "浦发银行终端管理系统", "provider_id": w.provider.ID}
		var first, again struct {
			ID    int64  `json:"id"`
			Token string `json:"token"`
		}
		w.admin.withKey("tms-1", "POST", "/api/v1/integrations", body).wantStatus(t, http.StatusCreated).decode(t, &first)
		r := w.admin.withKey("tms-1", "POST", "/api/v1/integrations", body).wantStatus(t, http.StatusCreated)
		r.decode(t, &again)
		if first.Token == "" || again.ID != first.ID || again.Token != "" || r.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("first %+v, replay %+v", first, again)
		}
		var stored string
		if err := d.Get(t.Context(), &stored, `SELECT body FROM idempotency_keys WHERE key = 'tms-1'`); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, first.Token) {
			t.Fatalf("the token is stored in idempotency_keys: %s", stored)
		}
	})
}

// TestIdempotencyUploadRetry: a client re-encodes a retried upload with a
// new multipart boundary; the same parts replay, other content is 422.
func TestIdempotencyUploadRetry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := idemMerchant(t, p, "upload@example.com")
		var app applicationJSON
		m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
		path := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10) + "/documents"
		png := testPNG()
		upload := func(content []byte) response {
			ct, body := multipartBody(t, "business_license", "营业执照.png", content)
			m.header.Set("Idempotency-Key", "license-1")
			defer m.header.Del("Idempotency-Key")
			return m.do("POST", path, ct, body)
		}
		first := upload(png).wantStatus(t, http.StatusCreated)
		again := upload(png).wantStatus(t, http.StatusCreated)
		if again.body != first.body || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retried upload = %s, want the first answer %s", again.body, first.body)
		}
		upload(testPNG()).wantStatus(t, http.StatusUnprocessableEntity)
		var docs struct {
			Documents []map[string]any `json:"documents"`
		}
		m.get(path).wantStatus(t, http.StatusOK).decode(t, &docs)
		if len(docs.Documents) != 1 {
			t.Fatalf("%d documents after a retried upload, want 1", len(docs.Documents))
		}
	})
}

func TestBodyDigestIgnoresTheBoundaryOnly(t *testing.T) {
	sum := func(ct string, chunks ...string) string {
		d := newBodyDigest(ct)
		for _, c := range chunks {
			d.Write([]byte(c))
		}
		return d.hex()
	}
	a := sum("multipart/form-data; boundary=AAAA", "--AA", "AA\r\nkind\r\n--AAAA--")
	b := sum("multipart/form-data; boundary=BBBBBB", "--BBBBBB\r\nkind\r\n--BB", "BBBB--")
	if a != b {
		t.Fatal("the same parts under two boundaries hash differently")
	}
	if c := sum("multipart/form-data; boundary=AAAA", "--AAAA\r\nkinD\r\n--AAAA--"); c == a {
		t.Fatal("different parts hash the same")
	}
	if sum("application/json", `{"a":1}`) == sum("application/json", `{"a":2}`) {
		t.Fatal("different JSON bodies hash the same")
	}
}

// BenchmarkCreateApplication measures what an Idempotency-Key costs a
// create: the claim insert and the stored answer, against no key, and a
// replay (one read, no handler).
func BenchmarkCreateApplication(b *testing.B) {
	body, _ := json.Marshal(fullApplication)
	for _, mode := range []string{"no-key", "new-key", "replay"} {
		b.Run(mode, func(b *testing.B) {
			p := newTestPortal(b, benchDB(b))
			c := p.client(b)
			c.json("POST", "/api/v1/register", newMerchant)
			cookie := c.cookie(sessionCookie)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				req, _ := http.NewRequest("POST", "/api/v1/applications", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				req.AddCookie(cookie)
				switch mode {
				case "new-key":
					req.Header.Set("Idempotency-Key", "bench-"+strconv.Itoa(i))
				case "replay":
					req.Header.Set("Idempotency-Key", "bench")
				}
				w := httptest.NewRecorder()
				p.srv.ServeHTTP(w, req)
				if w.Code != http.StatusCreated {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
