package web

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
)

// staffBrowser creates a staff account with a real name and signs it in
// through the login form, reading pages in lang.
func staffBrowser(t *testing.T, p *testPortal, role auth.Role, email, name, lang string) (*client, auth.User) {
	t.Helper()
	u, err := p.auth.CreateUser(context.Background(), nil, auth.NewUser{Email: email, Password: "staff password 1", Name: name, Role: role}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	c := p.client(t).browser()
	c.header.Set("Accept-Language", lang)
	c.postForm("/login", url.Values{"email": {email}, "password": {"staff password 1"}}).wantStatus(t, http.StatusSeeOther)
	return c, u
}

// submitApplication has merchant m apply with every document the rules
// require (the business licence as a PDF, the rest as PNG photos) and
// submit.
func submitApplication(t *testing.T, p *testPortal, m *client, shop string, change map[string]any) int64 {
	t.Helper()
	fields := maps.Clone(fullApplication)
	fields["shop_name"] = shop
	maps.Copy(fields, change)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", fields).wantStatus(t, http.StatusCreated).decode(t, &app)
	base := fmt.Sprintf("/api/v1/applications/%d", app.ID)
	kinds, err := p.srv.Onboarding.RequiredKinds(context.Background(), onboarding.MerchantType(fields["merchant_type"].(string)))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range kinds {
		name, content := kind+" 照片.png", testPNG()
		if kind == "business_license" {
			name, content = "营业执照.pdf", []byte(fmt.Sprintf("%%PDF-1.4\n%% licence of %s\n%%%%EOF\n", shop))
		}
		ct, body := multipartBody(t, kind, name, content)
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
	}
	m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
	return app.ID
}

func newMerchantClient(t *testing.T, p *testPortal) *client {
	t.Helper()
	m := p.client(t).browser()
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	return m
}

// rawKey finds message keys that reached a page untranslated.
var rawKey = regexp.MustCompile(`\b(status|event|reason|field\.app|mcc|channel|review|doc|merchant_type|account_type|requirements|dashboard|role)\.[a-z_]+(\.[a-z_]+)*\b`)

func wantTranslated(t *testing.T, r response) {
	t.Helper()
	if m := rawKey.FindAllString(r.body, 5); len(m) > 0 {
		t.Errorf("%s shows untranslated keys %v", r.Request.URL.Path, m)
	}
}

func applicationStatus(t *testing.T, p *testPortal, id int64) onboarding.Application {
	t.Helper()
	a, err := p.srv.Onboarding.Get(context.Background(), auth.User{ID: 0, Role: auth.Admin}, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestReviewerWorksTheQueue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := newTestPortal(t, d)
		m := newMerchantClient(t, p)
		first := submitApplication(t, p, m, "第一便利店", nil)
		submitApplication(t, p, m, "第二便利店", nil)
		r1, rev1 := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "zh-CN")
		r2, _ := staffBrowser(t, p, auth.Reviewer, "li@bank.example", "李审核", "zh-CN")

		// The queue: oldest submission first, both waiting.
		q := r1.get("/review").wantStatus(t, http.StatusOK)
		wantBody(t, q, "审核队列", "共 2 条 · 待审核 2 条 · 已超时 0 条", "未认领", "企业")
		if i, j := strings.Index(q.body, "第一便利店"), strings.Index(q.body, "第二便利店"); i < 0 || j < i {
			t.Fatalf("queue is not FIFO: first at %d, second at %d", i, j)
		}
		wantTranslated(t, q)

		// Merchants never see the review side.
		m.get("/review").wantStatus(t, http.StatusForbidden)
		m.get(reviewURL(first)).wantStatus(t, http.StatusForbidden)

		// Claim, and the detail page shows the full ID number, audited.
		res := r1.postForm(reviewURL(first)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
		if loc := res.Header.Get("Location"); loc != reviewURL(first) {
			t.Fatalf("claim redirected to %q", loc)
		}
		page := r1.get(reviewURL(first)).wantStatus(t, http.StatusOK)
		wantBody(t, page, "已认领此申请", "11010519491231002X", "完整显示,本次查看已记录", "¥300,000.00", "¥50.00",
			"上海浦东示例便利店有限公司", "1001234567890123", `name="decision" value="approve"`, "释放回队列")
		wantTranslated(t, page)
		views, err := audit.List(ctx, d, audit.Filter{ActorID: &rev1.ID, Action: "application.id_viewed"})
		if err != nil || len(views) == 0 {
			t.Fatalf("ID view not audited: %v %v", views, err)
		}

		// The image preview is served inline but locked down; the PDF only downloads.
		previews := regexp.MustCompile(fmt.Sprintf(`/review/%d/documents/(\d+)/preview`, first)).FindAllStringSubmatch(page.body, -1)
		if len(previews) == 0 {
			t.Fatal("no image previews on the page")
		}
		img := r1.get(previews[0][0]).wantStatus(t, http.StatusOK)
		h := img.Header
		if h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") ||
			h.Get("Cache-Control") != "private, no-store" || !strings.HasPrefix(h.Get("Content-Disposition"), "inline") {
			t.Fatalf("preview headers: %v", h)
		}
		if !strings.HasPrefix(img.body, "\x89PNG") {
			t.Fatal("preview body is not the PNG")
		}
		pdfLink := regexp.MustCompile(fmt.Sprintf(`/review/%d/documents/(\d+)/download`, first)).FindAllString(page.body, -1)
		var sawPDF bool
		for _, link := range pdfLink {
			dl := r1.get(link).wantStatus(t, http.StatusOK)
			if dl.Header.Get("Content-Type") == "application/pdf" {
				sawPDF = true
				if cd := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "filename*=UTF-8''%E8%90%A5") {
					t.Fatalf("PDF disposition %q", cd)
				}
			}
		}
		if !sawPDF {
			t.Fatal("the business licence PDF is not downloadable")
		}
		if v, _ := audit.List(ctx, d, audit.Filter{ActorID: &rev1.ID, Action: "document.view"}); len(v) == 0 {
			t.Fatal("document views not audited")
		}

		// A document verdict: rejecting needs a reason.
		docID := previews[0][1]
		verdictURL := fmt.Sprintf("%s/documents/%s/verdict", reviewURL(first), docID)
		res = r1.postForm(verdictURL, url.Values{"verdict": {"rejected"}}).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "请检查", `id="doc-`+docID+`"`)
		r1.postForm(verdictURL, url.Values{"verdict": {"rejected"}, "reason": {"document_illegible"}}).wantStatus(t, http.StatusSeeOther)
		docs, _ := p.srv.Onboarding.Documents(ctx, rev1, first, false)
		var judged bool
		for _, doc := range docs {
			if strconv.FormatInt(doc.ID, 10) == docID {
				judged = doc.Verdict == onboarding.VerdictRejected && doc.VerdictReason == "document_illegible"
			}
		}
		if !judged {
			t.Fatalf("verdict not stored: %+v", docs)
		}
		wantBody(t, r1.get(reviewURL(first)), "资料核查结果已保存", "不合格", "核查人:王审核")

		// A second reviewer is told plainly who holds it, and nothing changes.
		res = r2.postForm(reviewURL(first)+"/claim", nil).wantStatus(t, http.StatusConflict)
		wantBody(t, res, "王审核 已认领此申请,您的操作未执行。", "王审核 正在审核此申请。")
		res = r2.postForm(reviewURL(first)+"/decision", url.Values{"decision": {"approve"}}).wantStatus(t, http.StatusForbidden)
		wantBody(t, res, "王审核 已认领此申请")
		if a := applicationStatus(t, p, first); a.Status != onboarding.InReview || a.Claimer() != rev1.ID {
			t.Fatalf("after refused actions: %s claimed by %d", a.Status, a.Claimer())
		}

		// request_info without a reason re-renders with the reviewer's input kept.
		ask := url.Values{"decision": {"request_info"}, "comment": {"门头照片不清晰,请在白天重新拍摄"},
			"requested_fields": {"shop_name"}, "requested_documents": {"storefront_photo"}}
		res = r1.postForm(reviewURL(first)+"/decision", ask).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "门头照片不清晰,请在白天重新拍摄", `value="shop_name" checked`, `value="storefront_photo" checked`,
			`value="request_info" checked`)
		ask.Set("reason_code", "document_illegible")
		res = r1.postForm(reviewURL(first)+"/decision", ask).wantStatus(t, http.StatusSeeOther)
		if res.Header.Get("Location") != "/review" {
			t.Fatalf("decision redirected to %q", res.Header.Get("Location"))
		}
		wantBody(t, r1.get("/review"), "已要求补充资料")
		hist, _ := p.srv.Onboarding.History(ctx, rev1, first)
		last := hist[len(hist)-1]
		if last.Event != onboarding.EvRequestInfo || last.ReasonCode != "document_illegible" || last.Comment != "门头照片不清晰,请在白天重新拍摄" ||
			strings.Join(last.Requested().Fields, ",") != "shop_name" || strings.Join(last.Requested().Documents, ",") != "storefront_photo" {
			t.Fatalf("request_info recorded as %+v %+v", last, last.Requested())
		}
		page = r1.get(reviewURL(first)).wantStatus(t, http.StatusOK)
		wantBody(t, page, "需修改的字段:", "需重新上传的资料:", "门头照片不清晰,请在白天重新拍摄", "王审核")
		if strings.Contains(page.body, `data-testid="decision-form"`) {
			t.Fatal("decision form offered after the decision")
		}

		// The merchant fixes and resubmits: the reviewer sees exactly what changed.
		base := fmt.Sprintf("/api/v1/applications/%d", first)
		m.json("PATCH", base, map[string]string{"shop_name": "第一便利店(陆家嘴店)"}).wantStatus(t, http.StatusOK)
		ct, body := multipartBody(t, "storefront_photo", "门头.png", testPNG())
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
		m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
		page = r2.get(reviewURL(first)).wantStatus(t, http.StatusOK)
		wantBody(t, page, "与上次提交相比的变更", "第一便利店(陆家嘴店)", `<td class="before">第一便利店</td>`, "已被替换", "认领审核")
		wantTranslated(t, page)

		// Resubmission puts it behind the second application in the queue.
		q = r2.get("/review").wantStatus(t, http.StatusOK)
		if i, j := strings.Index(q.body, "第二便利店"), strings.Index(q.body, "第一便利店(陆家嘴店)"); i < 0 || j < i {
			t.Fatalf("resubmission not queued last: %d %d", i, j)
		}
	})
}

func TestHighRiskNeedsASecondReviewerInThePages(t *testing.T) {
	p := newTestPortal(t, nil)
	m := newMerchantClient(t, p)
	id := submitApplication(t, p, m, "珠宝行", map[string]any{"mcc_group": "jewelry"})
	r1, _ := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "en")
	r2, _ := staffBrowser(t, p, auth.Reviewer, "li@bank.example", "李审核", "en")

	wantBody(t, r1.get("/review"), "High risk")
	r1.postForm(reviewURL(id)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
	wantBody(t, r1.get(reviewURL(id)), "your approval is the first of two")
	r1.postForm(reviewURL(id)+"/decision", url.Values{"decision": {"approve"}}).wantStatus(t, http.StatusSeeOther)
	q := r1.get("/review").wantStatus(t, http.StatusOK)
	wantBody(t, q, "First approval recorded", "1st approval given", "High risk")
	wantTranslated(t, q)

	// The first approver may claim again but is not offered approval.
	r1.postForm(reviewURL(id)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
	page := r1.get(reviewURL(id)).wantStatus(t, http.StatusOK)
	wantBody(t, page, "You gave the first approval", `value="reject"`)
	if strings.Contains(page.body, `value="approve"`) {
		t.Fatal("first approver offered a second approval")
	}
	res := r1.postForm(reviewURL(id)+"/decision", url.Values{"decision": {"approve"}}).wantStatus(t, http.StatusForbidden)
	wantBody(t, res, "needs a second approval by a different reviewer")
	r1.postForm(reviewURL(id)+"/release", nil).wantStatus(t, http.StatusSeeOther)

	r2.postForm(reviewURL(id)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
	r2.postForm(reviewURL(id)+"/decision", url.Values{"decision": {"approve"}, "comment": {"OK"}}).wantStatus(t, http.StatusSeeOther)
	if a := applicationStatus(t, p, id); a.Status != onboarding.Approved {
		t.Fatalf("status after second approval: %s", a.Status)
	}
	page = r2.get(reviewURL(id)).wantStatus(t, http.StatusOK)
	wantBody(t, page, "王审核, 李审核", "No action is possible in this status.")
}

func TestReviewQueueFiltersAndSLA(t *testing.T) {
	p := newTestPortal(t, nil)
	ctx := context.Background()
	m := newMerchantClient(t, p)
	late := submitApplication(t, p, m, "老店", nil)
	submitApplication(t, p, m, "新店", nil)
	micro := submitApplication(t, p, m, "早餐铺", map[string]any{"merchant_type": "micro", "uscc": "", "settlement_account_type": "personal",
		"settlement_account_name": "王小明", "settlement_account_number": "6222021234567890128", "expected_monthly_volume_fen": 5000000})
	// Waiting well over two business days whatever the holidays.
	old := time.Now().Add(-(20*24 + 4) * time.Hour).UTC()
	if _, err := p.db.Exec(ctx, `UPDATE applications SET submitted_at = ? WHERE id = ?`, old, late); err != nil {
		t.Fatal(err)
	}
	r, rev := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "en")

	q := r.get("/review").wantStatus(t, http.StatusOK)
	wantBody(t, q, "3 listed · 3 waiting for review · 1 past the deadline", "Overdue", "20 d 4 h", "row-late")
	if i, j := strings.Index(q.body, "老店"), strings.Index(q.body, "新店"); j < i {
		t.Fatal("the oldest submission is not first")
	}

	// Filters are plain GET parameters.
	q = r.get("/review?merchant_type=micro").wantStatus(t, http.StatusOK)
	wantBody(t, q, "早餐铺", `<option value="micro" selected>`)
	if strings.Contains(q.body, "老店") {
		t.Fatal("merchant type filter ignored")
	}
	r.postForm(reviewURL(micro)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
	q = r.get("/review?status=in_review").wantStatus(t, http.StatusOK)
	wantBody(t, q, "早餐铺", `<span class="flag flag-mine">You</span>`)
	if strings.Contains(q.body, "老店") {
		t.Fatal("status filter ignored")
	}
	q = r.get("/review?status=approved").wantStatus(t, http.StatusOK)
	wantBody(t, q, "Nothing matches this filter.")
	for _, st := range onboarding.Statuses {
		wantBody(t, q, fmt.Sprintf(`<option value="%s"`, st))
	}
	wantTranslated(t, r.get("/review?status=all"))

	// The reviewer's dashboard counts the same queue.
	dash := r.get("/dashboard").wantStatus(t, http.StatusOK)
	wantBody(t, dash, `data-testid="queue-counts"`, "Claimed by you", "Past the 2-business-day deadline", "Open the review queue")
	counts, err := p.srv.reviewQueueCounts(ctx, rev)
	if err != nil || *counts != (queueCounts{Submitted: 2, InReview: 1, Mine: 1, Breaches: 1}) {
		t.Fatalf("counts = %+v, %v", counts, err)
	}
}

func TestAdminViewsAndReleasesButDoesNotDecide(t *testing.T) {
	p := newTestPortal(t, nil)
	m := newMerchantClient(t, p)
	id := submitApplication(t, p, m, "示例店", nil)
	r, _ := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "zh-CN")
	admin, _ := staffBrowser(t, p, auth.Admin, "admin@bank.example", "赵管理", "zh-CN")

	page := admin.get(reviewURL(id)).wantStatus(t, http.StatusOK)
	wantBody(t, page, "11010519491231002X", "管理员可以查看申请")
	if strings.Contains(page.body, `data-testid="claim"`) {
		t.Fatal("admin offered a claim")
	}
	wantBody(t, admin.get("/review"), "资料要求设置")
	wantBody(t, admin.get("/dashboard"), `href="/review"`)

	r.postForm(reviewURL(id)+"/claim", nil).wantStatus(t, http.StatusSeeOther)
	page = admin.get(reviewURL(id)).wantStatus(t, http.StatusOK)
	wantBody(t, page, `data-testid="release"`)
	if strings.Contains(page.body, `data-testid="decision-form"`) {
		t.Fatal("admin offered the decision form")
	}
	admin.postForm(reviewURL(id)+"/decision", url.Values{"decision": {"approve"}}).wantStatus(t, http.StatusForbidden)
	admin.postForm(reviewURL(id)+"/release", nil).wantStatus(t, http.StatusSeeOther)
	if a := applicationStatus(t, p, id); a.Status != onboarding.Submitted || a.Claimer() != 0 {
		t.Fatalf("after admin release: %s %d", a.Status, a.Claimer())
	}
	admin.get(reviewURL(id)+"/documents/999999/preview").wantStatus(t, http.StatusNotFound)
	admin.get("/review/999999").wantStatus(t, http.StatusNotFound)
}

func TestAdminEditsDocumentRequirements(t *testing.T) {
	p := newTestPortal(t, nil)
	ctx := context.Background()
	admin, _ := staffBrowser(t, p, auth.Admin, "admin@bank.example", "赵管理", "zh-CN")
	reviewer, _ := staffBrowser(t, p, auth.Reviewer, "wang@bank.example", "王审核", "zh-CN")
	reviewer.get("/admin/requirements").wantStatus(t, http.StatusForbidden)

	page := admin.get("/admin/requirements").wantStatus(t, http.StatusOK)
	wantBody(t, page, "申请资料要求", "小微商户", "经营场所证明")
	wantTranslated(t, page)
	checked := formValues(page.body)
	form := url.Values{}
	for _, c := range checked {
		if c != "enterprise:storefront_photo" {
			form.Add("required", c)
		}
	}
	if len(form["required"]) != len(checked)-1 {
		t.Fatalf("enterprise storefront photo not required by default: %v", checked)
	}
	form.Add("required", "enterprise:tax_registration")
	admin.postForm("/admin/requirements", form).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/requirements"), "资料要求已保存", `value="enterprise:tax_registration" checked`)

	kinds, err := p.srv.Onboarding.RequiredKinds(ctx, onboarding.Enterprise)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(kinds, ","); got != "business_license,tax_registration,legal_rep_id_front,legal_rep_id_back,settlement_account_proof" {
		t.Fatalf("enterprise requires %s", got)
	}
	events, _ := audit.List(ctx, p.db, audit.Filter{Action: "requirement.set"})
	if len(events) != 2 {
		t.Fatalf("%d requirement changes audited, want 2", len(events))
	}
	// Saving the same table again changes nothing.
	admin.postForm("/admin/requirements", url.Values{"required": formValues(admin.get("/admin/requirements").body)}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, admin.get("/admin/requirements"), "没有任何修改。")
}

// formValues lists the requirement checkboxes a page shows ticked.
func formValues(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`value="([a-z_]+:[a-z_]+)" checked`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}
