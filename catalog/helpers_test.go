package catalog

import (
	"context"
	"errors"
	"testing"
	"time"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/auth"
	"posportal/internal/db"
)

var (
	ctx      = context.Background()
	noReq    = auth.Request{IP: "192.0.2.1"}
	fixedNow = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
)

// fixture is a service on a real database with an admin and a merchant.
type fixture struct {
	t        *testing.T
	d        *db.DB
	svc      *Service
	admin    *auth.User
	merchant *auth.User
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, d: d, svc: NewService(d, func() time.Time { return fixedNow })}
	f.admin = f.user(auth.Admin, "admin@example.test")
	f.merchant = f.user(auth.Merchant, "shop@example.test")
	return f
}

// user inserts an account directly: the catalog only needs its id and role.
func (f *fixture) user(role auth.Role, email string) *auth.User {
	f.t.Helper()
	u := &auth.User{Email: email, Name: string(role), Role: role}
	err := f.d.Get(ctx, &u.ID, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'x', ?) RETURNING id`,
		u.Email, u.Name, u.Role, fixedNow)
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

func (f *fixture) brand(name string) Brand {
	f.t.Helper()
	b, err := f.svc.CreateBrand(ctx, f.admin, Brand{Name: name, ServiceCities: 30, SupportHours: Support24x7, OnsiteSLAHours: 24, SupportRating: 4}, noReq)
	if err != nil {
		f.t.Fatalf("create brand %s: %v", name, err)
	}
	return b
}

func (f *fixture) model(m Model) Model {
	f.t.Helper()
	got, err := f.svc.CreateModel(ctx, f.admin, m, noReq)
	if err != nil {
		f.t.Fatalf("create model %s: %v", m.Name, err)
	}
	return got
}

func (f *fixture) provider(name string, methods ...Method) Provider {
	f.t.Helper()
	p, err := f.svc.CreateProvider(ctx, f.admin, Provider{Name: name, Kind: Bank, Methods: methods}, noReq)
	if err != nil {
		f.t.Fatalf("create provider %s: %v", name, err)
	}
	return p
}

func (f *fixture) plan(p fees.Plan) Plan {
	f.t.Helper()
	got, err := f.svc.CreatePlan(ctx, f.admin, Plan{Plan: p}, noReq)
	if err != nil {
		f.t.Fatalf("create plan %s: %v", p.Name, err)
	}
	return got
}

// auditCount counts the events of one action.
func (f *fixture) auditCount(action string) int {
	f.t.Helper()
	es, err := audit.List(ctx, f.d, audit.Filter{Action: action, Limit: 500})
	if err != nil {
		f.t.Fatal(err)
	}
	return len(es)
}

// countertop is a full-featured card terminal of brand b.
func countertop(b Brand, name string, priceFen int64) Model {
	return Model{BrandID: b.ID, Name: name, Category: Countertop,
		Capabilities: Capabilities{EMVChip: true, Magstripe: true, NFCContactless: true, QRScan: true, Printer: true, PINPad: true, Ethernet: true, WiFi: true},
		Screen:       35, OS: "Linux", Certifications: []string{"PCI PTS 6.x", "UnionPay"}, HardwareRevisions: []string{"A", "B"},
		PurchaseFen: priceFen, MonthlyRentalFen: priceFen / 30, WarrantyMonths: 24}
}

// soundbox is a QR-only device of brand b.
func soundbox(b Brand, name string, priceFen int64) Model {
	return Model{BrandID: b.ID, Name: name, Category: QRSoundbox,
		Capabilities: Capabilities{Cellular4G: true, WiFi: true}, BatteryMAh: 2000,
		PurchaseFen: priceFen, MonthlyRentalFen: 500, WarrantyMonths: 12}
}

func wantCode(t *testing.T, err error, code apperr.Code) *apperr.Error {
	t.Helper()
	e := apperr.As(err)
	if e == nil || e.Code != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	return e
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := wantCode(t, err, apperr.Validation)
	if got := e.Fields[field]; got != key {
		t.Fatalf("field %s = %q, want %q (all: %v)", field, got, key, e.Fields)
	}
}

func isNotFound(err error) bool {
	return errors.Is(err, apperr.ErrNotFound) || apperr.CodeOf(err) == apperr.NotFound
}
