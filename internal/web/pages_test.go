package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"posportal/internal/auth"
)

func wantBody(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s: body lacks %q", r.Request.URL.Path, s)
		}
	}
}

func TestLandingPageLanguage(t *testing.T) {
	p := newTestPortal(t, nil)
	zh := p.client(t).browser()
	zh.header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	res := zh.get("/").wantStatus(t, http.StatusOK)
	wantBody(t, res, `<html lang="zh-CN">`, "申请", "审核", "签约", "安装调试", "培训", "正式使用", "售后支持")

	// The switch sticks across pages, overriding Accept-Language.
	zh.postForm("/lang", url.Values{"lang": {"en"}, "next": {"/login"}}).wantStatus(t, http.StatusSeeOther)
	res = zh.get("/").wantStatus(t, http.StatusOK)
	wantBody(t, res, `<html lang="en">`, "Application", "Review", "Contract", "Installation", "Training", "Live", "Support")
	wantBody(t, zh.get("/login"), "Log in")

	// An off-site "next" is not followed.
	r := zh.postForm("/lang", url.Values{"lang": {"zh-CN"}, "next": {"//evil.example/"}}).wantStatus(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != "/" {
		t.Fatalf("redirected to %q", loc)
	}
}

func TestRegisterFormFlow(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "zh-CN")
	wantBody(t, c.get("/register").wantStatus(t, http.StatusOK), `name="email"`, `name="phone"`)

	bad := url.Values{"email": {"shop@example.com"}, "name": {"张三"}, "phone": {"12345"}, "password": {"secret-pw"}}
	res := c.postForm("/register", bad).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "手机号码应为", "密码至少需要 10 个字符", `value="shop@example.com"`, `value="张三"`)
	if strings.Contains(res.body, "secret-pw") {
		t.Fatal("password echoed back into the form")
	}

	good := url.Values{"email": {"shop@example.com"}, "name": {"张三"}, "phone": {"13812345678"}, "password": {"correct horse 1"}}
	res = c.postForm("/register", good).wantStatus(t, http.StatusSeeOther)
	if res.Header.Get("Location") != "/dashboard" {
		t.Fatalf("Location = %q", res.Header.Get("Location"))
	}
	dash := c.get("/dashboard").wantStatus(t, http.StatusOK)
	wantBody(t, dash, "您好,张三", "注册成功", "办理进度", "营业执照", "最近登录记录")
	// The flash shows once.
	if strings.Contains(c.get("/dashboard").body, "注册成功") {
		t.Error("flash shown twice")
	}

	c.postForm("/logout", nil).wantStatus(t, http.StatusSeeOther)
	if r := c.get("/dashboard"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("dashboard after logout = %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestLoginFormFlow(t *testing.T) {
	p := newTestPortal(t, nil)
	p.createUser(t, auth.Reviewer, "reviewer@bank.example")
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "en")

	res := c.postForm("/login", url.Values{"email": {"reviewer@bank.example"}, "password": {"nope nope nope"}}).wantStatus(t, http.StatusUnauthorized)
	wantBody(t, res, "Email or password is incorrect.", `value="reviewer@bank.example"`)

	// After login the user lands where they were going.
	r := c.get("/admin/users")
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("anonymous /admin/users = %d", r.StatusCode)
	}
	next := regexp.MustCompile(`next=([^&]+)`).FindStringSubmatch(r.Header.Get("Location"))
	login := c.get(r.Header.Get("Location")).wantStatus(t, http.StatusOK)
	wantBody(t, login, `name="next" value="/admin/users"`)
	if next == nil {
		t.Fatal("no next parameter")
	}
	res = c.postForm("/login", url.Values{"email": {"reviewer@bank.example"}, "password": {"staff password 1"}, "next": {"/dashboard"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, c.get("/dashboard").wantStatus(t, http.StatusOK), "Hello, Staff reviewer", "You review merchant applications")
	c.get("/admin/users").wantStatus(t, http.StatusForbidden)
}

func TestLoginPageThrottled(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "zh-CN")
	form := url.Values{"email": {"victim@example.com"}, "password": {"guess guess 1"}}
	for i := 0; i < 5; i++ {
		c.postForm("/login", form).wantStatus(t, http.StatusUnauthorized)
	}
	res := c.postForm("/login", form).wantStatus(t, http.StatusTooManyRequests)
	wantBody(t, res, "登录尝试次数过多")
	if res.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
}

func TestAdminCreatesStaffInUI(t *testing.T) {
	p := newTestPortal(t, nil)
	p.createUser(t, auth.Admin, "admin@bank.example")
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "zh-CN")
	c.postForm("/login", url.Values{"email": {"admin@bank.example"}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, c.get("/dashboard").wantStatus(t, http.StatusOK), "账号概况", "最近的审计事件", "登录")

	res := c.postForm("/admin/users", url.Values{"role": {"reviewer"}, "name": {"王审核"}, "email": {"bad"}, "password": {"reviewer pass 1"}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "请输入有效的电子邮箱地址", `value="王审核"`)

	c.postForm("/admin/users", url.Values{"role": {"reviewer"}, "name": {"王审核"}, "email": {"wang@bank.example"}, "password": {"reviewer pass 1"}}).
		wantStatus(t, http.StatusSeeOther)
	list := c.get("/admin/users").wantStatus(t, http.StatusOK)
	wantBody(t, list, "员工账号已创建", "wang@bank.example", "审核员")

	r := p.client(t)
	r.json("POST", "/api/v1/session", map[string]string{"email": "wang@bank.example", "password": "reviewer pass 1"}).wantStatus(t, http.StatusOK)
}

func TestStaticAssetsAreHashedAndCached(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t)
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(c.get("/").body)
	if m == nil {
		t.Fatal("no hashed stylesheet link")
	}
	res := c.get(m[1]).wantStatus(t, http.StatusOK)
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("headers %v", res.Header)
	}
	c.get("/static/app.css").wantStatus(t, http.StatusNotFound)
}
