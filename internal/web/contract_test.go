package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"posportal/internal/demo"
)

func TestAPIContractSignFlow(t *testing.T) {
	p := newTestPortal(t, nil)
	if err := demo.SeedCatalog(context.Background(), p.srv.Catalog); err != nil {
		t.Fatal(err)
	}
	plans, _ := p.srv.Catalog.Plans(context.Background())
	plan := plans[0]
	for _, pl := range plans {
		if len(pl.TerminalPrices) > 0 {
			plan = pl
			break
		}
	}

	m := p.client(t)
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
	base := "/api/v1/applications/" + strconv.FormatInt(app.ID, 10)
	for _, kind := range enterpriseDocs {
		ct, body := multipartBody(t, kind, kind+".png", testPNG())
		m.do("POST", base+"/documents", ct, body).wantStatus(t, http.StatusCreated)
	}
	m.json("POST", base+"/submit", nil).wantStatus(t, http.StatusOK)
	req := map[string]any{"fee_plan_id": plan.ID, "terminals": []map[string]any{{"model_id": plan.TerminalPrices[0].ModelID, "quantity": 2, "acquisition": "purchase"}}}
	m.json("POST", base+"/contract", req).wantStatus(t, http.StatusConflict) // not approved yet

	p.createUser(t, "reviewer", "r@bank.example")
	r := p.client(t)
	r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"}).wantStatus(t, http.StatusOK)
	r.json("POST", base+"/claim", nil).wantStatus(t, http.StatusOK)
	r.json("POST", base+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)

	var ct struct {
		ID             int64
		Number, Status string
		SHA256         string
	}
	m.json("POST", base+"/contract", req).wantStatus(t, http.StatusCreated).decode(t, &ct)
	if ct.Number == "" || ct.Status != "awaiting_signature" || len(ct.SHA256) != 64 {
		t.Fatalf("contract %+v", ct)
	}
	doc := m.get(base+"/contract.pdf").wantStatus(t, http.StatusOK)
	sum := sha256.Sum256([]byte(doc.body))
	if hex.EncodeToString(sum[:]) != ct.SHA256 {
		t.Fatal("downloaded PDF does not hash to the contract's sha256")
	}
	e := m.json("POST", base+"/contract/sign", map[string]any{"signer_name": "张三", "consent": true}).wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
	if e.Error.Fields["signer_name"] == "" {
		t.Fatalf("wrong signer: %+v", e)
	}
	m.json("POST", base+"/contract/sign", map[string]any{"signer_name": "王小明", "consent": true, "extra": 1}).wantStatus(t, http.StatusBadRequest)
	m.json("POST", base+"/contract/sign", map[string]any{"signer_name": "王小明", "consent": true}).wantStatus(t, http.StatusOK)
	m.json("POST", base+"/contract/sign", map[string]any{"signer_name": "王小明", "consent": true}).wantStatus(t, http.StatusConflict)
	var got applicationJSON
	m.get(base).decode(t, &got)
	if got.Status != "contract_signed" {
		t.Fatalf("application %s", got.Status)
	}
	if again := m.get(base+"/contract.pdf").wantStatus(t, http.StatusOK); again.body != doc.body {
		t.Fatal("re-download is not byte-identical")
	}
	other := p.client(t)
	other.json("POST", "/api/v1/register", map[string]string{"email": "b@example.com", "password": "correct horse 2", "name": "李四", "phone": "13912345678"}).wantStatus(t, http.StatusCreated)
	other.get(base+"/contract").wantStatus(t, http.StatusNotFound)
	other.get(base+"/contract.pdf").wantStatus(t, http.StatusNotFound)
}

func TestContractPages(t *testing.T) {
	p := newTestPortal(t, nil)
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
	m := p.client(t).browser()
	m.header.Set("Accept-Language", "zh-CN")
	m.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated)
	var app applicationJSON
	m.json("POST", "/api/v1/applications", fullApplication).wantStatus(t, http.StatusCreated).decode(t, &app)
	id := strconv.FormatInt(app.ID, 10)
	for _, kind := range enterpriseDocs {
		ct, body := multipartBody(t, kind, kind+".png", testPNG())
		m.do("POST", "/api/v1/applications/"+id+"/documents", ct, body).wantStatus(t, http.StatusCreated)
	}
	m.json("POST", "/api/v1/applications/"+id+"/submit", nil).wantStatus(t, http.StatusOK)
	p.createUser(t, "reviewer", "r@bank.example")
	r := p.client(t)
	r.json("POST", "/api/v1/session", map[string]string{"email": "r@bank.example", "password": "staff password 1"})
	r.json("POST", "/api/v1/applications/"+id+"/claim", nil).wantStatus(t, http.StatusOK)
	r.json("POST", "/api/v1/applications/"+id+"/decision", map[string]any{"decision": "approve"}).wantStatus(t, http.StatusOK)

	wantBody(t, m.get("/applications/"+id).wantStatus(t, http.StatusOK), "选择终端并签约")
	wantBody(t, m.get("/applications/"+id+"/contract").wantStatus(t, http.StatusOK), "选择终端和费率方案")
	mid := strconv.FormatInt(modelID, 10)
	form := url.Values{"fee_plan_id": {strconv.FormatInt(planID, 10)}, "model_id": {mid}, "quantity_" + mid: {"2"}, "acquisition_" + mid: {"purchase"}}
	m.postForm("/applications/"+id+"/contract", form).wantStatus(t, http.StatusSeeOther)
	page := m.get("/applications/"+id+"/contract").wantStatus(t, http.StatusOK)
	wantBody(t, page, "合同编号", "下载合同", "确认签署")
	res := m.postForm("/applications/"+id+"/contract/sign", url.Values{"signer_name": {"张三"}}).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, res, "签署人姓名须与", "请勾选同意")
	m.postForm("/applications/"+id+"/contract/sign", url.Values{"signer_name": {"王小明"}, "consent": {"yes"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, m.get("/applications/"+id).wantStatus(t, http.StatusOK), "合同已签署", "已签约")
	wantBody(t, m.get("/applications/"+id+"/contract").wantStatus(t, http.StatusOK), "已由 王小明")
}
