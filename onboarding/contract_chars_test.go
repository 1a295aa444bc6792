package onboarding_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/i18n"
	"posportal/internal/pdf"
	"posportal/internal/pdf/pdftest"
	"posportal/onboarding"
)

// Names outside GB2312 print as themselves, in both languages, and can sign.
func TestContractPrintsRareNameCharacters(t *testing.T) {
	ctx := context.Background()
	fields := enterprise()
	fields.LegalRepName, fields.LegalName, fields.SettlementAccountName = ptr("张喆"), ptr("上海堃昇商贸有限公司"), ptr("上海堃昇商贸有限公司")
	f, a, cat, plan := approvedWith(t, dbtest.SQLite(t), fields)
	contracts := onboarding.NewContracts(f.svc, cat, pdf.Embedded())
	req := onboarding.ContractRequest{FeePlanID: plan.ID, Terminals: []onboarding.ContractTerminal{
		{ModelID: plan.TerminalPrices[0].ModelID, Quantity: 1, Acquisition: "purchase"}}}
	for _, lang := range []string{"en", "zh-CN"} {
		if _, _, err := contracts.Generate(ctx, f.merchant, a.ID, req, lang, "ip"); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		_, doc, err := contracts.PDF(ctx, f.merchant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw := pdftest.Text(t, doc)
		text := strings.Join(strings.Fields(raw), "")
		for _, want := range []string{"张喆", "上海堃昇商贸有限公司"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s contract lacks %q:\n%s", lang, want, raw)
			}
		}
		if strings.Contains(raw, "?") {
			t.Errorf("'?' in the %s contract:\n%s", lang, raw)
		}
	}
	if _, err := contracts.Sign(ctx, f.merchant, a.ID, "张喆", true, "ip", "ua"); err != nil {
		t.Fatalf("sign: %v", err)
	}
}

// A contract that would print any character as '?' is never produced, so
// it cannot be signed; the merchant is told which characters, and to
// contact the bank.
func TestContractWithUndrawableCharacterIsRefused(t *testing.T) {
	cases := map[string]func(*onboarding.Fields){
		"legal representative": func(f *onboarding.Fields) { f.LegalRepName = ptr("王𠀀") },
		"legal name": func(f *onboarding.Fields) {
			f.LegalName, f.SettlementAccountName = ptr("上海𠀀商贸有限公司"), ptr("上海𠀀商贸有限公司")
		},
		"shop name": func(f *onboarding.Fields) { f.ShopName = ptr("𠀀记小吃") },
		"address":   func(f *onboarding.Fields) { f.Address = ptr("𠀀路1号") },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				fields := enterprise()
				edit(&fields)
				f, a, cat, plan := approvedWith(t, d, fields)
				contracts := onboarding.NewContracts(f.svc, cat, nil)
				req := onboarding.ContractRequest{FeePlanID: plan.ID, Terminals: []onboarding.ContractTerminal{
					{ModelID: plan.TerminalPrices[0].ModelID, Quantity: 1, Acquisition: "purchase"}}}
				_, _, err := contracts.Generate(ctx, f.merchant, a.ID, req, "zh-CN", "ip")
				e := wantCode(t, err, apperr.Validation)
				if e.Key != "contract.undrawable" {
					t.Fatalf("key %s", e.Key)
				}
				for lang, way := range map[string]string{i18n.ZH: "请联系银行", i18n.EN: "contact the bank"} {
					if msg := i18n.T(lang, e.Key, e.Args...); !strings.Contains(msg, "𠀀 (U+20000)") || !strings.Contains(msg, way) {
						t.Errorf("%s message: %s", lang, msg)
					}
				}
				if _, err := contracts.Get(ctx, f.merchant, a.ID); apperr.CodeOf(err) != apperr.NotFound {
					t.Errorf("a contract exists: %v", err)
				}
				if _, err := contracts.Sign(ctx, f.merchant, a.ID, *fields.LegalRepName, true, "ip", "ua"); apperr.CodeOf(err) != apperr.NotFound {
					t.Errorf("sign: %v", err)
				}
				var rows int
				if err := d.Get(ctx, &rows, `SELECT COUNT(*) FROM contracts WHERE application_id = ?`, a.ID); err != nil || rows != 0 {
					t.Errorf("%d contract rows (%v)", rows, err)
				}
				if ev, _ := audit.List(ctx, d, audit.Filter{Action: "contract.generate"}); len(ev) != 0 {
					t.Errorf("audited a generation: %+v", ev)
				}
				if app, _ := f.svc.Get(ctx, f.merchant, a.ID); app.Status != onboarding.Approved {
					t.Errorf("application is %s", app.Status)
				}
			})
		})
	}
}

// Documents that are not a contract still render a name the font cannot
// draw, as '?', and log the characters with the document id.
func TestSummaryWithUndrawableCharacterRendersAndLogs(t *testing.T) {
	var logged bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logged, nil)))

	ctx := context.Background()
	fields := enterprise()
	fields.LegalRepName = ptr("王𠀀")
	f := newFixture(t, dbtest.SQLite(t))
	a := f.submitted(t, fields)
	doc, err := f.svc.SummaryPDF(ctx, f.merchant, a.ID, "zh-CN", nil)
	if err != nil {
		t.Fatal(err)
	}
	if text := pdftest.Text(t, doc); !strings.Contains(text, "王?") {
		t.Errorf("summary does not print the name as 王?:\n%s", text)
	}
	var rec struct {
		Level, Msg string
		DocumentID string `json:"document_id"`
		Characters string `json:"characters"`
	}
	if err := json.Unmarshal(logged.Bytes(), &rec); err != nil {
		t.Fatalf("log %q: %v", logged.String(), err)
	}
	if rec.Level != "WARN" || !strings.HasPrefix(rec.DocumentID, fmt.Sprintf("APP-%d-", a.ID)) || rec.Characters != "𠀀 (U+20000)" {
		t.Errorf("log %+v", rec)
	}
}
