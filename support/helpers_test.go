package support

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/support/knowledge"
)

var (
	ctx      = context.Background()
	fixedNow = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
)

// fixture is a support service on a real database with a catalog model,
// a provider and accounts of every role; its clock moves only when told.
type fixture struct {
	t         testing.TB
	d         *db.DB
	svc       *Service
	mu        sync.Mutex
	now       time.Time
	admin     *auth.User
	merchant  *auth.User
	other     *auth.User
	installer *auth.User
	model     catalog.Model
	provider  catalog.Provider
}

var testTree = func() *knowledge.Tree {
	t, err := knowledge.Load()
	if err != nil {
		panic(err)
	}
	return t
}()

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, d: d, now: fixedNow}
	f.svc = NewService(d, testTree, f.clock)
	f.admin = f.user(auth.Admin, "admin@example.test", "管理员")
	f.merchant = f.user(auth.Merchant, "shop@example.test", "上海浦东示例便利店")
	f.other = f.user(auth.Merchant, "other@example.test", "Other Shop")
	f.installer = f.user(auth.Installer, "fixer@example.test", "陈师傅")
	cat := catalog.NewService(d, f.clock)
	b, err := cat.CreateBrand(ctx, f.admin, catalog.Brand{Name: "星驰", ServiceCities: 10, SupportHours: "24x7", OnsiteSLAHours: 24, SupportRating: 4}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	f.model, err = cat.CreateModel(ctx, f.admin, catalog.Model{BrandID: b.ID, Name: "P10", Category: catalog.Countertop,
		Capabilities: catalog.Capabilities{EMVChip: true, Printer: true}, HardwareRevisions: []string{"A1", "A2", "B1"}}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	f.provider, err = cat.CreateProvider(ctx, f.admin, catalog.Provider{Name: "示例银行", Kind: catalog.Bank, Methods: []catalog.Method{catalog.UnionPayCard}}, auth.Request{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func (f *fixture) user(role auth.Role, email, name string) *auth.User {
	f.t.Helper()
	u := &auth.User{Email: email, Name: name, Role: role}
	err := f.d.Get(ctx, &u.ID, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'x', ?) RETURNING id`,
		u.Email, u.Name, u.Role, fixedNow)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// device registers a device of merchant on the fixture's model and provider.
func (f *fixture) device(merchant *auth.User, serial, revision, firmware string) Device {
	f.t.Helper()
	d, err := f.svc.CreateDevice(ctx, f.admin, NewDevice{Serial: serial, MerchantID: merchant.ID, ModelID: f.model.ID,
		HardwareRevision: revision, FirmwareVersion: firmware, ProviderID: f.provider.ID}, "test")
	if err != nil {
		f.t.Fatalf("create device %s: %v", serial, err)
	}
	return d
}

func (f *fixture) release(version, minRev string, st ReleaseStatus) Release {
	f.t.Helper()
	r, err := f.svc.CreateRelease(ctx, f.admin, NewRelease{ModelID: f.model.ID, Version: version, MinHardwareRevision: minRev, Status: st}, "test")
	if err != nil {
		f.t.Fatalf("create release %s: %v", version, err)
	}
	return r
}

func (f *fixture) notice(kind NoticeKind, target Target, title string) Notice {
	f.t.Helper()
	n := NewNotice{Kind: kind, Target: target, TitleZH: title, TitleEN: title + " (en)", StartsAt: f.clock().Add(-time.Hour)}
	switch target {
	case TargetModel:
		n.ModelID = &f.model.ID
	case TargetProvider:
		n.ProviderID = &f.provider.ID
	}
	got, err := f.svc.CreateNotice(ctx, f.admin, n, "test")
	if err != nil {
		f.t.Fatalf("create notice: %v", err)
	}
	return got
}

func (f *fixture) integration() (Integration, string) {
	f.t.Helper()
	in, token, err := f.svc.CreateIntegration(ctx, f.admin, fmt.Sprintf("TMS %d", time.Now().UnixNano()), f.provider.ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return in, token
}

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Code != code {
		t.Fatalf("err = %v, want code %s", err, code)
	}
	return e
}

func wantNotFound(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, apperr.ErrNotFound) && apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}

// walk answers the session's questions with options until a diagnosis.
func (f *fixture) walk(actor *auth.User, ss Session, options ...string) Session {
	f.t.Helper()
	for _, o := range options {
		var err error
		ss, err = f.svc.Answer(ctx, *actor, ss.ID, ss.Node, o, "test")
		if err != nil {
			f.t.Fatalf("answer %s at %s: %v", o, ss.Node, err)
		}
	}
	return ss
}
