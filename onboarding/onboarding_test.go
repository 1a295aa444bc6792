package onboarding_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/pdf/pdftest"
	"posportal/onboarding"
)

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	return e
}

func TestCreateChecksFormats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		bad := enterprise()
		bad.USCC = ptr("91350100M000100Y44")
		bad.LegalRepIDNumber = ptr("110105201001010010") // valid checksum, born 2010: under 18
		bad.ContactMobile = ptr("12345678901")
		bad.MCCGroup = ptr("casino")
		_, err := f.svc.Create(context.Background(), f.merchant, bad, "ip")
		e := wantCode(t, err, apperr.Validation)
		for field, key := range map[string]string{"uscc": "uscc.checksum", "contact_mobile": "mobile.format",
			"mcc_group": "application.mcc_group.invalid", "legal_rep_id_number": "resident_id.under_18"} {
			if e.Fields[field] != key {
				t.Errorf("%s = %q, want %q", field, e.Fields[field], key)
			}
		}
		if _, err := f.svc.Create(context.Background(), f.reviewer, enterprise(), "ip"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("reviewer created an application: %v", err)
		}
	})
}

func TestSubmitListsEverythingMissing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a, err := f.svc.Create(ctx, f.merchant, onboarding.Fields{MerchantType: ptr("micro"), ShopName: ptr("早餐铺")}, "ip")
		if err != nil {
			t.Fatal(err)
		}
		e := wantCode(t, onlyErr(f.svc.Submit(ctx, f.merchant, a.ID, "ip")), apperr.Validation)
		for _, k := range []string{"legal_name", "legal_rep_id_number", "settlement_account_number", "channel_mix",
			"documents.legal_rep_id_front", "documents.premises_proof"} {
			if e.Fields[k] == "" {
				t.Errorf("missing %s not reported: %v", k, e.Fields)
			}
		}
		if _, ok := e.Fields["uscc"]; ok {
			t.Error("micro merchants need no USCC")
		}
		if _, ok := e.Fields["documents.business_license"]; ok {
			t.Error("micro merchants need no business licence")
		}
		got, _ := f.svc.Get(ctx, f.merchant, a.ID)
		if got.Status != onboarding.Draft {
			t.Fatalf("status after refused submit = %s", got.Status)
		}
	})
}

func onlyErr(_ onboarding.Application, err error) error { return err }

func TestMicroVolumeAndHolderNameRules(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	fields := enterprise()
	fields.MerchantType = ptr("micro")
	fields.USCC = ptr("")
	fields.ExpectedMonthlyVolumeFen = ptr(int64(100_000_01))
	fields.SettlementAccountType = ptr("personal")
	fields.SettlementAccountNumber = ptr("6222021234567890128")
	// The holder (the company name) is not the micro merchant's operator:
	// refused when saved, not only at submit.
	e := wantCode(t, onlyErr(f.svc.Create(ctx, f.merchant, fields, "ip")), apperr.Validation)
	if e.Fields["settlement_account_name"] != "holder_name.mismatch_operator" {
		t.Errorf("holder at save: %v", e.Fields)
	}
	fields.SettlementAccountName = nil
	a := f.ready(t, fields)
	e = wantCode(t, onlyErr(f.svc.Submit(ctx, f.merchant, a.ID, "ip")), apperr.Validation)
	if e.Fields["expected_monthly_volume_fen"] != "application.micro_volume_limit" {
		t.Errorf("volume: %v", e.Fields)
	}
	if e.Fields["settlement_account_name"] != "field.required" {
		t.Errorf("holder: %v", e.Fields)
	}
}

func TestCrossFieldRulesRefuseTheSaveThatBreaksThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a, err := f.svc.Create(ctx, f.merchant, enterprise(), "ip")
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name  string
			patch onboarding.Fields
			field string
			key   string
		}{
			{"holder", onboarding.Fields{SettlementAccountName: ptr("王小明")}, "settlement_account_name", "holder_name.mismatch_legal"},
			{"mix", onboarding.Fields{ChannelMix: map[string]int{"wechat_pay": 60, "alipay": 30}}, "channel_mix", "application.channel_mix.sum"},
			// The stored corporate number fails Luhn once the type says personal.
			{"card", onboarding.Fields{SettlementAccountType: ptr("personal")}, "settlement_account_number", "bankcard.checksum"},
			{"uscc", onboarding.Fields{USCC: ptr("")}, "uscc", "application.uscc.required_for_type"},
		}
		for _, c := range cases {
			e := wantCode(t, onlyErr(f.svc.Update(ctx, f.merchant, a.ID, c.patch, "ip")), apperr.Validation)
			if e.Fields[c.field] != c.key {
				t.Errorf("%s: fields %v, want %s=%s", c.name, e.Fields, c.field, c.key)
			}
		}
		got, _ := f.svc.Get(ctx, f.merchant, a.ID)
		if got.SettlementAccountName != *enterprise().SettlementAccountName || got.USCC == "" || got.SettlementAccountType != "corporate" {
			t.Fatalf("a refused save changed the application: %+v", got)
		}
		// A save that does not touch a rule's fields is not held up by it.
		if _, err := f.svc.Update(ctx, f.merchant, a.ID, onboarding.Fields{LegalName: ptr("上海浦东示例便利店(集团)有限公司")}, "ip"); err != nil {
			t.Fatalf("unrelated save refused: %v", err)
		}
	})
}

func TestResubmissionMustAnswerTheRequest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())
		if _, err := f.svc.Claim(ctx, f.reviewer, a.ID, "ip"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "request_info", ReasonCode: "information_mismatch",
			Comment: "店名与门头不符", Requested: onboarding.Requested{Fields: []string{"shop_name"}, Documents: []string{"storefront_photo"}}}, "ip"); err != nil {
			t.Fatal(err)
		}
		req, err := f.svc.OpenRequest(ctx, f.merchant, a.ID)
		if err != nil || req == nil || req.ReasonCode != "information_mismatch" || req.Fields[0] != "shop_name" || req.Documents[0] != "storefront_photo" {
			t.Fatalf("open request = %+v, %v", req, err)
		}
		e := wantCode(t, onlyErr(f.svc.Submit(ctx, f.merchant, a.ID, "ip")), apperr.Validation)
		if e.Key != "application.request_open" || e.Fields["shop_name"] != "resubmission.field_unchanged" ||
			e.Fields["documents.storefront_photo"] != "resubmission.document_not_replaced" {
			t.Fatalf("unchanged resubmission: %s %v", e.Key, e.Fields)
		}
		// Fixing one item leaves the other open.
		if _, err := f.upload(t, f.merchant, a.ID, "storefront_photo", pngBytes()); err != nil {
			t.Fatal(err)
		}
		e = wantCode(t, onlyErr(f.svc.Submit(ctx, f.merchant, a.ID, "ip")), apperr.Validation)
		if _, open := e.Fields["documents.storefront_photo"]; open || e.Fields["shop_name"] == "" {
			t.Fatalf("after the new photo: %v", e.Fields)
		}
		// The merchant disagrees about the name and says why.
		a, err = f.svc.Resubmit(ctx, f.merchant, a.ID, "  门头招牌正在更换,店名以营业执照为准。 ", "ip")
		if err != nil || a.Status != onboarding.Submitted {
			t.Fatalf("resubmit with reply: %v %v", a.Status, err)
		}
		if req, _ := f.svc.OpenRequest(ctx, f.merchant, a.ID); req != nil {
			t.Fatalf("open request after resubmission: %+v", req)
		}
		c, err := f.svc.Changes(ctx, f.reviewer, a.ID)
		if err != nil || c.Reply != "门头招牌正在更换,店名以营业执照为准。" {
			t.Fatalf("reviewer sees reply %q (%v)", c.Reply, err)
		}
	})
}

func TestReviewDueAtFollowsTheServiceClock(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	// Friday 2026-12-04 10:00 Shanghai: due two business days on, Tuesday.
	fri := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	svc := f.svc.WithClock(func() time.Time { return fri })
	a := f.ready(t, enterprise())
	a, err := svc.Submit(ctx, f.merchant, a.ID, "ip")
	if err != nil {
		t.Fatal(err)
	}
	clk, err := svc.SLA(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	due := clk.DueAt(a)
	if due == nil || due.Weekday() != time.Tuesday || clk.Overdue(a) {
		t.Fatalf("due %v overdue %v", due, clk.Overdue(a))
	}
	late, _ := f.svc.WithClock(func() time.Time { return due.Add(time.Minute) }).SLA(ctx, nil)
	if !late.Overdue(a) {
		t.Fatal("a minute past the deadline is not overdue")
	}
	a.Status = onboarding.Approved
	if clk.DueAt(a) != nil {
		t.Fatal("a decided application has a due date")
	}
}

func TestApprovalJourneyAndHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())
		if a.Status != onboarding.Submitted || a.SubmittedAt == nil || a.HighRisk {
			t.Fatalf("after submit: %+v", a)
		}
		a, err := f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
		if err != nil || a.Status != onboarding.InReview {
			t.Fatalf("claim: %v %v", a.Status, err)
		}
		if _, err := f.svc.Release(ctx, f.reviewer2, a.ID, "ip"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("another reviewer released: %v", err)
		}
		if _, err := f.svc.Decide(ctx, f.reviewer2, a.ID, onboarding.Decision{Decision: "approve"}, "ip"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("non-claimer decided: %v", err)
		}
		a, err = f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "approve", Comment: "资料齐全"}, "ip")
		if err != nil || a.Status != onboarding.Approved {
			t.Fatalf("approve: %v %v", a.Status, err)
		}
		if _, err := f.svc.Withdraw(ctx, f.merchant, a.ID, "ip"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("withdraw after approval: %v", err)
		}
		h, err := f.svc.History(ctx, f.merchant, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var trail []string
		for _, e := range h {
			trail = append(trail, string(e.From)+">"+string(e.To))
		}
		if got := strings.Join(trail, " "); got != "draft>submitted submitted>in_review in_review>approved" {
			t.Fatalf("history = %s", got)
		}
		es, _ := audit.List(ctx, d, audit.Filter{Action: "application.approve"})
		if len(es) != 1 || *es[0].ActorID != f.reviewer.ID {
			t.Fatalf("audit = %+v", es)
		}
	})
}

func TestOtherMerchantsApplicationIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.ready(t, enterprise())
		if _, err := f.svc.Get(ctx, f.other, a.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("get: %v", err)
		}
		if _, err := f.svc.Update(ctx, f.other, a.ID, onboarding.Fields{ShopName: ptr("x")}, "ip"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("update: %v", err)
		}
		if _, err := f.svc.Submit(ctx, f.other, a.ID, "ip"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("submit: %v", err)
		}
		if _, err := f.svc.Documents(ctx, f.other, a.ID, false); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("documents: %v", err)
		}
		if _, err := f.upload(t, f.other, a.ID, "storefront_photo", pngBytes()); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("upload: %v", err)
		}
		list, _ := f.svc.List(ctx, f.other, onboarding.ListFilter{})
		if len(list) != 0 {
			t.Errorf("list shows %d foreign applications", len(list))
		}
	})
}

func TestRequestInfoThenResubmitShowsWhatChanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())
		f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
		_, err := f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "request_info", Comment: "门头照片不清晰"}, "ip")
		e := wantCode(t, err, apperr.Validation)
		if e.Fields["reason_code"] == "" || e.Fields["requested"] == "" {
			t.Fatalf("request_info without reason/requested accepted: %v", e.Fields)
		}
		a, err = f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "request_info", ReasonCode: "document_illegible",
			Comment: "门头照片不清晰", Requested: onboarding.Requested{Fields: []string{"shop_name"}, Documents: []string{"storefront_photo"}}}, "ip")
		if err != nil || a.Status != onboarding.InfoRequested {
			t.Fatalf("request_info: %v %v", a.Status, err)
		}
		if _, err := f.svc.Update(ctx, f.merchant, a.ID, onboarding.Fields{ShopName: ptr("示例便利店(陆家嘴店)")}, "ip"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.upload(t, f.merchant, a.ID, "storefront_photo", pngBytes()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Submit(ctx, f.merchant, a.ID, "ip"); err != nil {
			t.Fatal(err)
		}
		c, err := f.svc.Changes(ctx, f.reviewer, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Resubmission || len(c.Fields) != 1 || c.Fields[0].Field != "shop_name" || c.Fields[0].After != "示例便利店(陆家嘴店)" {
			t.Fatalf("field changes = %+v", c.Fields)
		}
		if len(c.ReplacedDocuments) != 1 || c.ReplacedDocuments[0] != "storefront_photo" {
			t.Fatalf("replaced documents = %v", c.ReplacedDocuments)
		}
		h, _ := f.svc.History(ctx, f.merchant, a.ID)
		var req onboarding.HistoryEvent
		for _, e := range h {
			if e.Event == onboarding.EvRequestInfo {
				req = e
			}
		}
		if req.Comment != "门头照片不清晰" || req.ReasonCode != "document_illegible" || req.Requested().Documents[0] != "storefront_photo" {
			t.Fatalf("merchant-visible request = %+v", req)
		}
	})
}

func TestRejectNeedsReasonAndComment(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	a := f.submitted(t, enterprise())
	f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
	wantCode(t, onlyErr(f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "reject"}, "ip")), apperr.Validation)
	wantCode(t, onlyErr(f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "reject", ReasonCode: "prohibited_business"}, "ip")), apperr.Validation)
	a, err := f.svc.Decide(ctx, f.reviewer, a.ID, onboarding.Decision{Decision: "reject", ReasonCode: "prohibited_business", Comment: "经营范围不符"}, "ip")
	if err != nil || a.Status != onboarding.Rejected || a.DecidedAt == nil {
		t.Fatalf("reject: %v %+v", err, a)
	}
}

func TestHighRiskNeedsTwoDifferentReviewers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		fields := enterprise()
		fields.ExpectedMonthlyVolumeFen = ptr(int64(600_000_00))
		a := f.submitted(t, fields)
		if !a.HighRisk {
			t.Fatal("¥600,000 a month is high risk")
		}
		approve := onboarding.Decision{Decision: "approve"}
		f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
		a, err := f.svc.Decide(ctx, f.reviewer, a.ID, approve, "ip")
		if err != nil || a.Status != onboarding.Submitted {
			t.Fatalf("first approval: %v %s", err, a.Status)
		}
		f.svc.Claim(ctx, f.reviewer, a.ID, "ip")
		_, err = f.svc.Decide(ctx, f.reviewer, a.ID, approve, "ip")
		if e := wantCode(t, err, apperr.Forbidden); e.Key != "decision.second_approver_required" {
			t.Fatalf("key %s", e.Key)
		}
		f.svc.Release(ctx, f.reviewer, a.ID, "ip")
		f.svc.Claim(ctx, f.reviewer2, a.ID, "ip")
		a, err = f.svc.Decide(ctx, f.reviewer2, a.ID, approve, "ip")
		if err != nil || a.Status != onboarding.Approved {
			t.Fatalf("second approval: %v %s", err, a.Status)
		}
		ids, _ := f.svc.Approvals(ctx, a.ID)
		if len(ids) != 2 {
			t.Fatalf("approvals = %v", ids)
		}
	})
}

// Real goroutines on the real database: exactly one of concurrent claims
// and one of concurrent decisions wins; the rest get 409 and change nothing.
func TestConcurrentClaimsAndDecisionsOneWins(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())

		race := func(n int, do func(i int) error) (wins int, conflicts int) {
			var wg sync.WaitGroup
			errs := make([]error, n)
			start := make(chan struct{})
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i] = do(i)
				}()
			}
			close(start)
			wg.Wait()
			for _, err := range errs {
				switch apperr.CodeOf(err) {
				case apperr.Conflict:
					conflicts++
				default:
					if err != nil {
						t.Fatalf("unexpected error: %v", err)
					}
					wins++
				}
			}
			return
		}
		reviewers := []auth.User{f.reviewer, f.reviewer2}
		wins, conflicts := race(8, func(i int) error {
			_, err := f.svc.Claim(ctx, reviewers[i%2], a.ID, "ip")
			return err
		})
		if wins != 1 || conflicts != 7 {
			t.Fatalf("claims: %d won, %d conflicts", wins, conflicts)
		}
		got, _ := f.svc.Get(ctx, f.admin, a.ID)
		claimer := f.reviewer
		if got.Claimer() == f.reviewer2.ID {
			claimer = f.reviewer2
		}
		decisions := []onboarding.Decision{
			{Decision: "approve"},
			{Decision: "reject", ReasonCode: "risk_assessment", Comment: "风险评估未通过"},
		}
		wins, conflicts = race(8, func(i int) error {
			_, err := f.svc.Decide(ctx, claimer, a.ID, decisions[i%2], "ip")
			return err
		})
		if wins != 1 || conflicts != 7 {
			t.Fatalf("decisions: %d won, %d conflicts", wins, conflicts)
		}
		h, _ := f.svc.History(ctx, f.admin, a.ID)
		if len(h) != 3 {
			t.Fatalf("history has %d events, want 3 (submit, claim, one decision)", len(h))
		}
	})
}

func TestDocumentsDuplicatesAndCleanup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a, _ := f.svc.Create(ctx, f.merchant, enterprise(), "ip")
		img := pngBytes()
		doc, err := f.upload(t, f.merchant, a.ID, "storefront_photo", img)
		if err != nil || doc.Size != int64(len(img)) || len(doc.SHA256) != 64 || doc.ContentType != "image/png" {
			t.Fatalf("upload: %+v %v", doc, err)
		}
		before := countFiles(t, f.blobDir)
		if _, err := f.upload(t, f.merchant, a.ID, "business_license", img); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("same bytes twice: %v", err)
		}
		if _, err := f.upload(t, f.merchant, a.ID, "passport", pngBytes()); apperr.CodeOf(err) != apperr.Validation {
			t.Fatalf("unknown kind: %v", err)
		}
		if after := countFiles(t, f.blobDir); after != before {
			t.Fatalf("refused uploads left files: %d → %d", before, after)
		}
		if _, err := f.svc.ViewDocument(ctx, f.reviewer, a.ID, doc.ID, "ip"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("reviewer opened a draft's document: %v", err)
		}
		sub := f.submitted(t, enterprise())
		subDocs, err := f.svc.Documents(ctx, f.reviewer, sub.ID, false)
		if err != nil || len(subDocs) == 0 {
			t.Fatalf("documents of a submitted application: %v", err)
		}
		if _, err := f.svc.ViewDocument(ctx, f.reviewer, sub.ID, subDocs[0].ID, "ip"); err != nil {
			t.Fatal(err)
		}
		views, _ := audit.List(ctx, d, audit.Filter{Action: "document.view"})
		if len(views) != 1 {
			t.Fatalf("staff view not audited: %d", len(views))
		}
		if err := f.svc.DeleteDocument(ctx, f.merchant, a.ID, doc.ID, "ip"); err != nil {
			t.Fatal(err)
		}
		if n := countFiles(t, f.blobDir); n != before-1+len(subDocs) {
			t.Fatalf("file not deleted with its document: %d", n)
		}
	})
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	var walk func(string)
	walk = func(p string) {
		entries, err := os.ReadDir(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() {
				walk(p + "/" + e.Name())
			} else {
				n++
			}
		}
	}
	walk(dir)
	return n
}

func TestResidentIDEncryptedAtRest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())
		var raw string
		if err := d.Get(ctx, &raw, `SELECT legal_rep_id_enc || legal_rep_id_hash || legal_rep_id_masked || settlement_account_number ||
			settlement_account_enc || settlement_account_hash || settlement_account_masked FROM applications WHERE id = ?`, a.ID); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw, "11010519491231002X") || strings.Contains(raw, "19491231") || strings.Contains(raw, "100123456789") {
			t.Fatal("resident ID or account number stored in clear")
		}
		if a.LegalRepIDMasked != "110***********002X" || a.SettlementAccountMasked != "****0123" {
			t.Fatalf("masked = %q, %q", a.LegalRepIDMasked, a.SettlementAccountMasked)
		}
		if _, err := f.svc.Reveal(ctx, f.merchant, a.ID, "ip"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatal("merchant revealed numbers through the staff path")
		}
		r, err := f.svc.Reveal(ctx, f.reviewer, a.ID, "ip")
		if err != nil || r.IDNumber != "11010519491231002X" || r.AccountNumber != "1001234567890123" {
			t.Fatalf("reveal = %+v %v", r, err)
		}
		for _, action := range []string{"application.id_viewed", "application.account_viewed"} {
			if views, _ := audit.List(ctx, d, audit.Filter{Action: action}); len(views) != 1 {
				t.Fatalf("%s: %d audit events", action, len(views))
			}
		}
		if _, err := f.svc.OwnAccountNumber(ctx, f.merchant, a.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("edit form number of a submitted application: %v", err)
		}
	})
}

// TestSealClearAccounts seals what older versions stored in clear — the
// column and the submission snapshots — once, and the numbers still work.
func TestSealClearAccounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.submitted(t, enterprise())
		// What a row written before encryption looks like.
		const old = "1001234567890123"
		if _, err := d.Exec(ctx, `UPDATE applications SET settlement_account_number = ?, settlement_account_enc = '',
			settlement_account_hash = '', settlement_account_masked = '' WHERE id = ?`, old, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE application_events SET snapshot = ? WHERE application_id = ? AND event = 'submit'`,
			`{"legal_name":"x","settlement_account_number":"`+old+`"}`, a.ID); err != nil {
			t.Fatal(err)
		}
		apps, snaps, err := f.svc.SealClearAccounts(ctx)
		if err != nil || apps != 1 || snaps != 1 {
			t.Fatalf("sealed %d applications, %d snapshots: %v", apps, snaps, err)
		}
		var raw string
		if err := d.Get(ctx, &raw, `SELECT settlement_account_number || settlement_account_enc || settlement_account_hash FROM applications WHERE id = ?`, a.ID); err != nil {
			t.Fatal(err)
		}
		var snap string
		if err := d.Get(ctx, &snap, `SELECT snapshot FROM application_events WHERE application_id = ? AND event = 'submit'`, a.ID); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(raw+snap, old[:12]) || !strings.Contains(snap, "****0123") {
			t.Fatalf("still in clear: %s / %s", raw, snap)
		}
		if apps, snaps, err := f.svc.SealClearAccounts(ctx); err != nil || apps+snaps != 0 {
			t.Fatalf("second run sealed %d+%d: %v", apps, snaps, err)
		}
		got, err := f.svc.Get(ctx, f.reviewer, a.ID)
		if err != nil || got.SettlementAccountMasked != "****0123" {
			t.Fatalf("masked %q %v", got.SettlementAccountMasked, err)
		}
		if r, err := f.svc.Reveal(ctx, f.reviewer, a.ID, "ip"); err != nil || r.AccountNumber != old {
			t.Fatalf("reveal after sealing: %+v %v", r, err)
		}
	})
}

func TestSummaryPDFReadsBack(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	a := f.submitted(t, enterprise())
	doc, err := f.svc.SummaryPDF(ctx, f.merchant, a.ID, "zh-CN", nil)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftest.Text(t, doc)
	if strings.Contains(text, "?") {
		t.Errorf("'?' in the summary:\n%s", text)
	}
	docs, _ := f.svc.Documents(ctx, f.merchant, a.ID, false)
	for _, want := range []string{"上海浦东示例便利店有限公司", "110***********002X", "营业执照", docs[0].SHA256[:16], "提交申请", "申请摘要"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("summary PDF lacks %q", want)
		}
	}
	if strings.Contains(text, "11010519491231002X") {
		t.Error("summary PDF shows the full ID number")
	}
	en, err := f.svc.SummaryPDF(ctx, f.reviewer, a.ID, "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	// In English the merchant's own words stay Chinese.
	if txt := pdftest.Text(t, en); !strings.Contains(txt, "Application summary") || !strings.Contains(txt, "Business licence") ||
		!strings.Contains(strings.ReplaceAll(txt, "\n", ""), "上海浦东示例便利店有限公司") || strings.Contains(txt, "??") {
		t.Errorf("English summary:\n%s", txt)
	}
	if _, err := f.svc.SummaryPDF(ctx, f.other, a.ID, "en", nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("other merchant got the summary: %v", err)
	}
}

func TestProfileForFeeQuotes(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	if _, ok, err := f.svc.ProfileFor(ctx, f.merchant.ID); ok || err != nil {
		t.Fatalf("profile without application: %v %v", ok, err)
	}
	f.ready(t, enterprise())
	p, ok, err := f.svc.ProfileFor(ctx, f.merchant.ID)
	if err != nil || !ok {
		t.Fatalf("profile: %v %v", ok, err)
	}
	// ¥300,000 a month at ¥50: 6,000 payments; WeChat Pay 40% → 2,400.
	got := map[string]int64{}
	for _, c := range p.Channels {
		got[string(c.Channel)] = c.MonthlyCount
		if c.AverageTicketFen != 5000 {
			t.Errorf("%s ticket %d", c.Channel, c.AverageTicketFen)
		}
	}
	want := map[string]int64{"wechat_pay": 2400, "alipay": 1800, "unionpay_qr": 600, "debit_card": 600, "credit_card": 600}
	for ch, n := range want {
		if got[ch] != n {
			t.Errorf("%s = %d, want %d", ch, got[ch], n)
		}
	}
}
