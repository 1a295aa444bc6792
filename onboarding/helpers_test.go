package onboarding_test

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/alexedwards/argon2id"

	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/secret"
	"posportal/onboarding"
)

type fixture struct {
	svc                 *onboarding.Service
	db                  *db.DB
	blobs               *blob.Local
	blobDir             string
	merchant, other     auth.User
	reviewer, reviewer2 auth.User
	admin               auth.User
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(role auth.Role, email string) auth.User {
		u, err := a.CreateUser(ctx, nil, auth.NewUser{Email: email, Password: "password 12345", Name: email, Phone: "13812345678", Role: role}, auth.Request{})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	box, err := secret.NewBox(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	blobs, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	svc := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), nil)
	if err := svc.EnsureRequirementDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, db: d, blobs: blobs, blobDir: dir,
		merchant: mk(auth.Merchant, "m1@example.com"), other: mk(auth.Merchant, "m2@example.com"),
		reviewer: mk(auth.Reviewer, "r1@bank.example"), reviewer2: mk(auth.Reviewer, "r2@bank.example"),
		admin: mk(auth.Admin, "admin@bank.example")}
}

func ptr[T any](v T) *T { return &v }

// enterprise returns a complete, valid enterprise application.
func enterprise() onboarding.Fields {
	return onboarding.Fields{
		MerchantType: ptr("enterprise"), LegalName: ptr("上海浦东示例便利店有限公司"), ShopName: ptr("示例便利店(世纪大道店)"),
		USCC: ptr("91350100M000100Y43"), MCCGroup: ptr("retail"), Province: ptr("上海市"), City: ptr("上海市"),
		District: ptr("浦东新区"), Address: ptr("世纪大道100号"), LegalRepName: ptr("王小明"),
		LegalRepIDNumber: ptr("11010519491231002X"), ContactMobile: ptr("13812345678"), ContactEmail: ptr("shop@example.com"),
		SettlementBank: ptr("中国工商银行上海浦东分行"), SettlementAccountType: ptr("corporate"),
		SettlementAccountName: ptr("上海浦东示例便利店有限公司"), SettlementAccountNumber: ptr("1001234567890123"),
		ExpectedMonthlyVolumeFen: ptr(int64(30_000_000)), AverageTicketFen: ptr(int64(5_000)),
		ChannelMix:    map[string]int{"wechat_pay": 40, "alipay": 30, "unionpay_qr": 10, "debit_card": 10, "credit_card": 10},
		TerminalCount: ptr(int64(2)),
	}
}

var docSeq atomic.Int64

// pngBytes returns a distinct small PNG-signed payload.
func pngBytes() []byte {
	return append([]byte("\x89PNG\r\n\x1a\n"), []byte(fmt.Sprintf("IHDR test image %d", docSeq.Add(1)))...)
}

func (f *fixture) upload(t *testing.T, u auth.User, appID int64, kind string, content []byte) (onboarding.Document, error) {
	t.Helper()
	obj, err := f.blobs.Put(context.Background(), bytes.NewReader(content), f.svc.MaxDocumentBytes())
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	return f.svc.AddDocument(context.Background(), u, appID, kind, kind+".png", obj, "203.0.113.1")
}

// ready creates an application with every required document uploaded.
func (f *fixture) ready(t *testing.T, fields onboarding.Fields) onboarding.Application {
	t.Helper()
	ctx := context.Background()
	a, err := f.svc.Create(ctx, f.merchant, fields, "ip")
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	kinds, err := f.svc.RequiredKinds(ctx, onboarding.MerchantType(*fields.MerchantType))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range kinds {
		if _, err := f.upload(t, f.merchant, a.ID, k, pngBytes()); err != nil {
			t.Fatalf("upload %s: %v", k, err)
		}
	}
	return a
}

// submitted creates a ready application and submits it.
func (f *fixture) submitted(t *testing.T, fields onboarding.Fields) onboarding.Application {
	t.Helper()
	a := f.ready(t, fields)
	a, err := f.svc.Submit(context.Background(), f.merchant, a.ID, "ip")
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return a
}
