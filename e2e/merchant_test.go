package e2e

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var emailSeq atomic.Int64

// uniqueEmail returns an address no earlier run or test has used.
func uniqueEmail(local string) string {
	return fmt.Sprintf("%s.%d.%d@example.com", local, time.Now().UnixNano(), emailSeq.Add(1))
}

// The merchant's first visit, in Chinese: register from the landing page,
// see the dashboard, switch to English, log out.
func TestMerchantRegistersInChineseThenSwitchesToEnglishAndLogsOut(t *testing.T) {
	p := startPortal(t)
	tb := newTab(t, langChinese)

	// The landing page, in Chinese because the browser asks for it.
	wantStatus(t, tb.open(p.URL+"/"), http.StatusOK)
	if lang := tb.attr("html", "lang"); lang != "zh-CN" {
		t.Fatalf("landing page is in %q, want zh-CN", lang)
	}
	tb.wantTextContains("main", "办理流程", "申请", "审核", "签约")

	// Register.
	tb.followLink("注册并开始申请")
	tb.wantLocation("/register")
	tb.wantText("h1", "注册商户账号")
	tb.fill("name", "李小红")
	tb.fill("email", uniqueEmail("li.xiaohong"))
	tb.fill("phone", "13912345678")
	tb.fill("password", "hong-pass-12") // 12 characters
	wantStatus(t, tb.click(`form[action="/register"] button[type="submit"]`), http.StatusOK)

	// The dashboard greets her, once, and shows where she stands.
	tb.wantLocation("/dashboard")
	tb.wantText("h1", "您好,李小红")
	tb.wantText(".flash", "注册成功,欢迎使用!")
	tb.wantText("#progress-h", "办理进度")
	tb.wantTextContains(testID("timeline"), "申请", "审核", "签约", "安装调试", "培训", "正式使用", "售后支持")
	if n := tb.count(`[data-testid="timeline"] [aria-current="step"]`); n != 1 {
		t.Fatalf("%d current steps in the timeline, want 1", n)
	}
	tb.wantTextContains(`[data-testid="timeline"] [aria-current="step"]`, "申请")
	tb.wantTextContains("main", "需要准备的材料", "营业执照")
	tb.screenshot("merchant-dashboard-zh.png")

	// Switch to English with the header button.
	tb.wantText(testID("lang-switch"), "English")
	wantStatus(t, tb.click(testID("lang-switch")), http.StatusOK)
	tb.wantLocation("/dashboard")
	tb.wantText("h1", "Hello, 李小红")
	tb.wantText("#progress-h", "Your progress")
	tb.wantTextContains(`[data-testid="timeline"] [aria-current="step"]`, "Application")
	tb.wantText(testID("lang-switch"), "中文")
	if tb.count(".flash") != 0 {
		t.Error("the registration message is shown a second time")
	}

	// Log out: back on the landing page, still in English.
	wantStatus(t, tb.click(testID("logout")), http.StatusOK)
	tb.wantLocation("/")
	tb.wantText(".flash", "You have logged out.")
	tb.wantText("h1", "Get a POS terminal online — and fix it yourself after an upgrade")
	tb.wantText(`.hero a[href="/register"]`, "Register and apply")

	// The dashboard is closed now: the browser ends up on the login page.
	wantStatus(t, tb.open(p.URL+"/dashboard"), http.StatusOK)
	tb.wantLocation("/login?next=%2Fdashboard")
	tb.wantText("h1", "Log in")
	if tb.count(`[data-testid="logout"]`) != 0 {
		t.Error("a logout button is shown after logging out")
	}
}

// The server's validation, as the browser shows it: the form comes back
// with the errors next to their fields, the entries kept, the password not.
func TestRegisterFormShowsServerErrorsInChinese(t *testing.T) {
	p := startPortal(t)
	tb := newTab(t, langChinese)

	wantStatus(t, tb.open(p.URL+"/register"), http.StatusOK)
	email := uniqueEmail("zhang.san")
	tb.fill("name", "张三")
	tb.fill("email", email)
	tb.fill("phone", "12345")
	tb.fill("password", "short")
	resp := tb.click(`form[action="/register"] button[type="submit"]`)
	wantStatus(t, resp, http.StatusUnprocessableEntity)

	tb.wantLocation("/register")
	tb.wantText(`[role="alert"]`, "请检查标出的字段。")
	tb.wantText("#phone + .hint + .field-error", "手机号码应为 1 开头、第二位为 3–9 的 11 位数字。")
	tb.wantText("#password + .hint + .field-error", "密码至少需要 10 个字符。")
	if n := tb.count(".field-error"); n != 2 {
		t.Errorf("%d field errors shown, want 2 (phone and password)", n)
	}
	for _, field := range []string{"phone", "password"} {
		if v := tb.attr(chromedp.CSS("#"+field), "aria-invalid"); v != "true" {
			t.Errorf("#%s aria-invalid = %q, want true", field, v)
		}
	}

	// What she typed is still there, except the password.
	for sel, want := range map[chromedp.CSS]string{"#name": "张三", "#email": email, "#phone": "12345", "#password": ""} {
		if got := tb.value(sel); got != want {
			t.Errorf("%s holds %q, want %q", sel, got, want)
		}
	}
	tb.screenshot("register-errors-zh.png")
}
