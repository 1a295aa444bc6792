package web

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
)

// A legal representative's name with CJK Extension B characters, which no
// PDF the portal makes can draw (gofpdf handles the BMP only).
const undrawableRep = "王𠀀𪚥"

// A contract that would print '?' for a name is refused, on the page and
// the API, in both languages; nothing is stored, so nothing can be signed.
func TestContractWithUndrawableNameIsRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		ctx := context.Background()
		if err := demo.SeedCatalog(ctx, p.srv.Catalog); err != nil {
			t.Fatal(err)
		}
		plans, _ := p.srv.Catalog.Plans(ctx)
		var planID, modelID int64
		for _, pl := range plans {
			if len(pl.TerminalPrices) > 0 {
				planID, modelID = pl.ID, pl.TerminalPrices[0].ModelID
				break
			}
		}
		fields := maps.Clone(fullApplication)
		fields["legal_rep_name"] = undrawableRep
		m := p.client(t)
		m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
		var app applicationJSON
		m.json("POST", "/api/v1/applications", fields).wantStatus(t, http.StatusCreated).decode(t, &app)
		id := strconv.FormatInt(app.ID, 10)
		base := "/api/v1/applications/" + id
		for _, kind := range enterpriseDocs {
			ct, body := multipartBody(t, kind, kind+".png", testPNG())
			m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
		}
		m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
		p.createUser(t, "reviewer", "r@bank.example")
		r := p.client(t)
		r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
		r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusOK)
		r.json("POST", base+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)

		req := map[string]any{"fee_plan_id": planID, "terminals": []map[string]any{{"model_id": modelID, "quantity": 1, "acquisition": "purchase"}}}
		for lang, want := range map[string]string{"zh-CN": "请联系银行", "en": "contact the bank"} {
			m.header.Set("Accept-Language", lang)
			e := m.json("POST", base+"/contract", req).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
			if e.Error.Code != "validation" || !strings.Contains(e.Error.Message, want) ||
				!strings.Contains(e.Error.Message, "𠀀 (U+20000)") || !strings.Contains(e.Error.Message, "𪚥 (U+2A6A5)") {
				t.Errorf("%s: refusal %+v", lang, e.Error)
			}
		}

		b := m.browser()
		b.header.Set("Accept-Language", "zh-CN")
		mid := strconv.FormatInt(modelID, 10)
		form := url.Values{"fee_plan_id": {strconv.FormatInt(planID, 10)}, "model_id": {mid}, "quantity_" + mid: {"1"}, "acquisition_" + mid: {"purchase"}}
		res := b.postForm("/applications/"+id+"/contract", form).wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, res, "无法生成合同", "𠀀 (U&#43;20000)", "𪚥 (U&#43;2A6A5)", "请联系银行") // html/template escapes '+'.
		if strings.Contains(res.body, `data-testid="sign"`) {
			t.Error("the refusal page offers to sign")
		}

		m.get(base+"/contract").wantStatus(t, http.StatusNotFound)
		m.get(base+"/contract.pdf").wantStatus(t, http.StatusNotFound)
		m.json("POST", base+"/contract/sign", map[string]any{"signer_name": undrawableRep, "consent": true}).wantStatus(t, http.StatusNotFound)
		b.postForm("/applications/"+id+"/contract/sign", url.Values{"signer_name": {undrawableRep}, "consent": {"yes"}}).wantStatus(t, http.StatusNotFound)
		var rows int
		if err := d.Get(ctx, &rows, `SELECT COUNT(*) FROM contracts`); err != nil || rows != 0 {
			t.Fatalf("%d contract rows (%v), want none", rows, err)
		}
		var got applicationJSON
		m.get(base).decode(t, &got)
		if got.Status != "approved" {
			t.Errorf("application is %s, want still approved", got.Status)
		}
	})
}
