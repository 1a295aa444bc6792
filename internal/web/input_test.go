package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// Text that is not valid UTF-8, or holds NUL, never reaches a store: JSON
// and HTML forms, query strings and paths all answer 400 on both databases
// (PostgreSQL used to answer 500; SQLite stored the raw bytes).
func TestInvalidTextIsRefusedAtTheEdge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		api := p.client(t)
		for name, body := range map[string]string{
			"invalid UTF-8 in a JSON string": `{"email":"a@example.com","password":"correct horse 1","name":"` + "\xff\xfe" + `","phone":"13812345678"}`,
			"NUL escape in a JSON string":    `{"email":"a@example.com","password":"correct horse 1","name":"张\u0000三","phone":"13812345678"}`,
			"NUL escape in a JSON key":       `{"email":"a@example.com","password":"correct horse 1","name":"张三","phone":"13812345678","x\u0000":1}`,
		} {
			e := api.json("POST", "/api/v1/register", body).wantStatus(t, http.StatusBadRequest).apiError(t)
			if e.Error.Code != "invalid" {
				t.Errorf("%s: code %q", name, e.Error.Code)
			}
		}

		browser := p.client(t).browser()
		for name, form := range map[string]url.Values{
			"invalid UTF-8": {"email": {"b@example.com"}, "password": {"correct horse 1"}, "name": {"王\xc3"}, "phone": {"13812345678"}},
			"NUL":           {"email": {"b@example.com"}, "password": {"correct horse 1"}, "name": {"王\x00五"}, "phone": {"13812345678"}},
			"bad key":       {"email": {"b@example.com"}, "password": {"correct horse 1"}, "name": {"王五"}, "phone": {"13812345678"}, "\xff": {"x"}},
		} {
			res := browser.postForm("/register", form)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("form with %s: %d, want 400", name, res.StatusCode)
			}
		}
		browser.get("/terminals?q=%FF").wantStatus(t, http.StatusBadRequest)
		browser.get("/terminals?q=a%00b").wantStatus(t, http.StatusBadRequest)
		browser.get("/calendar/%FF%FE.ics").wantStatus(t, http.StatusBadRequest)

		// Nothing was stored: the same addresses register cleanly now.
		var n int
		if err := d.Get(context.Background(), &n, `SELECT COUNT(*) FROM users`); err != nil || n != 0 {
			t.Fatalf("users after refused input: %d, %v", n, err)
		}
		api.json("POST", "/api/v1/register", map[string]string{"email": "a@example.com", "password": "correct horse 1", "name": "张三", "phone": "13812345678"}).
			wantStatus(t, http.StatusCreated)
		res := browser.postForm("/register", url.Values{"email": {"b@example.com"}, "password": {"correct horse 1"}, "name": {"王五"}, "phone": {"13812345678"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("valid form: %d %.300s", res.StatusCode, res.body)
		}
	})
}

// A login e-mail longer than any address SMTP allows is refused without a
// database look-up: here the database is closed, so any look-up would fail.
func TestOverlongLoginEmailIsRefusedBeforeTheDatabase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		d.Close()
		long := strings.Repeat("a", 250) + "@example.com"
		e := p.client(t).json("POST", "/api/v1/session", map[string]string{"email": long, "password": "whatever it is"}).
			wantStatus(t, http.StatusUnauthorized).apiError(t)
		if e.Error.Code != "unauthorized" {
			t.Fatalf("code %q", e.Error.Code)
		}
		res := p.client(t).browser().postForm("/login", url.Values{"email": {long}, "password": {"whatever it is"}})
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("login form: %d", res.StatusCode)
		}
	})
}

// JSON endpoints read a body only when it says it is JSON; requests
// without a body and multipart uploads are unaffected.
func TestJSONBodiesNeedTheirContentType(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	body := `{"email":"x@example.com","password":"wrong password"}`
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
		res := c.do("POST", "/api/v1/session", ct, strings.NewReader(body)).wantStatus(t, http.StatusUnsupportedMediaType)
		if e := res.apiError(t); e.Error.Code != "unsupported" {
			t.Errorf("Content-Type %q: code %q", ct, e.Error.Code)
		}
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON"} {
		c.do("POST", "/api/v1/session", ct, strings.NewReader(body)).wantStatus(t, http.StatusUnauthorized)
	}
	// An empty body is still the old malformed-request answer, not 415.
	c.do("POST", "/api/v1/session", "", nil).wantStatus(t, http.StatusBadRequest)
}

// A User-Agent with bytes that are not UTF-8 (net/http passes them) is
// stored as valid text with the session, not a 500 on PostgreSQL.
func TestInvalidUserAgentDoesNotBreakLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		c := p.client(t)
		c.header.Set("User-Agent", "Mozilla/5.0 \xff\xfe")
		c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
		c.json("POST", "/api/v1/session", map[string]string{"email": newMerchant["email"], "password": newMerchant["password"]}).
			wantStatus(t, http.StatusOK)
	})
}
