package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/auth"
	"posportal/internal/pdf/pdftest"
)

func TestCatalogPagesAreTranslatedAndLabelled(t *testing.T) {
	p := newCatalogPortal(t, nil)
	id := catalogModelID(t, p, "YT-S1")
	pages := []string{
		"/terminals", "/terminals?mobile=1&printer=1", fmt.Sprintf("/terminals/%d", id),
		fmt.Sprintf("/terminals/compare?ids=%d&ids=%d", id, catalogModelID(t, p, "HY-Q1")),
		"/fees", "/fees?wechat_pay_count=900&wechat_pay_ticket=35&months=12&terminals=1&acquisition=purchase&settlement=T1",
	}
	for _, lang := range []string{"zh-CN", "en"} {
		c := p.client(t).browser()
		c.header.Set("Accept-Language", lang)
		for _, path := range pages {
			res := c.get(path).wantStatus(t, http.StatusOK)
			wantCatalogTranslated(t, res)
			if path != "/fees" {
				wantBody(t, res, `data-testid="sample-note"`)
			}
		}
		home := c.get("/").wantStatus(t, http.StatusOK)
		wantBody(t, home, `href="/terminals"`, `href="/fees"`)
	}
	en := p.client(t)
	en.header.Set("Accept-Language", "en")
	wantBody(t, en.get("/terminals").wantStatus(t, http.StatusOK), "Sample data: the brands, models, providers", "I take payments on the move",
		"I need a receipt printer", "QR codes only", "Maximum purchase price")
}

func TestCatalogListFiltersByNeeds(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "en")
	res := c.get("/terminals?qr_only=1&max_price=150").wantStatus(t, http.StatusOK)
	wantBody(t, res, "Matching terminals: 2", "HY-Q1", "HY-Q5 Desk")
	if strings.Contains(res.body, "YT-Q2") || strings.Contains(res.body, "HJ-T80") {
		t.Error("the filter let through a terminal above ¥150 or with a card reader")
	}
	res = c.get("/terminals?max_price=lots").wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "Enter an amount in yuan, e.g. 85.50.", `aria-invalid="true"`)
}

func TestComparePage(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "en")
	a, b, d := catalogModelID(t, p, "HJ-T80"), catalogModelID(t, p, "XC-W6"), catalogModelID(t, p, "HY-Q1")
	res := c.get(fmt.Sprintf("/terminals/compare?ids=%d&ids=%d&ids=%d", a, b, d)).wantStatus(t, http.StatusOK)
	if n := strings.Count(res.body, `<th scope="col" data-model-id=`); n != 3 {
		t.Errorf("%d model columns, want 3", n)
	}
	wantBody(t, res, `data-attr="printer" data-testid="diff-row"`, `data-attr="cellular_4g" data-testid="diff-row"`, "differs")
	if !strings.Contains(res.body, `data-attr="pin_pad" data-testid="diff-row"`) {
		t.Error("PIN pad differs (HY-Q1 has none) but is not marked")
	}
	only := c.get(fmt.Sprintf("/terminals/compare?ids=%d&ids=%d&only_diff=1", a, b)).wantStatus(t, http.StatusOK)
	if strings.Contains(only.body, `data-attr="emv_chip"`) { // both read chips
		t.Error("only_diff shows an attribute that does not differ")
	}
	wantBody(t, c.get(fmt.Sprintf("/terminals/compare?ids=%d", a)).wantStatus(t, http.StatusUnprocessableEntity), "Choose 2 to 4 different terminals")
	c.get(fmt.Sprintf("/terminals/compare?ids=%d&ids=424242", a)).wantStatus(t, http.StatusNotFound)
	c.get("/terminals/424242").wantStatus(t, http.StatusNotFound)
}

func TestModelPageShowsCompatibility(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "en")
	res := c.get(fmt.Sprintf("/terminals/%d", catalogModelID(t, p, "RF-C3"))).wantStatus(t, http.StatusOK)
	wantBody(t, res, "RF-C3", "Which provider can take what", "The terminal cannot take Contactless (tap)",
		"The provider does not acquire Foreign cards", "惠商借记卡封顶", "Log in as a merchant")
}

func TestShortlist(t *testing.T) {
	p := newCatalogPortal(t, nil)
	m := catalogClient(t, p, auth.Merchant, "shop@example.test", "en")
	id := catalogModelID(t, p, "HJ-T80")
	res := m.postForm(fmt.Sprintf("/terminals/%d/shortlist", id), nil).wantStatus(t, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != fmt.Sprintf("/terminals/%d", id) {
		t.Errorf("redirect to %s", loc)
	}
	wantBody(t, m.get(fmt.Sprintf("/terminals/%d", id)).wantStatus(t, http.StatusOK), "Added to your shortlist.", "Remove from my shortlist")
	wantBody(t, m.get("/shortlist").wantStatus(t, http.StatusOK), "HJ-T80")
	var api terminalsBody
	m.get("/api/v1/shortlist").wantStatus(t, http.StatusOK).decode(t, &api)
	if len(api.Terminals) != 1 || api.Terminals[0].ID != id {
		t.Errorf("API shortlist = %+v", api.Terminals)
	}
	m.do("DELETE", fmt.Sprintf("/api/v1/shortlist/%d", id), "", nil).wantStatus(t, http.StatusNoContent)
	m.do("PUT", "/api/v1/shortlist/424242", "", nil).wantStatus(t, http.StatusNotFound)

	admin := catalogClient(t, p, auth.Admin, "admin@example.test", "en")
	admin.postForm(fmt.Sprintf("/terminals/%d/shortlist", id), nil).wantStatus(t, http.StatusForbidden)
	p.client(t).browser().postForm(fmt.Sprintf("/terminals/%d/shortlist", id), nil).wantStatus(t, http.StatusSeeOther) // to the login
}

func TestCatalogAdminIsAdminOnly(t *testing.T) {
	p := newCatalogPortal(t, nil)
	merchant := catalogClient(t, p, auth.Merchant, "shop@example.test", "en")
	reviewer := catalogClient(t, p, auth.Reviewer, "rev@example.test", "en")
	for _, c := range []*client{merchant, reviewer} {
		for _, path := range []string{"/admin/catalog", "/admin/catalog/models.csv", "/admin/catalog/brands/new", "/admin/catalog/plans/1"} {
			c.get(path).wantStatus(t, http.StatusForbidden)
		}
		c.postForm("/admin/catalog/brands", url.Values{"name": {"Sneaky"}}).wantStatus(t, http.StatusForbidden)
		c.postForm("/admin/catalog/plans/1/delete", nil).wantStatus(t, http.StatusForbidden)
	}
	if bs, _ := p.srv.Catalog.Brands(context.Background()); len(bs) != 6 {
		t.Errorf("%d brands after refused changes", len(bs))
	}
	anon := p.client(t).browser()
	if res := anon.get("/admin/catalog").wantStatus(t, http.StatusSeeOther); !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("anonymous admin page redirects to %s", res.Header.Get("Location"))
	}
}

func TestCatalogAdminPages(t *testing.T) {
	p := newCatalogPortal(t, nil)
	admin := catalogClient(t, p, auth.Admin, "admin@example.test", "zh-CN")
	ctx := context.Background()

	res := admin.get("/admin/catalog").wantStatus(t, http.StatusOK)
	wantCatalogTranslated(t, res)
	wantBody(t, res, "终端目录与费率方案", "明岚银行", "HJ-T80", "标准商户费率", `href="/admin/catalog"`)

	// A brand: invalid, then valid, then in use.
	res = admin.postForm("/admin/catalog/brands", url.Values{"name": {""}, "support_hours": {"24x7"}, "support_rating": {"9"}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "此项必填。", "评分范围为 1 到 5。")
	res = admin.postForm("/admin/catalog/brands", url.Values{"name": {"新品牌 Newco"}, "support_hours": {"business"}, "support_rating": {"4"},
		"service_cities": {"12"}, "onsite_sla_hours": {"48"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get(res.Header.Get("Location")).wantStatus(t, http.StatusOK), "已保存。", "新品牌 Newco")
	brand := catalogBrandID(t, p, "新品牌 Newco")
	res = admin.postForm(fmt.Sprintf("/admin/catalog/brands/%d/delete", catalogBrandID(t, p, "星驰 Xingchi")), nil).wantStatus(t, http.StatusConflict)
	wantBody(t, res, "该品牌下仍有型号")

	// A model of the new brand, through the form (prices in yuan).
	form := url.Values{"brand_id": {fmt.Sprint(brand)}, "name": {"NC-1"}, "category": {"wireless"}, "emv_chip": {"1"}, "nfc_contactless": {"1"},
		"printer": {"1"}, "cellular_4g": {"1"}, "battery_mah": {"2500"}, "screen_inches": {"5.5"}, "touchscreen": {"1"}, "os": {"Linux"},
		"certifications": {"PCI PTS 6.x; UnionPay"}, "hardware_revisions": {"A;B"}, "purchase_fen": {"1,299.50"},
		"monthly_rental_fen": {"45"}, "deposit_fen": {"0"}, "warranty_months": {"24"}}
	admin.postForm("/admin/catalog/models", form).wantStatus(t, http.StatusSeeOther)
	nc1 := catalogModelID(t, p, "NC-1")
	m, _ := p.srv.Catalog.Model(ctx, nc1)
	if m.PurchaseFen != 129_950 || m.Screen != 55 || !m.Touchscreen || len(m.Certifications) != 2 || m.HardwareRevisions[1] != "B" {
		t.Errorf("model from the form = %+v", m)
	}
	wantBody(t, admin.get(fmt.Sprintf("/admin/catalog/models/%d", nc1)).wantStatus(t, http.StatusOK), `value="1299.50"`, `value="5.5"`)
	form.Set("screen_inches", "big")
	wantBody(t, admin.postForm(fmt.Sprintf("/admin/catalog/models/%d", nc1), form).wantStatus(t, http.StatusUnprocessableEntity), "屏幕尺寸应为 0 至 30 英寸。")

	// A provider without foreign cards and a plan with banded UnionPay QR, through the forms.
	admin.postForm("/admin/catalog/providers", url.Values{"name": {"测试银行"}, "kind": {"bank"}, "method_unionpay_card": {"1"}, "method_unionpay_qr": {"1"}}).
		wantStatus(t, http.StatusSeeOther)
	prov := catalogProviderID(t, p, "测试银行")
	plan := url.Values{"provider_id": {fmt.Sprint(prov)}, "name": {"分档测试"}, "rate_rows": {"4"},
		"rate_0_channel": {"unionpay_qr"}, "rate_0_rate": {"0.38"}, "rate_0_min": {"0"}, "rate_0_max": {"1000"},
		"rate_2_channel": {"unionpay_qr"}, "rate_2_rate": {"0.6"}, "rate_2_min": {"1000.01"},
		"rate_3_channel": {"debit_card"}, "rate_3_rate": {"0.5"}, "rate_3_cap": {"20"},
		"d0_surcharge_ppm": {"0.05"}, "deposit_fen": {"299"}, "deposit_refund_volume_fen": {"100000"}, "deposit_refund_months": {"3"},
		fmt.Sprintf("tp_%d_purchase", nc1): {"1200"}, fmt.Sprintf("tp_%d_rental", nc1): {"40"}}
	bad := url.Values{}
	for k, v := range plan {
		bad[k] = v
	}
	bad.Set("rate_3_rate", "12") // 12 % is above the 10 % limit: the error lands on row 3's input
	res = admin.postForm("/admin/catalog/plans", bad).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "费率应在 0 至 10% 之间")
	if !regexp.MustCompile(`name="rate_3_rate"[^>]*aria-invalid="true"`).MatchString(res.body) {
		t.Error("the rate error is not on row 3's rate input")
	}
	admin.postForm("/admin/catalog/plans", plan).wantStatus(t, http.StatusSeeOther)
	var saved catalog.Plan
	ps, _ := p.srv.Catalog.Plans(ctx)
	for _, x := range ps {
		if x.Name == "分档测试" {
			saved = x
		}
	}
	want := []fees.RateRow{
		{Channel: fees.UnionPayQR, RatePPM: 3800, MaxTicketFen: catalogPtr(int64(100_000))},
		{Channel: fees.UnionPayQR, RatePPM: 6000, MinTicketFen: 100_001},
		{Channel: fees.DebitCard, RatePPM: 5000, CapFen: catalogPtr(int64(2000))},
	}
	if fmt.Sprint(catalogRates(saved.Rates)) != fmt.Sprint(catalogRates(want)) || saved.D0SurchargePPM != 500 || saved.DepositFen != 29_900 ||
		len(saved.TerminalPrices) != 1 || saved.TerminalPrices[0].MonthlyRentalFen != 4000 {
		t.Errorf("plan from the form = %+v", saved.Plan)
	}
	edit := admin.get(fmt.Sprintf("/admin/catalog/plans/%d", saved.ID)).wantStatus(t, http.StatusOK)
	wantBody(t, edit, `name="rate_1_rate" inputmode="decimal" value="0.6"`, `name="rate_2_cap" inputmode="decimal" value="20.00"`)
	wantCatalogTranslated(t, edit)
	admin.postForm(fmt.Sprintf("/admin/catalog/plans/%d/delete", saved.ID), nil).wantStatus(t, http.StatusSeeOther)
	if _, err := p.srv.Catalog.Plan(ctx, saved.ID); err == nil {
		t.Error("plan not deleted")
	}
}

func catalogPtr[T any](v T) *T { return &v }

// catalogRates prints rate rows with their pointers followed.
func catalogRates(rs []fees.RateRow) []string {
	var out []string
	for _, r := range rs {
		c, m := "nil", "nil"
		if r.CapFen != nil {
			c = fmt.Sprint(*r.CapFen)
		}
		if r.MaxTicketFen != nil {
			m = fmt.Sprint(*r.MaxTicketFen)
		}
		out = append(out, fmt.Sprintf("%s %d cap=%s fixed=%d %d-%s", r.Channel, r.RatePPM, c, r.FixedFen, r.MinTicketFen, m))
	}
	return out
}

func catalogBrandID(t *testing.T, p *testPortal, name string) int64 {
	t.Helper()
	bs, _ := p.srv.Catalog.Brands(context.Background())
	for _, b := range bs {
		if b.Name == name {
			return b.ID
		}
	}
	t.Fatalf("no brand %q", name)
	return 0
}

func catalogProviderID(t *testing.T, p *testPortal, name string) int64 {
	t.Helper()
	ps, _ := p.srv.Catalog.Providers(context.Background())
	for _, x := range ps {
		if x.Name == name {
			return x.ID
		}
	}
	t.Fatalf("no provider %q", name)
	return 0
}

func catalogCSVUpload(t *testing.T, content string) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	f, err := w.CreateFormFile("file", "models.csv")
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(content))
	w.Close()
	return w.FormDataContentType(), &buf
}

func TestCatalogCSVImportPage(t *testing.T) {
	p := newCatalogPortal(t, nil)
	admin := catalogClient(t, p, auth.Admin, "admin@example.test", "en")
	count := func() int {
		ms, _ := p.srv.Catalog.Models(context.Background(), catalog.Filter{})
		return len(ms)
	}
	before := count()

	bad := "brand,name,category,printer,purchase_fen\n" +
		"巡途 Xuntu,XT-M9,mpos,no,25900\n" + // fine on its own
		"Unknown Co,U1,countertop,yes,100\n" +
		"巡途 Xuntu,XT-M10,toaster,perhaps,12x\n"
	ct, body := catalogCSVUpload(t, bad)
	res := admin.do("POST", "/admin/catalog/import", ct, body).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "Nothing was imported", `<td class="num">3</td>`, "Unknown brand “Unknown Co”", `<td class="num">4</td>`,
		"“perhaps” is not yes or no.", "“12x” is not a whole number.")
	if count() != before {
		t.Fatalf("a refused import changed the catalog: %d → %d models", before, count())
	}

	good := "brand,name,category,printer,purchase_fen\n巡途 Xuntu,XT-M9,mpos,no,25900\n"
	ct, body = catalogCSVUpload(t, good)
	res = admin.do("POST", "/admin/catalog/import", ct, body).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get(res.Header.Get("Location")), "Import complete.")
	if count() != before+1 {
		t.Errorf("%d models after importing one", count())
	}

	exp := admin.get("/admin/catalog/models.csv").wantStatus(t, http.StatusOK)
	if !strings.HasPrefix(exp.body, "\ufeffbrand,name,category,") || !strings.Contains(exp.body, "巡途 Xuntu,XT-M9,mpos") {
		t.Errorf("export starts %.80q", exp.body)
	}
	if cd := exp.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("Content-Disposition = %q", cd)
	}
}

// quotePath is a busy shop: cards, QR and a little foreign-card volume.
const quotePath = "/fees?debit_card_count=200&debit_card_ticket=250&wechat_pay_count=900&wechat_pay_ticket=35" +
	"&unionpay_qr_count=60&unionpay_qr_ticket=1500&contactless_count=100&contactless_ticket=80" +
	"&foreign_card_count=10&foreign_card_ticket=600&months=12&terminals=1&acquisition=purchase&settlement=T1"

func TestFeeQuotePageChart(t *testing.T) {
	p := newCatalogPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "en")
	res := c.get(quotePath).wantStatus(t, http.StatusOK)
	plans, _ := p.srv.Catalog.Plans(context.Background())
	if n := strings.Count(res.body, `<rect class="chart-bar`); n != len(plans) {
		t.Errorf("%d bars for %d plans", n, len(plans))
	}
	wantBody(t, res, `<svg class="bar-chart"`, `role="img"`, "Total cost over 12 months", `data-testid="quote-pdf"`,
		"Cannot take:", "Cheapest for all your channels", "Foreign cards")
	if strings.Contains(res.body, "style=") {
		t.Error("the page uses a style attribute, which the CSP forbids")
	}
	// One bar per plan, each tagged with its plan, cheapest first.
	ids := regexp.MustCompile(`<rect class="chart-bar[^"]*"[^>]*data-plan-id="(\d+)"`).FindAllStringSubmatch(res.body, -1)
	rows := regexp.MustCompile(`<tr data-plan-id="(\d+)"`).FindAllStringSubmatch(res.body, -1)
	if len(ids) != len(rows) {
		t.Fatalf("%d bars, %d table rows", len(ids), len(rows))
	}
	for i := range ids {
		if ids[i][1] != rows[i][1] {
			t.Errorf("bar %d is plan %s, table row %d plan %s", i, ids[i][1], i, rows[i][1])
		}
	}

	t.Run("ErrInvalid", func(t *testing.T) {
		res := c.get("/fees?debit_card_count=ten&wechat_pay_count=5&months=0&terminals=1&acquisition=purchase&settlement=T1").
			wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "Enter a whole number.")
		res = c.get("/fees?wechat_pay_count=5&months=0&terminals=1&acquisition=purchase&settlement=T1").wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "Compare over 1 to 120 months.", "Give the average ticket for the transactions of this channel.")
		res = c.get("/fees?months=12&terminals=1&acquisition=purchase&settlement=T1").wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "Enter the monthly volume of at least one channel.")
	})
}

// catalogProfiles is the application's volume as the fee calculator will
// receive it once onboarding provides it.
type catalogProfiles map[int64]fees.Profile

func (s catalogProfiles) ProfileFor(_ context.Context, merchantID int64) (fees.Profile, bool, error) {
	p, ok := s[merchantID]
	return p, ok, nil
}

func TestFeeQuotePagePrefillsFromTheApplication(t *testing.T) {
	p := newCatalogPortal(t, nil)
	src := catalogProfiles{}
	m := catalogClient(t, p, auth.Merchant, "shop@example.test", "en")
	var me meResponse
	m.get("/api/v1/me").wantStatus(t, http.StatusOK).decode(t, &me)
	src[me.ID] = fees.Profile{Channels: []fees.ChannelVolume{
		{Channel: fees.WeChatPay, MonthlyCount: 1200, AverageTicketFen: 4250},
		{Channel: fees.UnionPayQR, Buckets: []fees.Bucket{{TicketFen: 5000, MonthlyCount: 30}, {TicketFen: 150_000, MonthlyCount: 10}}},
	}}
	withSource := catalogRewired(t, p, func(d *Deps) { d.QuoteProfiles = src })
	m.base = withSource.URL
	res := m.get("/fees").wantStatus(t, http.StatusOK)
	wantBody(t, res, `data-testid="prefilled"`, `name="wechat_pay_count" inputmode="numeric" value="1200"`,
		`name="wechat_pay_ticket" inputmode="decimal" value="42.50"`, `name="unionpay_qr_count" inputmode="numeric" value="40"`,
		`name="unionpay_qr_ticket" inputmode="decimal" value="412.50"`, `<svg class="bar-chart"`)

	// Coming from a model's page keeps the model.
	id := catalogModelID(t, p, "HY-Q3")
	wantBody(t, m.get(fmt.Sprintf("/fees?model_id=%d", id)).wantStatus(t, http.StatusOK), `data-testid="prefilled"`,
		fmt.Sprintf(`<option value="%d" selected>`, id))

	other := withSource.client(t).browser()
	if strings.Contains(other.get("/fees").body, `data-testid="prefilled"`) {
		t.Error("an anonymous visitor got a prefilled form")
	}
}

// The comparison reads back in both languages with the embedded font,
// Chinese plan and bank names included, and nothing printed as '?'.
func TestFeeComparisonPDF(t *testing.T) {
	p := newCatalogPortal(t, nil)
	for lang, title := range map[string]string{"zh-CN": "费率方案比较", "en": "Feeplancomparison"} {
		c := p.client(t).browser()
		c.header.Set("Accept-Language", lang)
		page := c.get(quotePath).wantStatus(t, http.StatusOK)
		href := regexp.MustCompile(`href="(/fees/comparison\.pdf\?[^"]+)"`).FindStringSubmatch(page.body)
		if href == nil {
			t.Fatal("no PDF link on the quote page")
		}
		res := c.get(strings.ReplaceAll(href[1], "&amp;", "&")).wantStatus(t, http.StatusOK)
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Fatalf("Content-Type = %s", ct)
		}
		raw := pdftest.Text(t, []byte(res.body))
		text := catalogNoSpaces(raw)
		for _, want := range []string{title, "标准商户费率", "明岚银行", "禾川农商银行", "扫码云音箱月付"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the PDF does not say %q", lang, want)
			}
		}
		if strings.Contains(raw, "?") {
			t.Errorf("%s: '?' in the PDF:\n%s", lang, raw)
		}
		if lang == "en" {
			for _, word := range []string{"Effective", "Processing"} {
				if !strings.Contains(raw, word) {
					t.Errorf("header word %q broken or missing:\n%s", word, raw)
				}
			}
		}
	}
	c := p.client(t).browser()
	// An invalid query goes back to the form.
	if loc := c.get("/fees/comparison.pdf?months=0").wantStatus(t, http.StatusSeeOther).Header.Get("Location"); !strings.HasPrefix(loc, "/fees?") {
		t.Errorf("invalid PDF query redirects to %s", loc)
	}
	// The page no longer warns about fonts: there always is one.
	if strings.Contains(c.get(quotePath).body, "no-font") {
		t.Error("the quote page still has a no-font notice")
	}
}

func catalogNoSpaces(s string) string { return strings.Join(strings.Fields(s), "") }
