package onboarding_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/internal/pdf"
	"posportal/internal/pdf/pdftest"
	"posportal/onboarding"
)

// approvedWithCatalog is an approved application plus the demo catalog,
// and a plan with at least two priced models.
func approvedWithCatalog(t *testing.T, d *db.DB) (*fixture, onboarding.Application, *catalog.Service, catalog.Plan) {
	t.Helper()
	return approvedWith(t, d, enterprise())
}

// approvedWith is approvedWithCatalog for an application with fields.
func approvedWith(t *testing.T, d *db.DB, fields onboarding.Fields) (*fixture, onboarding.Application, *catalog.Service, catalog.Plan) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t, d)
	cat := catalog.NewService(d, nil)
	if err := demo.SeedCatalog(ctx, cat); err != nil {
		t.Fatal(err)
	}
	plans, err := cat.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var plan catalog.Plan
	for _, p := range plans {
		if len(p.TerminalPrices) >= 2 {
			plan = p
			break
		}
	}
	if plan.ID == 0 {
		t.Fatal("no demo plan prices two models")
	}
	a := f.submitted(t, fields)
	f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
	a, err = f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "approve"}, "ip")
	if err != nil {
		t.Fatal(err)
	}
	return f, a, cat, plan
}

func TestContractGenerateAndSign(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f, a, cat, plan := approvedWithCatalog(t, d)
		contracts := onboarding.NewContracts(f.svc, cat, pdf.Embedded())
		m1, m2 := plan.TerminalPrices[0], plan.TerminalPrices[1]
		req := onboarding.ContractRequest{FeePlanID: plan.ID, Terminals: []onboarding.ContractTerminal{
			{ModelID: m1.ModelID, Quantity: 2, Acquisition: "purchase"}, {ModelID: m2.ModelID, Quantity: 1, Acquisition: "rental"}}}

		t.Run("bad requests", func(t *testing.T) {
			_, _, err := contracts.Generate(ctx, f.merchant, a.ID, onboarding.ContractRequest{FeePlanID: 999999}, "zh-CN", "ip")
			e := wantCode(t, err, apperr.Validation)
			if e.Fields["fee_plan_id"] == "" || e.Fields["terminals"] == "" {
				t.Fatalf("fields %v", e.Fields)
			}
			if _, _, err := contracts.Generate(ctx, f.other, a.ID, req, "zh-CN", "ip"); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("other merchant: %v", err)
			}
		})

		first, created, err := contracts.Generate(ctx, f.merchant, a.ID, req, "zh-CN", "ip")
		if err != nil || !created {
			t.Fatal(created, err)
		}
		// The same choice again is the same contract.
		same, created, err := contracts.Generate(ctx, f.merchant, a.ID, req, "zh-CN", "ip")
		if err != nil || created || same.ID != first.ID || same.SHA256 != first.SHA256 {
			t.Fatalf("same choice: %+v %v %v", same, created, err)
		}
		// Choosing again before signing replaces the draft in place.
		english, created, err := contracts.Generate(ctx, f.merchant, a.ID, req, "en", "ip")
		if err != nil || !created || english.ID != first.ID || english.SHA256 == first.SHA256 {
			t.Fatalf("replace: %+v %v %v", english, created, err)
		}
		ct, created, err := contracts.Generate(ctx, f.merchant, a.ID, req, "zh-CN", "ip")
		if err != nil || !created || ct.Number != first.Number || ct.ID != first.ID || ct.Status() != "awaiting_signature" {
			t.Fatalf("regenerate: %+v %v", ct, err)
		}
		_, doc, err := contracts.PDF(ctx, f.merchant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(pdftest.Text(t, doc), "\n", "")
		m1Model, _ := cat.Model(ctx, m1.ModelID)
		m2Model, _ := cat.Model(ctx, m2.ModelID)
		for _, want := range []string{"上海浦东示例便利店有限公司", ct.Number, m1Model.Name, m2Model.Name, "手续费", "费率", "押金", plan.Provider} {
			if !strings.Contains(text, want) {
				t.Errorf("contract PDF lacks %q", want)
			}
		}

		if _, err := contracts.Sign(ctx, f.merchant, a.ID, "李四", true, "ip", "ua"); apperr.As(err) == nil || apperr.As(err).Fields["signer_name"] == "" {
			t.Fatalf("wrong name: %v", err)
		}
		if _, err := contracts.Sign(ctx, f.merchant, a.ID, "王小明", false, "ip", "ua"); apperr.As(err) == nil || apperr.As(err).Fields["consent"] == "" {
			t.Fatalf("no consent: %v", err)
		}
		signed, err := contracts.Sign(ctx, f.merchant, a.ID, " 王小明 ", true, "203.0.113.9", "Mozilla/5.0 test")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(doc)
		if signed.SignedAt == nil || signed.SignerName != "王小明" || signed.SignedSHA256 != hex.EncodeToString(sum[:]) ||
			signed.SignerIP != "203.0.113.9" || signed.SignerAgent != "Mozilla/5.0 test" {
			t.Fatalf("signed: %+v", signed)
		}
		app, _ := f.svc.Get(ctx, f.merchant, a.ID)
		if app.Status != onboarding.ContractSigned {
			t.Fatalf("application status %s", app.Status)
		}
		if _, err := contracts.Sign(ctx, f.merchant, a.ID, "王小明", true, "ip", "ua"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("second signature: %v", err)
		}
		if _, _, err := contracts.Generate(ctx, f.merchant, a.ID, req, "en", "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("regenerate after signing: %v", err)
		}
		// Tampering below the service fails too.
		if _, err := d.Exec(ctx, `UPDATE contracts SET fee_plan_id = 1 WHERE id = ?`, signed.ID); err == nil {
			t.Fatal("a signed contract row was updated")
		}
		if _, err := d.Exec(ctx, `DELETE FROM contracts WHERE id = ?`, signed.ID); err == nil {
			t.Fatal("a signed contract row was deleted")
		}
		_, again, err := contracts.PDF(ctx, f.reviewer, a.ID)
		if err != nil || !bytes.Equal(again, doc) {
			t.Fatalf("re-download differs (%v)", err)
		}
	})
}

func TestContractNeedsApproval(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	cat := catalog.NewService(f.db, nil)
	a := f.submitted(t, enterprise())
	_, _, err := onboarding.NewContracts(f.svc, cat, nil).Generate(ctx, f.merchant, a.ID, onboarding.ContractRequest{}, "en", "ip")
	wantCode(t, err, apperr.Conflict)
}
