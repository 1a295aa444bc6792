package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

// multipartBody builds an upload the way a browser does.
func multipartBody(t *testing.T, kind, filename string, content []byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if kind != "" {
		w.WriteField("kind", kind)
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	return w.FormDataContentType(), &buf
}

var pngSeq int

func testPNG() []byte {
	pngSeq++
	return append([]byte("\x89PNG\r\n\x1a\n"), []byte(fmt.Sprintf("IHDR test image %d", pngSeq))...)
}

var fullApplication = map[string]any{
	"merchant_type": "enterprise", "legal_name": "上海浦东示例便利店有限公司", "shop_name": "示例便利店",
	"uscc": "91350100M000100Y43", "mcc_group": "retail", "province": "上海市", "city": "上海市", "district": "浦东新区",
	"address": "世纪大道100号", "legal_rep_name": "王小明", "legal_rep_id_number": "11010519491231002X",
	"contact_mobile": "13812345678", "contact_email": "shop@example.com", "settlement_bank": "中国工商银行",
	"settlement_account_type": "corporate", "settlement_account_name": "上海浦东示例便利店有限公司",
	"settlement_account_number": "1001234567890123", "expected_monthly_volume_fen": 30000000, "average_ticket_fen": 5000,
	"channel_mix": map[string]int{"wechat_pay": 50, "alipay": 30, "debit_card": 20}, "terminal_count": 2,
}

var enterpriseDocs = []string{"business_license", "legal_rep_id_front", "legal_rep_id_back", "settlement_account_proof", "storefront_photo"}

func TestAPIApplicationLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		m := p.client(t)
		m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)

		var app applicationJSON
		m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
		if app.Status != "draft" || app.LegalRepIDNumberMasked != "110***********002X" || app.LegalRepIDNumber != "" {
			t.Fatalf("created: %+v", app)
		}
		base := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10)

		e := m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["documents.business_license"] == "" {
			t.Fatalf("submit without documents: %+v", e)
		}
		for _, kind := range enterpriseDocs {
			ct, body := multipartBody(t, kind, kind+" 扫描件.png", testPNG())
			var doc map[string]any
			m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated).decode(t, &doc)
			for _, k := range []string{"id", "kind", "filename", "content_type", "size", "sha256"} {
				if _, ok := doc[k]; !ok {
					t.Fatalf("upload response lacks %q: %v", k, doc)
				}
			}
		}
		m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK).decode(t, &app)
		if app.Status != "submitted" || app.SubmittedAt == nil {
			t.Fatalf("submitted: %+v", app)
		}
		m.json("PATCH", base, map[string]string{"shop_name": "改名"}).wantStatus(t, http.StatusConflict)

		p.createUser(t, "reviewer", "r@bank.example")
		r := p.client(t)
		r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
		var list struct{ Applications []applicationJSON }
		r.get("/api/v1/applications?status=submitted").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Applications) != 1 || list.Applications[0].LegalRepIDNumber != "" {
			t.Fatalf("queue: %+v", list.Applications)
		}
		r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusOK)
		var full applicationJSON
		r.get(base).wantStatus(t, http.StatusOK).decode(t, &full)
		if full.LegalRepIDNumber != "11010519491231002X" {
			t.Fatalf("reviewer sees ID %q", full.LegalRepIDNumber)
		}
		e = r.json("POST", base+"/decision", map[string]any{"decision": "reject", "comment": "x"}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if e.Error.Fields["reason_code"] == "" {
			t.Fatalf("reject without reason: %+v", e)
		}
		r.json("POST", base+"/decision", map[string]any{"decision": "request_info", "reason_code": "document_illegible",
			"comment": "门头照片太暗", "requested": map[string]any{"fields": []string{}, "documents": []string{"storefront_photo"}}}).wantStatus(t, http.StatusOK)

		var events struct {
			Events []struct {
				Event, From, To, Comment string
				Requested                *struct{ Documents []string }
			}
		}
		m.get(base+"/events").wantStatus(t, http.StatusOK).decode(t, &events)
		last := events.Events[len(events.Events)-1]
		if last.Event != "request_info" || last.Comment != "门头照片太暗" || last.Requested == nil || last.Requested.Documents[0] != "storefront_photo" {
			t.Fatalf("merchant sees %+v", last)
		}
		pdfRes := m.get(base+"/summary.pdf").wantStatus(t, http.StatusOK)
		if pdfRes.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdfRes.body, "%PDF-") {
			t.Fatalf("summary.pdf: %v", pdfRes.Header)
		}

		other := p.client(t)
		other.json("POST", "/api/v1/register", map[string]string{"email": "b@example.com", "password": "correct horse 2", "name": "李四", "phone": "13912345678"}).wantStatus(t, http.StatusCreated)
		other.get(base).wantStatus(t, http.StatusNotFound)
		other.get(base+"/summary.pdf").wantStatus(t, http.StatusNotFound)
		other.get(base+"/documents").wantStatus(t, http.StatusNotFound)
		ct, body := multipartBody(t, "storefront_photo", "x.png", testPNG())
		other.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusNotFound)
	})
}

func TestAPIUploadRefusals(t *testing.T) {
	p := newTestPortal(t, nil)
	m := p.client(t)
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", map[string]any{"merchant_type": "micro"}).wantStatus(t, http.StatusCreated).decode(t, &app)
	base := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10)

	elf := append([]byte("\x7fELF\x02\x01\x01"), bytes.Repeat([]byte{0}, 64)...)
	ct, body := multipartBody(t, "storefront_photo", "invoice.pdf", elf)
	if e := m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusUnsupportedMediaType).apiError(t); e.Error.Code != "unsupported" {
		t.Fatalf("code %s", e.Error.Code)
	}
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 10<<20)...)
	ct, body = multipartBody(t, "storefront_photo", "big.pdf", big)
	m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusRequestEntityTooLarge).apiError(t)

	img := testPNG()
	ct, body = multipartBody(t, "storefront_photo", "a.png", img)
	var doc struct{ ID int64 }
	m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated).decode(t, &doc)
	ct, body = multipartBody(t, "premises_proof", "same.png", img)
	m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusConflict)
	ct, body = multipartBody(t, "passport", "p.png", testPNG())
	m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusUnprocessableEntity)

	dl := m.get(base+"/documents/"+strconv.FormatInt(doc.ID, 10)).wantStatus(t, http.StatusOK)
	if !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") || dl.Header.Get("X-Content-Type-Options") != "nosniff" ||
		dl.Header.Get("Content-Type") != "image/png" || dl.body != string(img) {
		t.Fatalf("download headers %v", dl.Header)
	}
	m.json("DELETE", base+"/documents/"+strconv.FormatInt(doc.ID, 10), nil).wantStatus(t, http.StatusNoContent)
	m.get(base+"/documents/"+strconv.FormatInt(doc.ID, 10)).wantStatus(t, http.StatusNotFound)
}

func TestMerchantApplicationPages(t *testing.T) {
	p := newTestPortal(t, nil)
	c := p.client(t).browser()
	c.header.Set("Accept-Language", "zh-CN")
	c.postForm("/register", url.Values{"email": {"shop@example.com"}, "name": {"王小明"}, "phone": {"13812345678"}, "password": {"correct horse 1"}}).
		wantStatus(t, http.StatusSeeOther)
	wantBody(t, c.get("/dashboard"), "开始填写申请")

	res := c.postForm("/applications", nil).wantStatus(t, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	id := regexp.MustCompile(`/applications/(\d+)/edit/business`).FindStringSubmatch(loc)
	if id == nil {
		t.Fatalf("Location %q", loc)
	}
	base := "/applications/" + id[1]
	wantBody(t, c.get(loc).wantStatus(t, http.StatusOK), "商户信息", "统一社会信用代码", `aria-current="step"`)

	// A bad USCC comes back with the message and the typed values kept.
	bad := url.Values{"merchant_type": {"enterprise"}, "legal_name": {"上海浦东示例便利店有限公司"}, "shop_name": {"示例便利店"},
		"uscc": {"91350100M000100Y44"}, "mcc_group": {"retail"}, "province": {"上海市"}, "city": {"上海市"}, "district": {"浦东新区"}, "address": {"世纪大道100号"}}
	res = c.postForm(base+"/edit/business", bad).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "统一社会信用代码校验不通过", `value="上海浦东示例便利店有限公司"`)

	good := bad
	good.Set("uscc", "91350100M000100Y43")
	res = c.postForm(base+"/edit/business", good).wantStatus(t, http.StatusSeeOther)
	if res.Header.Get("Location") != base+"/edit/people" {
		t.Fatalf("next step %q", res.Header.Get("Location"))
	}
	c.postForm(base+"/edit/people", url.Values{"legal_rep_name": {"王小明"}, "legal_rep_id_number": {"11010519491231002X"},
		"contact_mobile": {"13812345678"}, "contact_email": {"shop@example.com"}}).wantStatus(t, http.StatusSeeOther)
	people := c.get(base+"/edit/people").wantStatus(t, http.StatusOK)
	wantBody(t, people, "110***********002X")
	if strings.Contains(people.body, "11010519491231002X") {
		t.Fatal("the full ID number was sent back to the browser")
	}
	c.postForm(base+"/edit/settlement", url.Values{"settlement_bank": {"中国工商银行"}, "settlement_account_type": {"corporate"},
		"settlement_account_name": {"上海浦东示例便利店有限公司"}, "settlement_account_number": {"1001234567890123"}}).wantStatus(t, http.StatusSeeOther)
	res = c.postForm(base+"/edit/volume", url.Values{"expected_monthly_volume_fen": {"30万"}, "average_ticket_fen": {"50"}, "terminal_count": {"2"}}).
		wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "请输入金额")
	c.postForm(base+"/edit/volume", url.Values{"expected_monthly_volume_fen": {"300000"}, "average_ticket_fen": {"50.00"}, "terminal_count": {"2"},
		"channel_mix.wechat_pay": {"60"}, "channel_mix.alipay": {"40"}}).wantStatus(t, http.StatusSeeOther)

	// The fee calculator now starts from what the merchant told the bank:
	// ¥300,000 a month at ¥50 is 6,000 payments, 60% of them WeChat Pay.
	wantBody(t, c.get("/fees").wantStatus(t, http.StatusOK), `data-testid="prefilled"`, `name="wechat_pay_count" inputmode="numeric" value="3600"`)

	// Submitting now lists the missing documents.
	res = c.postForm(base+"/submit", nil).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "还差以下内容才能提交", "营业执照", "门头照片")

	for _, kind := range enterpriseDocs {
		ct, body := multipartBody(t, kind, kind+".png", testPNG())
		c.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusSeeOther)
	}
	ct, body := multipartBody(t, "tax_registration", "evil.pdf", []byte("MZ\x90\x00 this is a windows executable"))
	// A refused no-JS upload redirects back to the step (Post/Redirect/Get):
	// the error shows once there, and a reload is the plain step, not a 405.
	refused := c.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusSeeOther)
	back := refused.Header.Get("Location")
	if !strings.HasPrefix(back, base+"/edit/documents") {
		t.Fatalf("refused upload went to %q", back)
	}
	shown := c.get(back).wantStatus(t, http.StatusOK)
	wantBody(t, shown, "只能上传", `role="alert"`)
	if reload := c.get(back).wantStatus(t, http.StatusOK); strings.Contains(reload.body, "只能上传") {
		t.Fatal("the upload error shows again on reload")
	}
	wantBody(t, c.get(base+"/edit/documents"), "business_license.png", "重新上传")

	c.postForm(base+"/submit", nil).wantStatus(t, http.StatusSeeOther)
	over := c.get(base).wantStatus(t, http.StatusOK)
	wantBody(t, over, "申请已提交", "已提交,待审核", "预计", "300,000.00", "提交申请")
	wantBody(t, c.get("/dashboard"), `status-submitted`)
	wantBody(t, c.get("/applications"), "示例便利店")
}

func TestAPIApplicationRefusals(t *testing.T) {
	p := newTestPortal(t, nil)
	m := p.client(t)
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)

	t.Run("wrong check digits and under-age ID", func(t *testing.T) {
		e := m.json("POST", "/api/v1/applications", map[string]any{"uscc": "91350100M000100Y44", "legal_rep_id_number": "110105201001010010",
			"settlement_account_number": "62220212345678901x"}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if !strings.Contains(e.Error.Fields["uscc"], "校验不通过") || !strings.Contains(e.Error.Fields["legal_rep_id_number"], "18") {
			t.Fatalf("fields %v", e.Error.Fields)
		}
	})
	t.Run("unknown field", func(t *testing.T) {
		m.json("POST", "/api/v1/applications", map[string]any{"shop": "x"}).wantStatus(t, http.StatusBadRequest)
	})

	var app applicationJSON
	m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
	base := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10)

	t.Run("path traversal filename is reduced to its base name", func(t *testing.T) {
		ct, body := multipartBody(t, "business_license", "../../etc/passwd.png", testPNG())
		var doc struct{ Filename string }
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated).decode(t, &doc)
		if strings.Contains(doc.Filename, "/") || strings.Contains(doc.Filename, "..") {
			t.Fatalf("stored filename %q", doc.Filename)
		}
	})
	t.Run("decision from a merchant", func(t *testing.T) {
		m.json("POST", base+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusForbidden)
		m.json("POST", base+"/claim", nil).wantStatus(t, http.StatusForbidden)
	})
	t.Run("installer", func(t *testing.T) {
		p.createUser(t, "installer", "i@bank.example")
		i := p.client(t)
		i.json("POST", "/api/v1/session", map[string]string{"email": "i@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
		i.get(base).wantStatus(t, http.StatusNotFound)
		i.get("/api/v1/applications").wantStatus(t, http.StatusForbidden)
	})
	t.Run("decision on a withdrawn application", func(t *testing.T) {
		m.json("POST", base+"/withdraw", nil).wantStatus(t, http.StatusOK)
		p.createUser(t, "reviewer", "r@bank.example")
		r := p.client(t)
		r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
		// Withdrawn before it was ever submitted: still the merchant's own.
		r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusNotFound)
		r.json("POST", base+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusNotFound)
		m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusConflict)
	})
}
