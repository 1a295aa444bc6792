package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"posportal/internal/auth"
	"posportal/internal/pdf"
)

// scanJPEG writes a real JPEG standing in for a phone photo of a document.
func scanJPEG(t *testing.T, dir, name string, shade uint8) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{shade, uint8(x % 256), uint8(y % 256), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, b.Bytes())
}

// scanPDF writes a real one-page PDF, as a bank's account certificate.
func scanPDF(t *testing.T, dir, name string) string {
	t.Helper()
	d := pdf.New(nil, pdf.Meta{Title: "Account certificate", DocumentID: "CERT-1", Lang: "en", PortalName: "Bank", GeneratedAt: time.Now()})
	d.Paragraph("Settlement account 1001234567890123 is held by the applicant.")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, b)
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fillCSS types value into the field at sel (for names a CSS id selector
// cannot spell, such as "channel_mix.alipay").
func (tb *tab) fillCSS(sel, value string) {
	tb.t.Helper()
	tb.do("fill "+sel, chromedp.SendKeys(chromedp.CSS(sel), value, chromedp.NodeVisible))
}

// check ticks the checkbox or radio button at sel. It sets the state
// rather than clicking, because lazily loaded previews above the form move
// it while a click is on its way.
func (tb *tab) check(sel string) {
	tb.t.Helper()
	ok := runTab(tb, "check "+sel, chromedp.Evaluate[bool](`(() => { const e = document.querySelector(`+"`"+sel+"`"+`); if (!e) return false; e.checked = true; return true })()`))
	if !ok {
		tb.t.Fatalf("no %s on the page", sel)
	}
}

// submit submits the form of the button at sel and waits for the answer;
// unlike a click it does not depend on where the (sticky) button sits.
func (tb *tab) submit(sel chromedp.CSS) *network.Response {
	tb.t.Helper()
	return tb.waitResponse("submit "+string(sel), chromedp.Submit(sel))
}

// selectValue picks an option of the select with id field.
func (tb *tab) selectValue(field, value string) {
	tb.t.Helper()
	tb.do("select "+field, chromedp.SetValue(chromedp.ID(field), value, chromedp.NodeVisible))
}

// upload attaches a file to a document row and waits until the row shows
// it as uploaded (the progress-bar script swaps the page in place).
func (tb *tab) upload(kind, path string) {
	tb.t.Helper()
	row := `[data-testid="doc-` + kind + `"]`
	tb.do("upload "+kind,
		chromedp.SetUploadFiles(chromedp.CSS(row+` input[type=file]`), []string{path}, chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(row+` button[type=submit]`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(row+`.has-doc`)),
	)
}

// The application journey of issue 3, in Chinese in a real browser: the
// merchant fills every step, uploads real JPEG and PDF files and submits;
// the reviewer asks for a better storefront photo; the merchant uploads one
// and resubmits; the reviewer approves.
func TestApplicationFromDraftToApproved(t *testing.T) {
	p := startPortal(t)
	p.createStaff(t, auth.Reviewer, "王审核", "reviewer@bank.example", "reviewer-pass-1")
	files := t.TempDir()
	m := newTab(t, langChinese)

	wantStatus(t, m.open(p.URL+"/register"), http.StatusOK)
	m.fill("name", "王小明")
	m.fill("email", uniqueEmail("wang"))
	m.fill("phone", "13812345678")
	m.fill("password", "wang-pass-123")
	m.click(`form[action="/register"] button[type="submit"]`)
	m.click(testID("start-application"))
	m.wantText("h1", "填写 POS 机申请")

	m.selectValue("merchant_type", "enterprise")
	m.fill("legal_name", "上海浦东示例便利店有限公司")
	m.fill("shop_name", "示例便利店")
	m.fill("uscc", "91350100M000100Y43")
	m.selectValue("mcc_group", "retail")
	m.fill("province", "上海市")
	m.fill("city", "上海市")
	m.fill("district", "浦东新区")
	m.fill("address", "世纪大道100号")
	m.click(testID("save-next"))
	m.wantTextContains("main", "法人与联系人")

	m.fill("legal_rep_name", "王小明")
	m.fill("legal_rep_id_number", "110105201001010010") // valid check digit, but 16 years old
	m.fill("contact_mobile", "13812345678")
	wantStatus(t, m.click(testID("save-next")), http.StatusUnprocessableEntity)
	m.wantTextContains("main", "法定代表人或经营者须年满18周岁")
	// The rejected number is not echoed back: the field is empty again.
	m.fill("legal_rep_id_number", "11010519491231002X")
	m.click(testID("save-next"))

	m.fill("settlement_bank", "中国工商银行上海浦东分行")
	m.selectValue("settlement_account_type", "corporate")
	m.fill("settlement_account_name", "上海浦东示例便利店有限公司")
	m.fill("settlement_account_number", "1001234567890123")
	m.click(testID("save-next"))

	m.fill("expected_monthly_volume_fen", "300000")
	m.fill("average_ticket_fen", "45.50")
	m.fill("terminal_count", "2")
	m.fillCSS(`input[name="channel_mix.wechat_pay"]`, "50")
	m.fillCSS(`input[name="channel_mix.alipay"]`, "30")
	m.fillCSS(`input[name="channel_mix.debit_card"]`, "20")
	m.click(testID("save-next"))
	m.wantTextContains("main", "上传材料", "营业执照", "必传")

	m.upload("business_license", scanJPEG(t, files, "营业执照.jpg", 40))
	m.upload("legal_rep_id_front", scanJPEG(t, files, "身份证人像面.jpg", 80))
	m.upload("legal_rep_id_back", scanJPEG(t, files, "身份证国徽面.jpg", 120))
	m.upload("settlement_account_proof", scanPDF(t, files, "开户许可证.pdf"))
	m.upload("storefront_photo", scanJPEG(t, files, "门头.jpg", 160))
	m.wantTextContains(`[data-testid="doc-settlement_account_proof"]`, "开户许可证.pdf")
	m.screenshot("application-documents-zh.png")

	appPath := regexp.MustCompile(`^/applications/\d+`).FindString(m.location())
	wantStatus(t, m.open(p.URL+appPath+"/edit/review"), http.StatusOK)
	m.click(testID("submit"))
	m.wantText(testID("status"), "已提交,待审核")
	m.wantTextContains(testID("expected-decision"), "预计", "前给出审核结果")
	appURL := m.location()

	// The reviewer asks for a better storefront photo.
	r := newTab(t, langChinese)
	wantStatus(t, r.open(p.URL+"/login"), http.StatusOK)
	r.fill("email", "reviewer@bank.example")
	r.fill("password", "reviewer-pass-1")
	r.click(`form[action="/login"] button[type="submit"]`)
	wantStatus(t, r.open(p.URL+"/review"), http.StatusOK)
	r.wantTextContains(testID("review-queue"), "示例便利店")
	r.followLink("示例便利店")
	r.click(testID("claim"))
	r.wantTextContains(testID("id-number"), "11010519491231002X", "已记录")
	r.check(`input[name=decision][value=request_info]`)
	r.selectValue("reason_code", "document_illegible")
	r.check(`input[name=requested_documents][value=storefront_photo]`)
	r.fill("comment", "门头照片太暗,看不清店招,请白天重新拍摄。")
	r.submit(testID("decide"))
	r.wantLocation("/review") // back to the queue for the next one
	r.wantTextContains(".flash", "已")
	reviewURL := p.URL + "/review" + appURL[len("/applications"):]
	wantStatus(t, r.open(reviewURL), http.StatusOK)
	r.wantText(testID("status"), "待补充材料")

	// The merchant sees why, uploads a new photo and resubmits.
	wantStatus(t, m.open(p.URL+appURL), http.StatusOK)
	m.wantTextContains(testID("reviewer-request"), "材料不清晰", "门头照片太暗", "门头照片")
	// The fix hint is about a shop front, not an ID card.
	m.wantTextContains(testID("request-hint-storefront_photo"), "店招")
	if hint := m.text(testID("request-hint-storefront_photo")); strings.Contains(hint, "证件") {
		t.Errorf("storefront photo hint talks about an ID document: %q", hint)
	}
	m.screenshot("application-info-requested-zh.png")
	wantStatus(t, m.open(p.URL+appURL+"/edit/documents"), http.StatusOK)
	m.upload("storefront_photo", scanJPEG(t, files, "门头-白天.jpg", 220))
	wantStatus(t, m.open(p.URL+appURL+"/edit/review"), http.StatusOK)
	m.click(testID("submit"))
	m.wantText(testID("status"), "已提交,待审核")

	// The reviewer sees what changed, and approves.
	wantStatus(t, r.open(reviewURL), http.StatusOK)
	r.wantTextContains(testID("changes"), "门头照片")
	r.click(testID("claim"))
	r.check(`input[name=decision][value=approve]`)
	r.submit(testID("decide"))
	wantStatus(t, r.open(reviewURL), http.StatusOK)
	r.wantText(testID("status"), "审核通过")
	r.screenshot("review-approved-zh.png")

	wantStatus(t, m.open(p.URL+appURL), http.StatusOK)
	m.wantText(testID("status"), "审核通过")
	m.wantTextContains(testID("timeline"), "签约")
	m.wantTextContains(`[data-testid="timeline"] [aria-current="step"]`, "签约")
}
