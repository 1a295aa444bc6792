package web

import (
	"net/http"
	"strconv"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

var newMerchant = map[string]string{"email": "shop@example.com", "password": "correct horse 1", "name": "张三", "phone": "13812345678"}

func TestAPIRegisterLoginMeLogout(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		c := p.client(t)

		var me meResponse
		c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated).decode(t, &me)
		if me.Email != "shop@example.com" || me.Role != auth.Merchant || me.Name != "张三" || me.ID == 0 {
			t.Fatalf("register response = %+v", me)
		}
		c.get("/api/v1/me").wantStatus(t, http.StatusOK)

		c.json("DELETE", "/api/v1/session", nil).wantStatus(t, http.StatusNoContent)
		c.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)

		c.json("POST", "/api/v1/session", map[string]string{"email": "SHOP@example.com", "password": "correct horse 1"}).wantStatus(t, http.StatusOK)
		var again meResponse
		c.get("/api/v1/me").wantStatus(t, http.StatusOK).decode(t, &again)
		if again != me {
			t.Fatalf("me after login = %+v, want %+v", again, me)
		}
	})
}

func TestSessionCookieFlags(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run("secure="+strconv.FormatBool(secure), func(t *testing.T) {
			p := newTestPortal(t, nil, func(c *config.Config) { c.SecureCookies = secure })
			res := p.client(t).json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
			ck := res.setCookie(sessionCookie)
			if ck == nil {
				t.Fatal("no session cookie")
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure != secure {
				t.Fatalf("cookie flags: HttpOnly=%v SameSite=%v Path=%q Secure=%v", ck.HttpOnly, ck.SameSite, ck.Path, ck.Secure)
			}
			if len(ck.Value) < 43 {
				t.Fatalf("token %q is shorter than 256 bits", ck.Value)
			}
		})
	}
}

func TestSessionRotatesAtLoginAndDiesAtLogout(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	first := c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated).setCookie(sessionCookie)
	second := c.json("POST", "/api/v1/session", map[string]string{"email": newMerchant["email"], "password": newMerchant["password"]}).
		wantStatus(t, http.StatusOK).setCookie(sessionCookie)
	if second == nil || second.Value == first.Value {
		t.Fatal("session id did not change at login")
	}

	// The pre-login cookie must be dead, not merely replaced in this jar.
	stale := p.client(t)
	stale.header.Set("Cookie", sessionCookie+"="+first.Value)
	stale.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)

	c.json("DELETE", "/api/v1/session", nil).wantStatus(t, http.StatusNoContent)
	replay := p.client(t)
	replay.header.Set("Cookie", sessionCookie+"="+second.Value)
	replay.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized)
	replay.get("/dashboard").wantStatus(t, http.StatusSeeOther)
}

func TestLoginThrottledAfterFiveFailures(t *testing.T) {
	p := newTestPortal(t, nil)
	p.client(t).json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	c := p.client(t)
	wrong := map[string]string{"email": newMerchant["email"], "password": "wrong password"}
	var firstMessage string
	for i := 1; i <= 5; i++ {
		e := c.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusUnauthorized).apiError(t)
		firstMessage = e.Error.Message
	}
	res := c.json("POST", "/api/v1/session", wrong).wantStatus(t, http.StatusTooManyRequests)
	if e := res.apiError(t); e.Error.Code != "throttled" {
		t.Fatalf("code = %q", e.Error.Code)
	}
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || secs < 1 || secs > 15*60 {
		t.Fatalf("Retry-After = %q", res.Header.Get("Retry-After"))
	}
	// An unknown email gets the very same answer as a wrong password.
	unknown := c.json("POST", "/api/v1/session", map[string]string{"email": "ghost@example.com", "password": "wrong password"}).
		wantStatus(t, http.StatusUnauthorized).apiError(t)
	if unknown.Error.Message != firstMessage {
		t.Fatalf("unknown email message %q differs from wrong password %q", unknown.Error.Message, firstMessage)
	}
}

func TestAPIErrorShape(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	c.header.Set("Accept-Language", "en")

	t.Run("400 malformed", func(t *testing.T) {
		e := c.json("POST", "/api/v1/register", `{"email":`).wantStatus(t, http.StatusBadRequest).apiError(t)
		if e.Error.Code != "invalid" {
			t.Fatalf("code %q", e.Error.Code)
		}
	})
	t.Run("400 unknown field", func(t *testing.T) {
		c.json("POST", "/api/v1/session", map[string]string{"email": "a@b.c", "password": "x", "remember": "yes"}).
			wantStatus(t, http.StatusBadRequest).apiError(t)
	})
	t.Run("422 with field messages", func(t *testing.T) {
		e := c.json("POST", "/api/v1/register", map[string]string{"email": "no", "password": "short", "name": "", "phone": "123"}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Code != "validation" {
			t.Fatalf("code %q", e.Error.Code)
		}
		for _, f := range []string{"email", "password", "name", "phone"} {
			if e.Error.Fields[f] == "" {
				t.Errorf("no message for field %s: %v", f, e.Error.Fields)
			}
		}
		if e.Error.Fields["password"] != "The password needs at least 10 characters." {
			t.Errorf("password message = %q", e.Error.Fields["password"])
		}
	})
	t.Run("422 in Chinese", func(t *testing.T) {
		zh := p.client(t)
		zh.header.Set("Accept-Language", "zh-CN,zh;q=0.9")
		e := zh.json("POST", "/api/v1/register", map[string]string{"email": "no", "password": "short", "name": "x", "phone": "13812345678"}).
			wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["password"] != "密码至少需要 10 个字符。" {
			t.Errorf("password message = %q", e.Error.Fields["password"])
		}
	})
	t.Run("401", func(t *testing.T) {
		e := c.get("/api/v1/me").wantStatus(t, http.StatusUnauthorized).apiError(t)
		if e.Error.Code != "unauthorized" {
			t.Fatalf("code %q", e.Error.Code)
		}
	})
	t.Run("404", func(t *testing.T) {
		if e := c.get("/api/v1/nothing-here").wantStatus(t, http.StatusNotFound).apiError(t); e.Error.Code != "not_found" {
			t.Fatalf("code %q", e.Error.Code)
		}
	})
	t.Run("422 duplicate names no field", func(t *testing.T) {
		c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
		e := p.client(t).json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Code != "validation" || len(e.Error.Fields) != 0 {
			t.Fatalf("duplicate registration answer %+v reveals which field", e)
		}
	})
}

func TestRoleGroups(t *testing.T) {
	p := newTestPortal(t, nil)
	merchant := p.client(t).browser()
	merchant.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	merchant.get("/admin/users").wantStatus(t, http.StatusForbidden)
	if e := merchant.get("/api/v1/users").wantStatus(t, http.StatusForbidden).apiError(t); e.Error.Code != "forbidden" {
		t.Fatalf("code %q", e.Error.Code)
	}
	merchant.json("POST", "/api/v1/users", map[string]string{"email": "x@bank.example", "password": "0123456789", "name": "x", "role": "admin"}).
		wantStatus(t, http.StatusForbidden)

	p.createUser(t, auth.Reviewer, "reviewer@bank.example")
	reviewer := p.client(t)
	reviewer.json("POST", "/api/v1/session", map[string]string{"email": "reviewer@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	reviewer.get("/api/v1/users").wantStatus(t, http.StatusForbidden)

	p.createUser(t, auth.Admin, "admin@bank.example")
	admin := p.client(t)
	admin.json("POST", "/api/v1/session", map[string]string{"email": "admin@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	var created meResponse
	admin.json("POST", "/api/v1/users", map[string]string{"email": "inst@bank.example", "password": "installer pass", "name": "陈师傅", "role": "installer"}).
		wantStatus(t, http.StatusCreated).decode(t, &created)
	if created.Role != auth.Installer {
		t.Fatalf("created %+v", created)
	}
	var list struct{ Users []meResponse }
	admin.get("/api/v1/users?role=installer").wantStatus(t, http.StatusOK).decode(t, &list)
	if len(list.Users) != 1 || list.Users[0].Email != "inst@bank.example" {
		t.Fatalf("installers = %+v", list.Users)
	}
}
