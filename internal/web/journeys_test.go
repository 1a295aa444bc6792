package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/onboarding"
)

// wantInvalid checks that the page marks field invalid and points it, by
// aria-describedby, at a message element beside it that says want.
func wantInvalid(t *testing.T, r response, field, want string) {
	t.Helper()
	input := regexp.MustCompile(`<(?:input|select|textarea)[^>]*\bid="` + regexp.QuoteMeta(field) + `"[^>]*>`).FindString(r.body)
	if input == "" {
		t.Fatalf("%s: no input #%s", r.Request.URL.Path, field)
	}
	if !strings.Contains(input, `aria-invalid="true"`) {
		t.Errorf("%s: #%s not marked invalid: %s", r.Request.URL.Path, field, input)
	}
	m := regexp.MustCompile(`aria-describedby="([^"]*)"`).FindStringSubmatch(input)
	if m == nil {
		t.Fatalf("%s: #%s has no aria-describedby: %s", r.Request.URL.Path, field, input)
	}
	for _, id := range strings.Fields(m[1]) {
		if msg := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(r.body); msg != nil && strings.Contains(msg[1], want) {
			return
		}
	}
	t.Errorf("%s: #%s is described by %q, none of which says %q", r.Request.URL.Path, field, m[1], want)
}

func historyCount(t *testing.T, p *testPortal, id int64, ev onboarding.Event) int {
	t.Helper()
	var n int
	if err := p.db.Get(context.Background(), &n, `SELECT COUNT(*) FROM application_events WHERE application_id = ? AND event = ?`, id, ev); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCrossFieldRulesOnTheirStep(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := newMerchantClient(t, p)
		m.header.Set("Accept-Language", "zh-CN")
		loc := m.postForm("/applications", nil).wantStatus(t, http.StatusSeeOther).Header.Get("Location")
		base := strings.TrimSuffix(loc, "/edit/business")

		// The USCC is marked required (an enterprise or 个体工商户 needs one)
		// and leaving it empty is refused on this step, beside the field.
		step := m.get(loc).wantStatus(t, http.StatusOK)
		if !regexp.MustCompile(`<label for="uscc">[^<]*<span class="req"`).MatchString(step.body) {
			t.Error("the USCC label is not marked required")
		}
		business := url.Values{"merchant_type": {"individual_business"}, "legal_name": {"浦东新区王小明便利店"}, "shop_name": {"王小明便利店"},
			"uscc": {""}, "mcc_group": {"retail"}, "province": {"上海市"}, "city": {"上海市"}, "district": {"浦东新区"}, "address": {"世纪大道100号"}}
		res := m.postForm(base+"/edit/business", business).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "uscc", "统一社会信用代码")
		business.Set("uscc", "91350100M000100Y43")
		m.postForm(base+"/edit/business", business).wantStatus(t, http.StatusSeeOther)
		m.postForm(base+"/edit/people", url.Values{"legal_rep_name": {"王小明"}, "legal_rep_id_number": {"11010519491231002X"},
			"contact_mobile": {"13812345678"}}).wantStatus(t, http.StatusSeeOther)

		// The holder of an individual business's account is the operator.
		settlement := url.Values{"settlement_bank": {"中国工商银行"}, "settlement_account_type": {"personal"},
			"settlement_account_name": {"浦东新区王小明便利店"}, "settlement_account_number": {"6222021234567890128"}}
		res = m.postForm(base+"/edit/settlement", settlement).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "settlement_account_name", "经营者姓名")
		// A personal card failing its check digit.
		settlement.Set("settlement_account_name", "王小明")
		settlement.Set("settlement_account_number", "6222021234567890127")
		res = m.postForm(base+"/edit/settlement", settlement).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "settlement_account_number", "")
		settlement.Set("settlement_account_number", "6222021234567890128")
		m.postForm(base+"/edit/settlement", settlement).wantStatus(t, http.StatusSeeOther)

		// A channel mix of 90 %.
		volume := url.Values{"expected_monthly_volume_fen": {"50000"}, "average_ticket_fen": {"40"}, "terminal_count": {"1"},
			"channel_mix.wechat_pay": {"60"}, "channel_mix.alipay": {"30"}}
		res = m.postForm(base+"/edit/volume", volume).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "channel_mix.wechat_pay", "100%")
		wantInvalid(t, res, "channel_mix.alipay", "100%")
		volume.Set("channel_mix.alipay", "40")
		m.postForm(base+"/edit/volume", volume).wantStatus(t, http.StatusSeeOther)

		// What is left at submit links to the step and the field.
		var app applicationJSON
		id, _ := strconv.ParseInt(strings.TrimPrefix(base, "/applications/"), 10, 64)
		api := fmt.Sprintf("/api/v1/applications/%d", id)
		// A later change of the operator's name breaks the holder rule
		// without touching the settlement step: submit catches it.
		m.json("PATCH", api, map[string]string{"legal_rep_name": "王大明"}).wantStatus(t, http.StatusOK).decode(t, &app)
		res = m.postForm(base+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity)
		wantTranslated(t, res)
		wantBody(t, res, `href="`+base+`/edit/settlement#settlement_account_name"`, `href="`+base+`/edit/documents#doc-business_license"`)
		if !strings.Contains(m.get(base+"/edit/documents").body, `id="doc-business_license"`) {
			t.Error("the documents step has no anchor for a document kind")
		}

		// The API names the field a cross-field rule refuses (§8 fields).
		e := m.json("PATCH", api, map[string]any{"channel_mix": map[string]int{"alipay": 120 - 30}}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if !strings.Contains(e.Error.Fields["channel_mix"], "100%") {
			t.Fatalf("PATCH with a 90%% mix: %+v", e)
		}
		e = m.json("PATCH", api, map[string]string{"settlement_account_name": "某某公司"}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["settlement_account_name"] == "" {
			t.Fatalf("PATCH with a wrong holder: %+v", e)
		}
	})
}

// requestInfo has a reviewer claim id and ask for fields and documents.
func requestInfo(t *testing.T, r *client, id int64, fields, docs []string) {
	t.Helper()
	base := fmt.Sprintf("/api/v1/applications/%d", id)
	r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusOK)
	r.json("POST", base+"/decision", map[string]any{"decision": "request_info", "reason_code": "information_mismatch",
		"comment": "店名与门头不符,请核对", "requested": map[string]any{"fields": fields, "documents": docs}}).wantStatus(t, http.StatusOK)
}

func TestResubmissionMustAnswerTheRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := newMerchantClient(t, p)
		m.header.Set("Accept-Language", "zh-CN")
		id := submitApplication(t, p, m, "示例便利店", nil)
		api := fmt.Sprintf("/api/v1/applications/%d", id)
		page := fmt.Sprintf("/applications/%d", id)
		r, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "李审核", "zh-CN")

		var app applicationJSON
		m.get(api).wantStatus(t, http.StatusOK).decode(t, &app)
		if app.ReviewDueAt == nil || app.OpenRequest != nil || !app.ReviewDueAt.After(*app.SubmittedAt) {
			t.Fatalf("submitted: review_due_at %v open_request %v", app.ReviewDueAt, app.OpenRequest)
		}
		// Queue items carry the deadline and the overdue flag.
		var queue map[string][]map[string]any
		r.get("/api/v1/applications?status=submitted").wantStatus(t, http.StatusOK).decode(t, &queue)
		if q := queue["applications"]; len(q) != 1 || q[0]["review_due_at"] == nil || q[0]["overdue"] != false {
			t.Fatalf("queue item: %v", queue)
		}

		requestInfo(t, r, id, []string{"shop_name", "channel_mix"}, []string{"storefront_photo"})
		var raw map[string]any
		m.get(api).wantStatus(t, http.StatusOK).decode(t, &raw)
		open, _ := raw["open_request"].(map[string]any)
		if raw["review_due_at"] != nil || open == nil || open["reason_code"] != "information_mismatch" || open["reason"] == "" ||
			open["hint"] == "" || open["comment"] != "店名与门头不符,请核对" || open["requested_at"] == nil ||
			fmt.Sprint(open["fields"]) != "[shop_name channel_mix]" || fmt.Sprint(open["documents"]) != "[storefront_photo]" {
			t.Fatalf("info_requested: %v", raw)
		}

		// The steps mark what was asked for.
		wantBody(t, m.get(page+"/edit/business").wantStatus(t, http.StatusOK), `data-testid="requested-shop_name"`, `data-testid="open-request"`)
		wantBody(t, m.get(page+"/edit/volume").wantStatus(t, http.StatusOK), `data-testid="requested-channel_mix"`)
		docsStep := m.get(page+"/edit/documents").wantStatus(t, http.StatusOK)
		wantBody(t, docsStep, `data-testid="requested-doc-storefront_photo"`)
		wantTranslated(t, docsStep)

		// Unchanged: refused on the page and in the API, listing what is open.
		res := m.postForm(page+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "审核员的要求还没有答复", `href="`+page+`/edit/business#shop_name"`, `href="`+page+`/edit/documents#doc-storefront_photo"`)
		wantInvalid(t, res, "reply", "说明")
		wantTranslated(t, res)
		e := m.json("POST", api+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["shop_name"] == "" || e.Error.Fields["documents.storefront_photo"] == "" {
			t.Fatalf("unchanged resubmission: %+v", e)
		}
		if n := historyCount(t, p, id, onboarding.EvSubmit); n != 1 {
			t.Fatalf("%d submissions recorded", n)
		}

		// The name fixed, the photo kept with a written reply: accepted.
		m.json("PATCH", api, map[string]any{"shop_name": "示例便利店(陆家嘴店)", "channel_mix": map[string]int{"wechat_pay": 70, "alipay": 30}}).
			wantStatus(t, http.StatusOK)
		e = m.json("POST", api+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if _, still := e.Error.Fields["shop_name"]; still || e.Error.Fields["documents.storefront_photo"] == "" {
			t.Fatalf("after fixing the name: %+v", e)
		}
		m.json("POST", api+"/submit", map[string]string{"reply": "门头照片是本周新拍的,招牌已更换为新店名。"}).wantStatus(t, http.StatusOK).decode(t, &app)
		if app.Status != "submitted" || app.ReviewDueAt == nil || app.OpenRequest != nil {
			t.Fatalf("resubmitted: %+v", app)
		}

		// The reviewer sees the reply with the changes and in the history.
		detail := r.get("/review/"+strconv.FormatInt(id, 10)).wantStatus(t, http.StatusOK)
		wantBody(t, detail, `data-testid="merchant-reply"`, "门头照片是本周新拍的")
	})
}

func TestResubmissionReplyFromThePage(t *testing.T) {
	p := newTestPortal(t, nil)
	m := newMerchantClient(t, p)
	id := submitApplication(t, p, m, "示例便利店", nil)
	r, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "李审核", "en")
	requestInfo(t, r, id, nil, []string{"storefront_photo"})
	page := fmt.Sprintf("/applications/%d", id)
	wantBody(t, m.get(page+"/edit/review").wantStatus(t, http.StatusOK), `<textarea id="reply" name="reply"`)
	m.postForm(page+"/submit", url.Values{"reply": {"The photo is current; the sign was repainted."}}).wantStatus(t, http.StatusSeeOther)
	h, err := p.srv.Onboarding.History(context.Background(), auth.User{Role: auth.Admin}, id)
	if err != nil {
		t.Fatal(err)
	}
	if last := h[len(h)-1]; last.Event != onboarding.EvSubmit || last.Comment != "The photo is current; the sign was repainted." {
		t.Fatalf("history ends with %+v", last)
	}
}

func TestSubmitTwiceIsOneSubmission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := newMerchantClient(t, p)
		m.header.Set("Accept-Language", "zh-CN")
		var app applicationJSON
		m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
		for _, kind := range enterpriseDocs {
			ct, body := multipartBody(t, kind, kind+".png", testPNG())
			m.do("POST", fmt.Sprintf("/api/v1/applications/%d/documents", app.ID), ct, body).wantStatus(t, http.StatusCreated)
		}
		page := fmt.Sprintf("/applications/%d", app.ID)
		// Two presses at once, as a double click sends them.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = m.postForm(page+"/submit", nil).StatusCode
			}()
		}
		wg.Wait()
		if codes[0] != http.StatusSeeOther || codes[1] != http.StatusSeeOther {
			t.Fatalf("double submit answered %v", codes)
		}
		// And once more later (a reload of the POST).
		res := m.postForm(page+"/submit", nil).wantStatus(t, http.StatusSeeOther)
		if res.Header.Get("Location") != page {
			t.Fatalf("repeat submit went to %q", res.Header.Get("Location"))
		}
		wantBody(t, m.get(page).wantStatus(t, http.StatusOK), "已经提交过")
		if n := historyCount(t, p, app.ID, onboarding.EvSubmit); n != 1 {
			t.Fatalf("%d submit transitions recorded", n)
		}
	})
}

func TestDashboardShowsEveryApplication(t *testing.T) {
	p := newTestPortal(t, nil)
	m := newMerchantClient(t, p)
	m.header.Set("Accept-Language", "zh-CN")
	first := submitApplication(t, p, m, "世纪大道店", nil)
	second := submitApplication(t, p, m, "陆家嘴店", nil)
	r, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "李审核", "zh-CN")
	r.json("POST", fmt.Sprintf("/api/v1/applications/%d/claim", first), nil).wantStatus(t, http.StatusOK)
	r.json("POST", fmt.Sprintf("/api/v1/applications/%d/decision", first), map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)
	// A new, empty draft on top.
	m.postForm("/applications", nil).wantStatus(t, http.StatusSeeOther)

	dash := m.get("/dashboard").wantStatus(t, http.StatusOK)
	wantTranslated(t, dash)
	if n := strings.Count(dash.body, `data-testid="dashboard-application"`); n != 3 {
		t.Fatalf("dashboard lists %d applications, want 3", n)
	}
	wantBody(t, dash, "世纪大道店", "陆家嘴店", "审核通过", `href="/applications/`+strconv.FormatInt(first, 10)+`"`)
	// The one in review shows its expected decision date, and only it.
	var app applicationJSON
	m.get(fmt.Sprintf("/api/v1/applications/%d", second)).decode(t, &app)
	if n := strings.Count(dash.body, `data-testid="dashboard-due"`); n != 1 || app.ReviewDueAt == nil {
		t.Fatalf("%d due dates shown", n)
	}
	wantBody(t, dash, Page{Lang: "zh-CN"}.Date(app.ReviewDueAt))
	// The timeline follows the furthest application, not the newest draft.
	wantBody(t, dash, `<li class="current" aria-current="step">`)
	if !regexp.MustCompile(`class="current" aria-current="step">\s*<span class="dot">3</span>`).MatchString(dash.body) {
		t.Error("the timeline does not stand at the contract stage of the approved application")
	}
}

func TestContractPageErrorsAndSignedLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		ctx := context.Background()
		if err := demo.SeedCatalog(ctx, p.srv.Catalog); err != nil {
			t.Fatal(err)
		}
		plans, _ := p.srv.Catalog.Plans(ctx)
		models, _ := p.srv.Catalog.Models(ctx, catalog.Filter{})
		// A plan and a model it does not price.
		var planID, offMID int64
		var offered []string
	find:
		for _, pl := range plans {
			priced := map[int64]bool{}
			for _, tp := range pl.TerminalPrices {
				priced[tp.ModelID] = true
			}
			for _, mo := range models {
				if !priced[mo.ID] && len(pl.TerminalPrices) > 0 {
					planID, offMID = pl.ID, mo.ID
					for _, tp := range pl.TerminalPrices {
						for _, m2 := range models {
							if m2.ID == tp.ModelID {
								offered = append(offered, m2.BrandName+" "+m2.Name)
							}
						}
					}
					break find
				}
			}
		}
		if planID == 0 {
			t.Fatal("the demo catalog has no plan that leaves a model out")
		}
		m := newMerchantClient(t, p)
		m.header.Set("Accept-Language", "zh-CN")
		id := submitApplication(t, p, m, "示例便利店", nil)
		r, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "李审核", "zh-CN")
		r.json("POST", fmt.Sprintf("/api/v1/applications/%d/claim", id), nil).wantStatus(t, http.StatusOK)
		r.json("POST", fmt.Sprintf("/api/v1/applications/%d/decision", id), map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)
		page := fmt.Sprintf("/applications/%d", id)

		mid := strconv.FormatInt(offMID, 10)
		res := m.postForm(page+"/contract", url.Values{"fee_plan_id": {strconv.FormatInt(planID, 10)}, "model_id": {mid},
			"quantity_" + mid: {"2"}, "acquisition_" + mid: {"purchase"}}).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "fee_plan_id", offered[0])
		for _, name := range offered {
			wantBody(t, res, name)
		}
		// The choice is kept.
		wantBody(t, res, `value="`+strconv.FormatInt(planID, 10)+`" selected`, `name="quantity_`+mid+`" type="number" min="0" max="50" value="2"`)

		okMID := strconv.FormatInt(firstPriced(plans, planID), 10)
		m.postForm(page+"/contract", url.Values{"fee_plan_id": {strconv.FormatInt(planID, 10)}, "model_id": {okMID},
			"quantity_" + okMID: {"1"}, "acquisition_" + okMID: {"purchase"}}).wantStatus(t, http.StatusSeeOther)
		contract := m.get(page+"/contract").wantStatus(t, http.StatusOK)
		// The consent checkbox and its label are one control.
		wantBody(t, contract, `<input type="checkbox" id="consent" name="consent" value="yes">`, `<label for="consent">`)
		res = m.postForm(page+"/contract/sign", url.Values{"signer_name": {"张三"}, "consent": {"yes"}}).wantStatus(t, http.StatusUnprocessableEntity)
		wantInvalid(t, res, "signer_name", "签署人姓名须与")
		wantBody(t, res, `id="consent" name="consent" value="yes" checked`)
		m.postForm(page+"/contract/sign", url.Values{"signer_name": {"王小明"}, "consent": {"yes"}}).wantStatus(t, http.StatusSeeOther)

		// Booked: the overview still links the signed contract.
		merchant := auth.User{ID: applicationStatus(t, p, id).MerchantID, Role: auth.Merchant}
		if err := p.db.InTx(ctx, func(tx *db.Tx) error {
			_, err := p.srv.Onboarding.FireInTx(ctx, tx, id, onboarding.EvBookInstallation, merchant, "ip")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		over := m.get(page).wantStatus(t, http.StatusOK)
		wantBody(t, over, `href="`+page+`/contract.pdf" data-testid="signed-contract-pdf"`, `href="`+page+`/contract" data-testid="contract-link"`)
		if pdf := m.get(page+"/contract.pdf").wantStatus(t, http.StatusOK); !strings.HasPrefix(pdf.body, "%PDF-") {
			t.Fatal("the signed contract link does not give the PDF")
		}
	})
}

func firstPriced(plans []catalog.Plan, planID int64) int64 {
	for _, pl := range plans {
		if pl.ID == planID {
			return pl.TerminalPrices[0].ModelID
		}
	}
	return 0
}

func TestRejectedDocumentHintFitsItsKind(t *testing.T) {
	p := newTestPortal(t, nil)
	m := newMerchantClient(t, p)
	m.header.Set("Accept-Language", "zh-CN")
	id := submitApplication(t, p, m, "示例便利店", nil)
	r, _ := staffBrowser(t, p, auth.Reviewer, "r@bank.example", "李审核", "zh-CN")
	r.postForm(fmt.Sprintf("/review/%d/claim", id), nil).wantStatus(t, http.StatusSeeOther)
	docs, err := p.srv.Onboarding.Documents(context.Background(), auth.User{ID: applicationStatus(t, p, id).MerchantID, Role: auth.Merchant}, id, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		if doc.Kind == "storefront_photo" || doc.Kind == "legal_rep_id_front" {
			r.postForm(fmt.Sprintf("/review/%d/documents/%d/verdict", id, doc.ID), url.Values{"verdict": {"rejected"}, "reason": {"document_illegible"}}).
				wantStatus(t, http.StatusSeeOther)
		}
	}
	requestInfo2 := url.Values{"decision": {"request_info"}, "reason_code": {"document_illegible"}, "comment": {"请重新拍摄"},
		"requested_documents": {"storefront_photo", "legal_rep_id_front"}}
	r.postForm(fmt.Sprintf("/review/%d/decision", id), requestInfo2).wantStatus(t, http.StatusSeeOther)

	step := m.get(fmt.Sprintf("/applications/%d/edit/documents", id)).wantStatus(t, http.StatusOK)
	hint := regexp.MustCompile(`data-testid="doc-hint-storefront_photo">([^<]*)<`).FindStringSubmatch(step.body)
	if hint == nil || !strings.Contains(hint[1], "门头") || strings.Contains(hint[1], "证件") {
		t.Fatalf("storefront photo hint: %v", hint)
	}
	id2 := regexp.MustCompile(`data-testid="doc-hint-legal_rep_id_front">([^<]*)<`).FindStringSubmatch(step.body)
	if id2 == nil || !strings.Contains(id2[1], "证件") {
		t.Fatalf("ID card hint: %v", id2)
	}
	over := m.get(fmt.Sprintf("/applications/%d", id)).wantStatus(t, http.StatusOK)
	for _, id := range []string{"verdict-hint-storefront_photo", "request-hint-storefront_photo"} {
		if h := regexp.MustCompile(`data-testid="` + id + `">([^<]*)<`).FindStringSubmatch(over.body); h == nil || !strings.Contains(h[1], "门头") || strings.Contains(h[1], "证件") {
			t.Errorf("overview %s: %v", id, h)
		}
	}
	wantTranslated(t, over)
}
