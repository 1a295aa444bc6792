package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/i18n"
)

func merchantForm(email string) map[string]string {
	return map[string]string{"email": email, "password": "correct horse 1", "name": "张三", "phone": "13812345678"}
}

// One address may register 10 accounts an hour, counted atomically: of 15
// registrations sent at once exactly 10 succeed. Another address is not
// affected.
func TestRegistrationThrottledPerAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		limit := p.auth.Policy().MaxRegistrationsPerIP
		var st countStatus
		together(limit+5, func(i int) {
			res, err := p.clientFrom(t, "127.0.0.2").try("POST", "/api/v1/register", merchantForm(fmt.Sprintf("shop%d@example.com", i)))
			if err != nil {
				st.add(-1)
				return
			}
			if res.StatusCode == http.StatusTooManyRequests {
				if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 || s > 3600 {
					st.add(-2)
					return
				}
			}
			st.add(res.StatusCode)
		})
		if want := map[int]int{201: limit, 429: 5}; fmt.Sprint(st.n) != fmt.Sprint(want) {
			t.Fatalf("concurrent registrations from one address: %v, want %v", st.n, want)
		}
		web := p.clientFrom(t, "127.0.0.2").browser()
		form := url.Values{"email": {"late@example.com"}, "password": {"correct horse 1"}, "name": {"李四"}, "phone": {"13912345678"}}
		web.header.Set("Accept-Language", "en")
		res := web.postForm("/register", form).wantStatus(t, http.StatusTooManyRequests)
		if res.Header.Get("Retry-After") == "" || !strings.Contains(res.body, i18n.T(i18n.EN, "error.register_throttled")) {
			t.Fatalf("register page 429 lacks Retry-After or the message: %q", res.Header.Get("Retry-After"))
		}
		p.clientFrom(t, "127.0.0.3").json("POST", "/api/v1/register", merchantForm("other@example.com")).wantStatus(t, http.StatusCreated)
	})
}

// Registering an e-mail that already has an account says no more than
// "these details cannot be registered": no field is named, nothing says
// the address is taken, nobody is signed in, and no password is hashed.
func TestRegisterExistingEmailIsUninformative(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		p.client(t).json("POST", "/api/v1/register", merchantForm("shop@example.com")).wantStatus(t, http.StatusCreated)
		jobs := p.auth.HashStats().Jobs

		api := p.client(t)
		api.header.Set("Accept-Language", "en")
		e := api.json("POST", "/api/v1/register", map[string]string{"email": "Shop@Example.com", "password": "another horse 7", "name": "王五", "phone": "13712345678"}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Code != "validation" || len(e.Error.Fields) != 0 || e.Error.Message != i18n.T(i18n.EN, "error.register_refused") {
			t.Fatalf("existing e-mail answer = %+v, want the generic refusal naming no field", e)
		}
		api.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)

		web := p.client(t).browser()
		web.header.Set("Accept-Language", "zh-CN")
		form := url.Values{"email": {"shop@example.com"}, "password": {"another horse 7"}, "name": {"王五"}, "phone": {"13712345678"}}
		page := web.postForm("/register", form).wantStatus(t, http.StatusUnprocessableEntity)
		if !strings.Contains(page.body, i18n.T(i18n.ZH, "error.register_refused")) {
			t.Fatalf("register page lacks the generic refusal: %.600s", page.body)
		}
		for _, lang := range i18n.Langs {
			if taken := i18n.T(lang, "field.email.taken"); strings.Contains(page.body, taken) || strings.Contains(e.Error.Message, taken) {
				t.Fatalf("answer says the e-mail is taken (%q)", taken)
			}
		}
		if got := p.auth.HashStats().Jobs; got != jobs {
			t.Fatalf("an existing e-mail's registration ran %d password hashes", got-jobs)
		}
	})
}

// Common and guessable passwords are refused with a message that says
// why and what to do, in both languages, on the API and the form.
func TestWeakPasswordsRefused(t *testing.T) {
	p := newTestPortal(t, nil)
	for _, tc := range []struct{ lang, password string }{
		{"en", "aaaaaaaaaa"},
		{"zh-CN", "password123"},
		{"en", "zhangsan2026"}, // the e-mail's own local part
	} {
		c := p.client(t)
		c.header.Set("Accept-Language", tc.lang)
		f := merchantForm("zhangsan2026@example.com")
		f["password"] = tc.password
		e := c.json("POST", "/api/v1/register", f).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if want := i18n.T(tc.lang, "field.password.guessable"); e.Error.Fields["password"] != want {
			t.Errorf("%s %q: password message %q, want %q", tc.lang, tc.password, e.Error.Fields["password"], want)
		}
	}
	web := p.client(t).browser()
	web.header.Set("Accept-Language", "zh-CN")
	page := web.postForm("/register", url.Values{"email": {"a@example.com"}, "password": {"aaaaaaaaaa"}, "name": {"张三"}, "phone": {"13812345678"}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	if !strings.Contains(page.body, i18n.T(i18n.ZH, "field.password.guessable")) {
		t.Fatalf("register page lacks the guessable-password message")
	}
	// The documented demo password passes the same check.
	f := merchantForm("demo-like@example.com")
	f["password"] = "demo-pass-2026"
	p.client(t).json("POST", "/api/v1/register", f).wantStatus(t, http.StatusCreated)
}
