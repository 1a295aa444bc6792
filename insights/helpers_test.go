package insights_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"posportal/catalog"
	"posportal/insights"
	"posportal/internal/auth"
	"posportal/internal/blob"
	"posportal/internal/db"
	"posportal/internal/demo"
	"posportal/internal/secret"
	"posportal/internal/shanghai"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
	"posportal/support/knowledge"
)

// at reads a Shanghai wall-clock time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai.Location)
	if err != nil {
		panic(err)
	}
	return t
}

// world is every service on one database, all reading the same clock, so
// a test writes history by setting the clock and calling the real
// services.
type world struct {
	db       *db.DB
	clock    time.Time
	auth     *auth.Service
	onb      *onboarding.Service
	sched    *scheduling.Service
	support  *support.Service
	catalog  *catalog.Service
	insights *insights.Service
	admin    auth.User
	seq      atomic.Int64
}

func newWorld(t testing.TB, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: d}
	now := func() time.Time { return w.clock }
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
	w.auth = a
	w.onb = onboarding.NewService(d, box, blobs, onboarding.DefaultLimits(), now)
	if err := w.onb.EnsureRequirementDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	w.sched = scheduling.NewService(d, w.onb, nil, now)
	tree, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	w.support = support.NewService(d, tree, now)
	w.catalog = catalog.NewService(d, now)
	cal := workcal.NewService(d, now)
	w.clock = at("2026-09-01 08:00")
	if _, err := cal.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	w.insights = insights.NewService(d, cal, support.DefaultWatchConfig().Window, now)
	w.admin = w.user(t, auth.Admin, "Admin")
	return w
}

func (w *world) user(t testing.TB, role auth.Role, name string) auth.User {
	t.Helper()
	u, err := w.auth.CreateUser(context.Background(), nil, auth.NewUser{Email: fmt.Sprintf("u%d@example.com", w.seq.Add(1)),
		Password: "password 12345", Name: name, Phone: "13812345678", Role: role}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// set moves the clock to a Shanghai wall-clock time.
func (w *world) set(s string) { w.clock = at(s) }

func ptr[T any](v T) *T { return &v }

// fields is a complete enterprise application in 浦东新区 for 2 terminals.
func fields(n int64) onboarding.Fields {
	return onboarding.Fields{
		MerchantType: ptr("enterprise"), LegalName: ptr("上海浦东示例便利店有限公司"), ShopName: ptr(fmt.Sprintf("示例便利店%d", n)),
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

// submitted creates a merchant and an application with every required
// document and submits it at when.
func (w *world) submitted(t testing.TB, when string) (auth.User, onboarding.Application) {
	t.Helper()
	ctx := context.Background()
	w.set(when)
	n := w.seq.Add(1)
	m := w.user(t, auth.Merchant, fmt.Sprintf("Merchant %d", n))
	a, err := w.onb.Create(ctx, m, fields(n), "ip")
	if err != nil {
		t.Fatal(err)
	}
	kinds, err := w.onb.RequiredKinds(ctx, onboarding.Enterprise)
	if err != nil {
		t.Fatal(err)
	}
	for i, kind := range kinds {
		obj, err := w.onb.Blobs().Put(ctx, bytes.NewReader(pngBytes(int(n), i)), w.onb.MaxDocumentBytes())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.onb.AddDocument(ctx, m, a.ID, kind, kind+".png", obj, "ip"); err != nil {
			t.Fatal(err)
		}
	}
	if a, err = w.onb.Submit(ctx, m, a.ID, "ip"); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return m, a
}

func pngBytes(app, doc int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(app%8, doc%8, color.RGBA{uint8(app), uint8(doc), 200, 255})
	img.Set(7, 7, color.RGBA{uint8(app >> 8), 1, 2, 255})
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

func (w *world) claim(t testing.TB, when string, r auth.User, id int64) {
	t.Helper()
	w.set(when)
	if _, err := w.onb.Claim(context.Background(), r, id, "ip"); err != nil {
		t.Fatalf("claim: %v", err)
	}
}

func (w *world) decide(t testing.TB, when string, r auth.User, id int64, d onboarding.Decision) {
	t.Helper()
	w.set(when)
	if _, err := w.onb.Decide(context.Background(), r, id, d, "ip"); err != nil {
		t.Fatalf("decide %s: %v", d.Decision, err)
	}
}

// fire moves an application by ev through the state machine at when.
func (w *world) fire(t testing.TB, when string, id int64, ev onboarding.Event, actor auth.User) {
	t.Helper()
	w.set(when)
	err := w.db.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := w.onb.FireInTx(context.Background(), tx, id, ev, actor, "ip")
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", ev, err)
	}
}

// book books an installation at when for the slot starting at start.
func (w *world) book(t testing.TB, when string, m auth.User, id int64, start string) scheduling.Appointment {
	t.Helper()
	w.set(when)
	ap, err := w.sched.Book(context.Background(), m, id, scheduling.Installation, at(start), "ip")
	if err != nil {
		t.Fatalf("book: %v", err)
	}
	return ap
}

// catalogIDs seeds the sample catalog and returns model and provider ids by name.
func (w *world) catalogIDs(t testing.TB) (models, providers map[string]int64) {
	t.Helper()
	ctx := context.Background()
	if err := demo.SeedCatalog(ctx, w.catalog); err != nil {
		t.Fatal(err)
	}
	ms, err := w.catalog.Models(ctx, catalog.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	models = map[string]int64{}
	for _, m := range ms {
		models[m.Name] = m.ID
	}
	ps, err := w.catalog.Providers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	providers = map[string]int64{}
	for _, p := range ps {
		providers[p.Name] = p.ID
	}
	return models, providers
}
