package scheduling_test

import (
	"bytes"
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/secret"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
)

// now is the fixture's clock: Tuesday 2026-12-01 08:00 in Shanghai.
var now = time.Date(2026, 12, 1, 8, 0, 0, 0, shanghai.Location)

func at(day, hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hhmm, shanghai.Location)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	db    *db.DB
	auth  *auth.Service
	onb   *onboarding.Service
	svc   *scheduling.Service
	admin auth.User
}

var seq atomic.Int64

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	p := auth.DefaultPolicy()
	p.HashParams = argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	a, err := auth.NewService(d, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	box, err := secret.NewBox(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	onb := onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), clock)
	f := &fixture{db: d, auth: a, onb: onb, svc: scheduling.NewService(d, onb, nil, clock)}
	f.admin = f.user(t, auth.Admin)
	return f
}

func (f *fixture) user(t testing.TB, role auth.Role) auth.User {
	t.Helper()
	email := fmt.Sprintf("%s%d@example.com", role, seq.Add(1))
	u, err := f.auth.CreateUser(context.Background(), nil, auth.NewUser{Email: email, Password: "password 12345",
		Name: "User " + email, Phone: "13812345678", Role: role}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var pudong = scheduling.District{Province: "上海市", City: "上海市", District: "浦东新区"}

// installer creates an installer account and profile serving districts,
// working every day from start to end (minutes after midnight).
func (f *fixture) installer(t testing.TB, dailyCap, start, end int, districts ...scheduling.District) (auth.User, scheduling.Installer) {
	t.Helper()
	ctx := context.Background()
	u := f.user(t, auth.Installer)
	in, err := f.svc.SaveInstaller(ctx, f.admin, scheduling.InstallerInput{UserID: u.ID, DailyCap: dailyCap, Active: true, Districts: districts}, "ip")
	if err != nil {
		t.Fatalf("save installer: %v %v", err, apperr.As(err).Fields)
	}
	var hours []scheduling.Hours
	for d := time.Sunday; d <= time.Saturday; d++ {
		hours = append(hours, scheduling.Hours{Weekday: d, Start: start, End: end})
	}
	if in, err = f.svc.SetAvailability(ctx, u, in.ID, hours, nil, "ip"); err != nil {
		t.Fatalf("availability: %v %v", err, apperr.As(err).Fields)
	}
	return u, in
}

// signedApplication gives merchant an application in contract_signed.
// Approval and the signed contract (whose fee plan names the provider the
// installed terminals are registered with) are stored directly: review and
// signing are onboarding's, tested there.
func (f *fixture) signedApplication(t testing.TB, merchant auth.User, d scheduling.District, terminals int) onboarding.Application {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := f.db.Get(ctx, &id, `INSERT INTO applications (merchant_id, status, shop_name, province, city, district, address,
		terminal_count, contact_mobile, created_at, updated_at) VALUES (?, 'approved', ?, ?, ?, ?, ?, ?, '13800138000', ?, ?) RETURNING id`,
		merchant.ID, "示例小店", d.Province, d.City, d.District, "世纪大道100号", terminals, now.UTC(), now.UTC()); err != nil {
		t.Fatal(err)
	}
	terms := fmt.Sprintf(`{"plan":{"id":1,"provider_id":%d},"terminals":[],"term_months":12}`, f.provider(t))
	if _, err := f.db.Exec(ctx, `INSERT INTO contracts (application_id, merchant_id, number, fee_plan_id, terms, lang, pdf_key,
		sha256, created_at, signer_name, signed_sha256, signed_at) VALUES (?, ?, ?, 1, ?, 'zh-CN', 'none', 'x', ?, '张三', 'x', ?)`,
		id, merchant.ID, fmt.Sprintf("T-%d", id), terms, now.UTC(), now.UTC()); err != nil {
		t.Fatal(err)
	}
	var a onboarding.Application
	err := f.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		a, err = f.onb.FireInTx(ctx, tx, id, onboarding.EvSignContract, merchant, "ip")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// provider returns the fixture's payment provider, creating it once.
func (f *fixture) provider(t testing.TB) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := f.db.Get(ctx, &id, `SELECT id FROM catalog_providers WHERE name = 'TestBank'`); err == nil {
		return id
	}
	if err := f.db.Get(ctx, &id, `INSERT INTO catalog_providers (name, kind, created_at, updated_at)
		VALUES ('TestBank', 'bank', ?, ?) RETURNING id`, now.UTC(), now.UTC()); err != nil {
		t.Fatal(err)
	}
	return id
}
