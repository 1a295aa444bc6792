package web

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf"
	"posportal/internal/pdf/pdftest"
	"posportal/internal/shanghai"
	"posportal/onboarding"
)

// insightsWorld is a portal with one application submitted and approved
// today by a reviewer whose name is a spreadsheet formula.
type insightsWorld struct {
	p     *testPortal
	admin *client
	today string
}

const formulaName = `=HYPERLINK("http://evil.example/","查看")`

func newInsightsWorld(t *testing.T, d *db.DB, lang string) *insightsWorld {
	t.Helper()
	p := newTestPortal(t, d)
	m := newMerchantClient(t, p)
	id := submitApplication(t, p, m, "洞察示例店", nil)
	_, rv := staffBrowser(t, p, auth.Reviewer, "formula@bank.example", formulaName, "en")
	ctx := context.Background()
	if _, err := p.srv.Onboarding.Claim(ctx, rv, id, "ip"); err != nil {
		t.Fatal(err)
	}
	if _, err := p.srv.Onboarding.Decide(ctx, rv, id, onboarding.Decision{Decision: "approve"}, "ip"); err != nil {
		t.Fatal(err)
	}
	admin, _ := staffBrowser(t, p, auth.Admin, "ops@bank.example", "运营管理员", lang)
	return &insightsWorld{p: p, admin: admin, today: time.Now().In(shanghai.Location).Format(time.DateOnly)}
}

func (w *insightsWorld) query() string { return "?from=" + w.today + "&to=" + w.today }

var insightsURLs = []string{"/api/v1/insights", "/admin/insights", "/admin/insights.csv", "/admin/insights.pdf"}

func TestInsightsAreForAdminsOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		p := newTestPortal(t, d)
		admin, _ := staffBrowser(t, p, auth.Admin, "ops@bank.example", "Ops", "en")
		reviewer, _ := staffBrowser(t, p, auth.Reviewer, "rv@bank.example", "Reviewer", "en")
		installer, _ := staffBrowser(t, p, auth.Installer, "in@bank.example", "Installer", "en")
		merchant := newMerchantClient(t, p)
		anonymous := p.client(t)
		for _, u := range insightsURLs {
			admin.get(u).wantStatus(t, http.StatusOK)
			for name, c := range map[string]*client{"reviewer": reviewer, "installer": installer, "merchant": merchant} {
				if r := c.get(u); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s GET %s = %d, want 403", name, u, r.StatusCode)
				}
			}
			r := anonymous.get(u)
			if strings.HasPrefix(u, "/api/") {
				r.wantStatus(t, http.StatusUnauthorized)
			} else if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
				t.Errorf("anonymous GET %s = %d %s, want a redirect to the login", u, r.StatusCode, r.Header.Get("Location"))
			}
		}
		// A forbidden caller learns nothing from the query's validation.
		reviewer.get("/api/v1/insights?from=nonsense").wantStatus(t, http.StatusForbidden)
	})
}

func TestInsightsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newInsightsWorld(t, d, "en")
		r := w.admin.get("/api/v1/insights"+w.query()).wantStatus(t, http.StatusOK)
		var raw map[string]json.RawMessage
		r.decode(t, &raw)
		for _, k := range []string{"from", "to", "funnel", "rejected", "withdrawn", "stage_durations", "review_sla", "queue", "tickets_by_release", "installers"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("response lacks %q: %s", k, r.body)
			}
		}
		var rep struct {
			From, To string
			Funnel   []struct {
				Stage string `json:"stage"`
				Count int    `json:"count"`
			} `json:"funnel"`
			ReviewSLA struct {
				Decided    int     `json:"decided"`
				WithinSLA  int     `json:"within_sla"`
				Rate       float64 `json:"rate"`
				ByReviewer []struct {
					Reviewer  string `json:"reviewer"`
					Decided   int    `json:"decided"`
					WithinSLA int    `json:"within_sla"`
				} `json:"by_reviewer"`
			} `json:"review_sla"`
			Queue struct {
				Waiting int `json:"waiting"`
			} `json:"queue"`
		}
		r.decode(t, &rep)
		if rep.From != w.today || rep.To != w.today || rep.Funnel[0].Stage != "submitted" || rep.Funnel[0].Count != 1 ||
			rep.Funnel[1].Stage != "approved" || rep.Funnel[1].Count != 1 || rep.Funnel[2].Count != 0 {
			t.Errorf("funnel: %s", r.body)
		}
		if rep.ReviewSLA.Decided != 1 || rep.ReviewSLA.WithinSLA != 1 || rep.ReviewSLA.Rate != 1 ||
			len(rep.ReviewSLA.ByReviewer) != 1 || rep.ReviewSLA.ByReviewer[0].Reviewer != formulaName || rep.Queue.Waiting != 0 {
			t.Errorf("review SLA: %s", r.body)
		}

		bad := w.admin.get("/api/v1/insights?from=2026-10-05&to=2026-10-01").wantStatus(t, http.StatusUnprocessableEntity).apiError(t)
		if bad.Error.Fields["to"] == "" {
			t.Errorf("order error: %+v", bad)
		}
		w.admin.get("/api/v1/insights?from=10/01/2026").wantStatus(t, http.StatusUnprocessableEntity)
	})
}

func TestInsightsCSVIsFormulaSafe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newInsightsWorld(t, d, "zh-CN")
		r := w.admin.get("/admin/insights.csv"+w.query()).wantStatus(t, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(r.body, "\ufeff") {
			t.Error("no UTF-8 BOM for spreadsheets")
		}
		cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
		cr.FieldsPerRecord = -1
		rows, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var found bool
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q would run as a formula", cell)
				}
				found = found || cell == "'"+formulaName
			}
		}
		if !found {
			t.Errorf("the reviewer's name is not in the CSV as text:\n%s", r.body)
		}
		if !slices.ContainsFunc(rows, func(row []string) bool { return len(row) == 2 && row[0] == "已批准" && row[1] == "1" }) {
			t.Errorf("CSV lacks the funnel row 已批准,1:\n%s", r.body)
		}
	})
}

func TestInsightsPageInBothLanguages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newInsightsWorld(t, d, "zh-CN")
		zh := w.admin.get("/admin/insights"+w.query()).wantStatus(t, http.StatusOK)
		wantBody(t, zh, "运营洞察", "转化漏斗", `role="img"`, `aria-labelledby="chart-funnel-title chart-funnel-desc"`,
			`data-testid="funnel-table"`, "已批准", `href="/admin/insights.pdf?from=`+w.today+`&amp;to=`+w.today, `data-testid="nav-insights"`)
		if strings.Contains(zh.body, "<script>") || strings.Contains(zh.body, `"=HYPERLINK`) {
			t.Error("unescaped user text in the page")
		}
		w.admin.header.Set("Accept-Language", "en")
		w.admin.postForm("/lang", map[string][]string{"lang": {"en"}, "next": {"/admin/insights"}})
		en := w.admin.get("/admin/insights"+w.query()).wantStatus(t, http.StatusOK)
		wantBody(t, en, "Operations insight", "Funnel", "Approved", "Weekly trend", `data-chart="chart-weekly"`)

		bad := w.admin.get("/admin/insights?from=2026-10-05&to=2026-10-01")
		bad.wantStatus(t, http.StatusUnprocessableEntity)
		wantBody(t, bad, "The end date must not be before the start date.", `aria-invalid="true"`)
		// The default range is this month.
		month := time.Now().In(shanghai.Location).Format("2006-01") + "-01"
		wantBody(t, w.admin.get("/admin/insights").wantStatus(t, http.StatusOK), `value="`+month+`"`)
	})
}

func TestInsightsPDFReadsBack(t *testing.T) {
	font := pdf.Embedded()
	w := newInsightsWorld(t, nil, "zh-CN")
	w.p.srv.PDFFont = font
	r := w.admin.get("/admin/insights.pdf"+w.query()).wantStatus(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Fatalf("Content-Type %q", ct)
	}
	text := strings.Join(strings.Fields(pdftest.Text(t, []byte(r.body))), "")
	for _, want := range []string{"运营报告", "转化漏斗", "已提交", "已批准", "阶段耗时", "审核时效", "当前审核队列", "每周趋势", w.today} {
		if !strings.Contains(text, want) {
			t.Errorf("Chinese report lacks %q:\n%s", want, text)
		}
	}
	w.admin.postForm("/lang", map[string][]string{"lang": {"en"}, "next": {"/admin/insights"}})
	en := strings.Join(strings.Fields(pdftest.Text(t, []byte(w.admin.get("/admin/insights.pdf"+w.query()).wantStatus(t, http.StatusOK).body))), " ")
	for _, want := range []string{"Operations report", "Funnel", "Approved 1", "Time between stages", "Weekly trend"} {
		if !strings.Contains(en, want) {
			t.Errorf("English report lacks %q:\n%s", want, en)
		}
	}
}
