package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"posportal/internal/auth"
	"posportal/onboarding"
)

func strp(s string) *string { return &s }
func intp(n int64) *int64   { return &n }

// readyApplication gives a new merchant account a complete draft with
// every required document, ready to submit.
func readyApplication(t *testing.T, p *portal, email, password string) int64 {
	t.Helper()
	ctx := context.Background()
	u, err := p.auth.CreateUser(ctx, nil, auth.NewUser{Email: email, Password: password, Name: "王小明", Phone: "13812345678",
		Role: auth.Merchant}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.onb.Create(ctx, u, onboarding.Fields{
		MerchantType: strp("enterprise"), LegalName: strp("上海浦东示例便利店有限公司"), ShopName: strp("示例便利店"),
		USCC: strp("91350100M000100Y43"), MCCGroup: strp("retail"), Province: strp("上海市"), City: strp("上海市"),
		District: strp("浦东新区"), Address: strp("世纪大道100号"), LegalRepName: strp("王小明"),
		LegalRepIDNumber: strp("11010519491231002X"), ContactMobile: strp("13812345678"),
		SettlementBank: strp("中国工商银行"), SettlementAccountType: strp("corporate"),
		SettlementAccountName: strp("上海浦东示例便利店有限公司"), SettlementAccountNumber: strp("1001234567890123"),
		ExpectedMonthlyVolumeFen: intp(30_000_000), AverageTicketFen: intp(5_000), TerminalCount: intp(1),
		ChannelMix: map[string]int{"wechat_pay": 60, "alipay": 40},
	}, "ip")
	if err != nil {
		t.Fatal(err)
	}
	kinds, err := p.onb.RequiredKinds(ctx, onboarding.Enterprise)
	if err != nil {
		t.Fatal(err)
	}
	for i, kind := range kinds {
		content := append([]byte("\x89PNG\r\n\x1a\n"), fmt.Sprintf("%s %d", kind, i)...)
		obj, err := p.onb.Blobs().Put(ctx, bytes.NewReader(content), p.onb.MaxDocumentBytes())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.onb.AddDocument(ctx, u, a.ID, kind, kind+".png", obj, "ip"); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID
}

func (tb *tab) loginWith(base, email, password string) {
	tb.t.Helper()
	wantStatus(tb.t, tb.open(base+"/login"), http.StatusOK)
	tb.fill("email", email)
	tb.fill("password", password)
	tb.click(`form[action="/login"] button[type="submit"]`)
}

// The submit button takes one press: submit-once.js disables it as the
// form goes, so a second press sends nothing (the server also refuses a
// second transition; internal/web tests that).
func TestSubmitButtonTakesOnePress(t *testing.T) {
	p := startPortal(t)
	email := uniqueEmail("once")
	id := readyApplication(t, p, email, "once-pass-123")
	m := newTab(t, langChinese)
	m.loginWith(p.URL, email, "once-pass-123")
	wantStatus(t, m.open(fmt.Sprintf("%s/applications/%d/edit/review", p.URL, id)), http.StatusOK)

	// Count the submissions the page lets through, holding each one back
	// so the page stays to be inspected.
	got := runTab(m, "press submit twice", chromedp.Evaluate[map[string]any](`(async () => {
		const f = document.querySelector('form[action$="/submit"]');
		const b = f.querySelector('[data-testid=submit]');
		let sent = 0;
		f.addEventListener('submit', e => { sent++; e.preventDefault(); });
		const tick = () => new Promise(r => setTimeout(r, 30));
		b.click(); await tick();
		b.click(); await tick();
		return {sent: sent, disabled: b.disabled, busy: f.getAttribute('aria-busy')};
	})()`, chromedp.EvalAwaitPromise))
	if got["sent"] != float64(1) || got["disabled"] != true || got["busy"] != "true" {
		t.Fatalf("after two presses: %v", got)
	}

	// A real press goes through once.
	wantStatus(t, m.open(fmt.Sprintf("%s/applications/%d/edit/review", p.URL, id)), http.StatusOK)
	m.click(testID("submit"))
	m.wantText(testID("status"), "已提交,待审核")
	h, err := p.onb.History(context.Background(), auth.User{Role: auth.Admin}, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Event != onboarding.EvSubmit {
		t.Fatalf("history %+v", h)
	}
}

// A cross-field rule is shown where the merchant types, in the browser:
// the field is invalid and its description is the message beside it.
func TestHolderMismatchShownOnTheSettlementStep(t *testing.T) {
	p := startPortal(t)
	email := uniqueEmail("holder")
	id := readyApplication(t, p, email, "holder-pass-123")
	m := newTab(t, langChinese)
	m.loginWith(p.URL, email, "holder-pass-123")
	wantStatus(t, m.open(fmt.Sprintf("%s/applications/%d/edit/settlement", p.URL, id)), http.StatusOK)
	runTab(m, "type the operator's name as holder", chromedp.Evaluate[bool](
		`(() => { document.getElementById('settlement_account_name').value = '王小明'; return true })()`))
	wantStatus(t, m.click(testID("save-next")), http.StatusUnprocessableEntity)
	if v := m.attr(`#settlement_account_name`, "aria-invalid"); v != "true" {
		t.Fatalf("aria-invalid = %q", v)
	}
	desc := runTab(m, "read the description", chromedp.Evaluate[string](
		`document.getElementById(document.getElementById('settlement_account_name').getAttribute('aria-describedby').split(' ')[0]).textContent`))
	if want := "商户名称"; !bytes.Contains([]byte(desc), []byte(want)) {
		t.Fatalf("description %q lacks %q", desc, want)
	}
	m.screenshot("application-holder-mismatch-zh.png")
}
