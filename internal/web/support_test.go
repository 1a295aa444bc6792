package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf/pdftest"
	"posportal/support"
	"posportal/support/knowledge"
)

// supportWorld is a portal with a catalog model and provider, a merchant
// (logged in as c) with one device, another merchant and staff.
type supportWorld struct {
	p        *testPortal
	c, other *client
	admin    *client
	merchant auth.User
	device   support.Device
	model    catalog.Model
	provider catalog.Provider
}

func newSupportWorld(t *testing.T, d *db.DB) *supportWorld {
	t.Helper()
	ctx := context.Background()
	p := newTestPortal(t, d)
	w := &supportWorld{p: p}
	w.c = p.client(t)
	w.c.header.Set("Accept-Language", "zh-CN")
	var me meResponse
	w.c.json("POST", "/api/v1/register", newMerchant).wantStatus(t, http.StatusCreated).decode(t, &me)
	w.merchant = auth.User{ID: me.ID, Role: auth.Merchant, Name: me.Name}
	w.other = p.client(t)
	w.other.json("POST", "/api/v1/register", map[string]string{"email": "other@example.com", "password": "correct horse 2",
		"name": "李四", "phone": "13912345678"}).wantStatus(t, http.StatusCreated)
	p.createUser(t, auth.Admin, "admin@example.com")
	w.admin = p.client(t)
	w.admin.json("POST", "/api/v1/session", map[string]string{"email": "admin@example.com", "password": "staff password 1"}).wantStatus(t, http.StatusOK)

	cat := p.srv.Catalog
	b, err := cat.CreateBrand(ctx, nil, catalog.Brand{Name: "星驰", SupportHours: "24x7", SupportRating: 4}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if w.model, err = cat.CreateModel(ctx, nil, catalog.Model{BrandID: b.ID, Name: "P10", Category: catalog.Countertop,
		Capabilities: catalog.Capabilities{EMVChip: true, Printer: true}, HardwareRevisions: []string{"A1", "A2"}}, auth.Request{}); err != nil {
		t.Fatal(err)
	}
	if w.provider, err = cat.CreateProvider(ctx, nil, catalog.Provider{Name: "示例银行", Kind: catalog.Bank,
		Methods: []catalog.Method{catalog.UnionPayCard}}, auth.Request{}); err != nil {
		t.Fatal(err)
	}
	var dev support.Device
	w.admin.json("POST", "/api/v1/devices", support.NewDevice{Serial: "SN-9001", MerchantID: me.ID, ModelID: w.model.ID,
		HardwareRevision: "A1", FirmwareVersion: "3.1.0", ProviderID: w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &dev)
	w.device = dev
	return w
}

func (w *supportWorld) start(t *testing.T) diagnosisJSON {
	t.Helper()
	var dj diagnosisJSON
	w.c.json("POST", "/api/v1/diagnoses", map[string]any{"device_id": w.device.ID}).wantStatus(t, http.StatusCreated).decode(t, &dj)
	return dj
}

func (w *supportWorld) answer(t *testing.T, id int64, options ...string) diagnosisJSON {
	t.Helper()
	var dj diagnosisJSON
	for _, o := range options {
		w.c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(id, 10)+"/answers", map[string]string{"option": o}).
			wantStatus(t, http.StatusOK).decode(t, &dj)
	}
	return dj
}

// TestDiagnosisAPIWalksToTicket: a merchant whose printer stopped walks
// the flow over the API, does not resolve it and gets a P2 ticket and the
// report; the §11 field names are what integrations get.
func TestDiagnosisAPIWalksToTicket(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		first := w.c.json("POST", "/api/v1/diagnoses", map[string]any{"device_id": w.device.ID}).wantStatus(t, http.StatusCreated)
		for _, field := range []string{`"id":`, `"status":"asking"`, `"context":[]`, `"step":{"node":"q.start","prompt":`, `"options":[{"id":"no_power","label":`, `"diagnosis":null`} {
			if !strings.Contains(first.body, field) {
				t.Errorf("first step lacks %s: %s", field, first.body)
			}
		}
		var dj diagnosisJSON
		first.decode(t, &dj)
		dj = w.answer(t, dj.ID, "main_screen_problem", "peripheral", "printer", "test_fails", "only_this")
		if dj.Status != "diagnosed" || dj.Step != nil || dj.Diagnosis == nil || dj.Diagnosis.Category != "hardware" ||
			dj.Diagnosis.Escalation != "on_site" || len(dj.Diagnosis.Remedies) == 0 || len(dj.Transcript) != 5 {
			t.Fatalf("diagnosis = %+v", dj)
		}
		res := w.c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/outcome", map[string]bool{"resolved": false}).wantStatus(t, http.StatusOK)
		res.decode(t, &dj)
		if dj.Status != "escalated" || dj.TicketID == nil || !strings.Contains(res.body, `"ticket_id":`) {
			t.Fatalf("outcome = %s", res.body)
		}
		var tk ticketJSON
		w.c.get("/api/v1/tickets/"+strconv.FormatInt(*dj.TicketID, 10)).wantStatus(t, http.StatusOK).decode(t, &tk)
		if tk.Priority != "P2" || tk.Diagnosis == nil || len(tk.Diagnosis.Transcript) != 5 || tk.Number != "T-000001" {
			t.Fatalf("ticket = %+v", tk)
		}
		pdfRes := w.c.get("/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/report.pdf").wantStatus(t, http.StatusOK)
		if pdfRes.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdfRes.body, "%PDF") {
			t.Fatalf("report: %s %.20q", pdfRes.Header.Get("Content-Type"), pdfRes.body)
		}
		// A second outcome is a conflict, an unknown field malformed.
		w.c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/outcome", map[string]bool{"resolved": true}).wantStatus(t, http.StatusConflict)
		w.c.json("POST", "/api/v1/diagnoses", map[string]any{"device": w.device.ID}).wantStatus(t, http.StatusBadRequest)
	})
}

func TestDiagnosisContextFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		w.admin.json("POST", "/api/v1/admin/notices", map[string]any{"kind": "outage", "target": "provider", "provider_id": w.provider.ID,
			"title_zh": "示例银行收单系统故障", "title_en": "Sample Bank acquiring outage"}).wantStatus(t, http.StatusCreated)
		dj := w.start(t)
		if dj.Status != "diagnosed" || len(dj.Context) != 1 || dj.Context[0].Check != "outage" ||
			!strings.Contains(dj.Context[0].Finding, "示例银行收单系统故障") || dj.Diagnosis == nil ||
			dj.Diagnosis.Category != "external" || dj.Diagnosis.Escalation != "provider" || !dj.Diagnosis.FromContext || dj.Step == nil {
			t.Fatalf("context diagnosis = %+v", dj)
		}
		// A P1 context diagnosis left unresolved opens a P1 ticket.
		var out diagnosisJSON
		w.c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/outcome", map[string]bool{"resolved": false}).wantStatus(t, http.StatusOK).decode(t, &out)
		var tk ticketJSON
		w.c.get("/api/v1/tickets/"+strconv.FormatInt(*out.TicketID, 10)).wantStatus(t, http.StatusOK).decode(t, &tk)
		if tk.Priority != "P1" {
			t.Errorf("cannot take payments: priority %s, want P1", tk.Priority)
		}
	})
}

func TestSupportOwnership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		dj := w.start(t)
		id := strconv.FormatInt(dj.ID, 10)
		w.answer(t, dj.ID, "no_power", "nothing", "still_dead")
		var out diagnosisJSON
		w.c.json("POST", "/api/v1/diagnoses/"+id+"/outcome", map[string]bool{"resolved": false}).wantStatus(t, http.StatusOK).decode(t, &out)
		tid := strconv.FormatInt(*out.TicketID, 10)
		for _, r := range []response{
			w.other.json("POST", "/api/v1/diagnoses", map[string]any{"device_id": w.device.ID}),
			w.other.get("/api/v1/diagnoses/" + id),
			w.other.json("POST", "/api/v1/diagnoses/"+id+"/answers", map[string]string{"option": "no_power"}),
			w.other.json("POST", "/api/v1/diagnoses/"+id+"/outcome", map[string]bool{"resolved": true}),
			w.other.get("/api/v1/diagnoses/" + id + "/report.pdf"),
			w.other.get("/api/v1/tickets/" + tid),
			w.other.json("POST", "/api/v1/tickets/"+tid+"/comment", map[string]string{"body": "hi"}),
			w.other.get("/tickets/" + tid),
			w.other.get("/support/sessions/" + id),
		} {
			r.wantStatus(t, http.StatusNotFound)
		}
		var list struct {
			Devices []support.Device `json:"devices"`
		}
		w.other.get("/api/v1/devices").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Devices) != 0 {
			t.Errorf("other merchant sees %d devices", len(list.Devices))
		}
		w.c.get("/api/v1/devices").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Devices) != 1 || list.Devices[0].Serial != "SN-9001" {
			t.Errorf("merchant's devices = %+v", list.Devices)
		}
	})
}

func TestDeviceCheckIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		var created struct {
			Token string `json:"token"`
		}
		w.admin.json("POST", "/api/v1/integrations", map[string]any{"name": "TMS 1", "provider_id": w.provider.ID}).wantStatus(t, http.StatusCreated).decode(t, &created)
		tms := w.p.client(t)
		body := map[string]any{"firmware_version": "3.2.0", "upgrade_completed": false}
		r := tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusUnauthorized)
		r.apiError(t)
		if r.Header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
		tms.header.Set("Authorization", "Bearer ptm_"+strings.Repeat("a", 64))
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusUnauthorized)
		tms.header.Set("Authorization", "Bearer "+created.Token)
		tms.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusOK)
		tms.json("POST", "/api/v1/devices/NOPE-1/checkin", body).wantStatus(t, http.StatusNotFound)
		// A session cookie does not make a check-in: only the token does.
		w.admin.json("POST", "/api/v1/devices/SN-9001/checkin", body).wantStatus(t, http.StatusUnauthorized)
		dj := w.start(t)
		if len(dj.Context) != 1 || dj.Context[0].Check != "upgrade_incomplete" {
			t.Fatalf("context after incomplete upgrade = %+v", dj.Context)
		}
	})
}

// TestTroubleshootingPages walks the flow in the browser without JS: one
// question per page, a stale re-POST from the history changes nothing.
func TestTroubleshootingPages(t *testing.T) {
	w := newSupportWorld(t, nil)
	w.c.browser()
	wantBody(t, w.c.get("/devices").wantStatus(t, http.StatusOK), "我的设备", "SN-9001", "故障排查")
	r := w.c.postForm("/devices/"+strconv.FormatInt(w.device.ID, 10)+"/troubleshoot", nil).wantStatus(t, http.StatusSeeOther)
	session := r.Header.Get("Location")
	page := w.c.get(session).wantStatus(t, http.StatusOK)
	wantBody(t, page, `name="node" value="q.start"`, "收款主界面")
	w.c.postForm(session+"/answer", url.Values{"node": {"q.start"}, "option": {"no_power"}}).wantStatus(t, http.StatusSeeOther)
	wantBody(t, w.c.get(session).wantStatus(t, http.StatusOK), `name="node" value="q.power_charge"`)
	// Back button + re-submit of the first question: redirected, unchanged.
	stale := w.c.postForm(session+"/answer", url.Values{"node": {"q.start"}, "option": {"stuck_boot"}}).wantStatus(t, http.StatusSeeOther)
	if stale.Header.Get("Location") != session {
		t.Fatalf("stale answer went to %q", stale.Header.Get("Location"))
	}
	wantBody(t, w.c.get(session).wantStatus(t, http.StatusOK), `name="node" value="q.power_charge"`, "该问题已经回答过")
	// No option chosen: the same question again with a message.
	w.c.postForm(session+"/answer", url.Values{"node": {"q.power_charge"}}).wantStatus(t, http.StatusUnprocessableEntity)
	for _, step := range []url.Values{
		{"node": {"q.power_charge"}, "option": {"nothing"}},
		{"node": {"q.power_reseat"}, "option": {"still_dead"}},
	} {
		w.c.postForm(session+"/answer", step).wantStatus(t, http.StatusSeeOther)
	}
	wantBody(t, w.c.get(session).wantStatus(t, http.StatusOK), "主板", "resolved-no")
	w.c.postForm(session+"/outcome", url.Values{"resolved": {"no"}}).wantStatus(t, http.StatusSeeOther)
	done := w.c.get(session).wantStatus(t, http.StatusOK)
	wantBody(t, done, "已根据您的回答创建工单", "/tickets/1")
	wantBody(t, w.c.get("/tickets/1").wantStatus(t, http.StatusOK), "T-000001", "P1")
}

func TestDiagnosisReportPDFContent(t *testing.T) {
	w := newSupportWorld(t, nil)
	dj := w.start(t)
	dj = w.answer(t, dj.ID, "main_screen_problem", "peripheral", "printer", "paper_fixed")
	var out diagnosisJSON
	w.c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/outcome", map[string]bool{"resolved": false}).wantStatus(t, http.StatusOK).decode(t, &out)
	res := w.c.get("/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/report.pdf").wantStatus(t, http.StatusOK)
	text := strings.Join(strings.Fields(pdftest.Text(t, []byte(res.body))), "")
	remedy := strings.Join(strings.Fields(dj.Diagnosis.Remedies[0]), "")
	for _, want := range []string{"张三", "SN-9001", remedy, "T-000001", out.ReportID} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestTicketWorkflowAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newSupportWorld(t, d)
		w.p.createUser(t, auth.Installer, "fixer@example.com")
		inst := w.p.client(t)
		var me meResponse
		inst.json("POST", "/api/v1/session", map[string]string{"email": "fixer@example.com", "password": "staff password 1"}).wantStatus(t, http.StatusOK).decode(t, &me)
		var tk ticketJSON
		w.c.json("POST", "/api/v1/tickets", map[string]any{"device_id": w.device.ID, "summary": "小票打印空白"}).wantStatus(t, http.StatusCreated).decode(t, &tk)
		id := strconv.FormatInt(tk.ID, 10)
		inst.get("/api/v1/tickets/"+id).wantStatus(t, http.StatusNotFound)
		w.c.json("POST", "/api/v1/tickets/"+id+"/assign", map[string]any{"assignee": "provider"}).wantStatus(t, http.StatusForbidden)
		w.admin.json("POST", "/api/v1/tickets/"+id+"/assign", map[string]any{"assignee": "installer", "installer_id": me.ID}).wantStatus(t, http.StatusOK)
		inst.json("POST", "/api/v1/tickets/"+id+"/status", map[string]string{"status": "in_progress"}).wantStatus(t, http.StatusOK)
		inst.json("POST", "/api/v1/tickets/"+id+"/status", map[string]string{"status": "in_progress"}).wantStatus(t, http.StatusConflict)
		inst.json("POST", "/api/v1/tickets/"+id+"/comment", map[string]string{"body": "已更换打印头"}).wantStatus(t, http.StatusCreated)
		inst.json("POST", "/api/v1/tickets/"+id+"/status", map[string]string{"status": "resolved"}).wantStatus(t, http.StatusOK)
		w.c.json("POST", "/api/v1/tickets/"+id+"/status", map[string]string{"status": "closed"}).wantStatus(t, http.StatusOK)
		var list struct {
			Tickets []ticketJSON `json:"tickets"`
		}
		w.c.get("/api/v1/tickets").wantStatus(t, http.StatusOK).decode(t, &list)
		if len(list.Tickets) != 1 || list.Tickets[0].Status != "closed" {
			t.Fatalf("merchant's tickets = %+v", list.Tickets)
		}
		w.c.browser()
		wantBody(t, w.c.get("/tickets/"+id).wantStatus(t, http.StatusOK), "已更换打印头", "已关闭")
	})
}

func TestNoticesDashboardAndAcknowledgement(t *testing.T) {
	w := newSupportWorld(t, nil)
	var n noticeJSON
	w.admin.json("POST", "/api/v1/admin/notices", map[string]any{"kind": "upgrade", "target": "model", "model_id": w.model.ID,
		"title_zh": "请升级到 3.2.1", "title_en": "Please upgrade to 3.2.1"}).wantStatus(t, http.StatusCreated).decode(t, &n)
	w.c.browser()
	wantBody(t, w.c.get("/dashboard").wantStatus(t, http.StatusOK), "请升级到 3.2.1", "ack-"+strconv.FormatInt(n.ID, 10))
	var pending struct {
		Merchants []support.Unacknowledged `json:"merchants"`
	}
	w.admin.get("/api/v1/admin/notices/"+strconv.FormatInt(n.ID, 10)+"/unacknowledged").wantStatus(t, http.StatusOK).decode(t, &pending)
	if len(pending.Merchants) != 1 || pending.Merchants[0].Name != "张三" {
		t.Fatalf("pending = %+v", pending.Merchants)
	}
	w.c.postForm("/notices/"+strconv.FormatInt(n.ID, 10)+"/ack", nil).wantStatus(t, http.StatusSeeOther)
	w.admin.get("/api/v1/admin/notices/"+strconv.FormatInt(n.ID, 10)+"/unacknowledged").wantStatus(t, http.StatusOK).decode(t, &pending)
	if len(pending.Merchants) != 0 {
		t.Fatalf("still pending after ack: %+v", pending.Merchants)
	}
	w.admin.browser()
	wantBody(t, w.admin.get("/admin/support/notices/"+strconv.FormatInt(n.ID, 10)).wantStatus(t, http.StatusOK), "请升级到 3.2.1")
}

func TestSupportAdminPages(t *testing.T) {
	w := newSupportWorld(t, nil)
	a := w.admin.browser()
	for _, path := range []string{"/devices", "/tickets", "/admin/support/releases", "/admin/support/notices", "/admin/support/integrations"} {
		a.get(path).wantStatus(t, http.StatusOK)
	}
	a.postForm("/admin/support/releases", url.Values{"model_id": {strconv.FormatInt(w.model.ID, 10)}, "version": {"3.2.0"},
		"min_hardware_revision": {"A2"}, "status": {"rolling_out"}}).wantStatus(t, http.StatusSeeOther)
	a.postForm("/admin/support/releases", url.Values{"model_id": {strconv.FormatInt(w.model.ID, 10)}, "version": {"3.2.0"}}).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, a.get("/admin/support/releases").wantStatus(t, http.StatusOK), "3.2.0", "A2")
	a.postForm("/admin/support/integrations", url.Values{"name": {"TMS 2"}}).wantStatus(t, http.StatusUnprocessableEntity)
	r := a.postForm("/admin/support/integrations", url.Values{"name": {"TMS 2"}, "provider_id": {strconv.FormatInt(w.provider.ID, 10)}}).wantStatus(t, http.StatusCreated)
	wantBody(t, r, "ptm_")
	if strings.Contains(a.get("/admin/support/integrations").body, "ptm_") {
		t.Error("token shown again after creation")
	}
	a.postForm("/admin/support/devices", url.Values{"serial": {"SN-9002"}, "merchant_email": {"shop@example.com"},
		"model_id": {strconv.FormatInt(w.model.ID, 10)}, "provider_id": {strconv.FormatInt(w.provider.ID, 10)}}).wantStatus(t, http.StatusSeeOther)
	a.postForm("/admin/support/devices", url.Values{"serial": {"SN-9002"}, "merchant_email": {"nobody@example.com"}}).wantStatus(t, http.StatusUnprocessableEntity)
	w.c.browser().get("/admin/support/releases").wantStatus(t, http.StatusForbidden)
}

// TestDiagnosisAPIReachesEveryCause walks, over the API, the shortest path
// to every diagnosis of the knowledge tree, so each seed cause is reachable
// by a merchant; the diagnosis comes back in both languages.
func TestDiagnosisAPIReachesEveryCause(t *testing.T) {
	w := newSupportWorld(t, nil)
	tree := w.p.srv.Support.Tree()
	paths := shortestPaths(tree)
	if len(paths) != len(tree.Diagnoses()) {
		t.Fatalf("paths to %d of %d diagnoses", len(paths), len(tree.Diagnoses()))
	}
	en := w.p.client(t)
	en.json("POST", "/api/v1/session", map[string]string{"email": newMerchant["email"], "password": newMerchant["password"]}).wantStatus(t, http.StatusOK)
	en.postForm("/lang", url.Values{"lang": {"en"}}).wantStatus(t, http.StatusSeeOther)
	for _, dg := range tree.Diagnoses() {
		t.Run(dg.ID, func(t *testing.T) {
			for lang, c := range map[string]*client{"zh-CN": w.c, "en": en} {
				var dj diagnosisJSON
				c.json("POST", "/api/v1/diagnoses", map[string]any{"device_id": w.device.ID}).wantStatus(t, http.StatusCreated).decode(t, &dj)
				for _, step := range paths[dg.ID] {
					c.json("POST", "/api/v1/diagnoses/"+strconv.FormatInt(dj.ID, 10)+"/answers", map[string]string{"node": step[0], "option": step[1]}).
						wantStatus(t, http.StatusOK).decode(t, &dj)
				}
				if dj.Status != "diagnosed" || dj.Diagnosis == nil || dj.Diagnosis.ID != dg.ID || dj.Diagnosis.Cause != dg.Cause.For(lang) ||
					dj.Diagnosis.Remedies[0] != dg.Remedies[0].For(lang) {
					t.Fatalf("%s walk ended at %+v", lang, dj.Diagnosis)
				}
			}
		})
	}
}

// shortestPaths maps each diagnosis id to the (question, option) answers
// that reach it from the root, found breadth-first.
func shortestPaths(tree *knowledge.Tree) map[string][][2]string {
	type item struct {
		node string
		path [][2]string
	}
	out := map[string][][2]string{}
	seen := map[string]bool{tree.Root().ID: true}
	queue := []item{{node: tree.Root().ID}}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		n, _ := tree.Node(it.node)
		q, ok := n.(*knowledge.Question)
		if !ok {
			out[it.node] = it.path
			continue
		}
		for _, o := range q.Options {
			if !seen[o.Next] {
				seen[o.Next] = true
				queue = append(queue, item{node: o.Next, path: append(append([][2]string{}, it.path...), [2]string{q.ID, o.ID})})
			}
		}
	}
	return out
}

func TestDeviceCSVImportPage(t *testing.T) {
	w := newSupportWorld(t, nil)
	a := w.admin.browser()
	head := strings.Join(support.DeviceCSVHeader, ",") + "\n"
	row := func(serial, email string) string {
		return serial + "," + email + "," + strconv.FormatInt(w.model.ID, 10) + ",A2,3.1.0," + strconv.FormatInt(w.provider.ID, 10) + "\n"
	}
	ct, body := multipartBody(t, "", "devices.csv", []byte(head+row("SN-7001", "shop@example.com")+row("SN-7002", "nobody@example.com")))
	r := a.do("POST", "/admin/support/devices/import", ct, body).wantStatus(t, http.StatusUnprocessableEntity)
	wantBody(t, r, "import-errors", "第 3 行", "merchant_email")
	ct, body = multipartBody(t, "", "devices.csv", []byte(head+row("SN-7001", "shop@example.com")+row("SN-7002", "other@example.com")))
	a.do("POST", "/admin/support/devices/import", ct, body).wantStatus(t, http.StatusSeeOther)
	wantBody(t, a.get("/devices").wantStatus(t, http.StatusOK), "SN-7001", "SN-7002", "李四")
}
