// Package demo seeds the sample data that lets a newcomer walk every
// journey right after start. Seeding is idempotent: what exists is kept,
// so running it twice changes nothing.
package demo

import (
	"context"
	"errors"
	"fmt"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/pdf"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
)

// Password is every demo account's password (documented in the README).
const Password = "demo-pass-2026"

// Accounts are the demo users, one per role plus a second reviewer for
// four-eyes approvals.
var Accounts = []auth.NewUser{
	{Email: "merchant@demo.local", Name: "李明(示例商户)", Phone: "13800138000", Role: auth.Merchant, Lang: "zh-CN"},
	{Email: "reviewer@demo.local", Name: "王审核", Role: auth.Reviewer},
	{Email: "reviewer2@demo.local", Name: "赵复核", Role: auth.Reviewer},
	{Email: "installer@demo.local", Name: "陈师傅", Phone: "13900139000", Role: auth.Installer},
	{Email: "admin@demo.local", Name: "系统管理员", Role: auth.Admin},
}

// Services are what the seed steps write through: demo data goes through
// the same domain services as real data, so it obeys the same rules.
type Services struct {
	Auth       *auth.Service
	Onboarding *onboarding.Service
	Catalog    *catalog.Service
	Support    *support.Service
	// Scheduling seeds installers; nil skips that step.
	Scheduling *scheduling.Service
	// PDFFont renders the demo contract; nil means the embedded font.
	PDFFont *pdf.Font
	// DB, when set, is locked while seeding, so portal instances started
	// together on one database seed one after the other: the first
	// creates the data, the others find it there.
	DB *db.DB
}

// Seed creates whatever demo data is missing, step by step, and reports
// how many accounts it created.
func Seed(ctx context.Context, s Services) (created int, err error) {
	if s.DB == nil {
		return seed(ctx, s)
	}
	err = s.DB.WithLock(ctx, "demo-seed", func(ctx context.Context) error {
		created, err = seed(ctx, s)
		return err
	})
	return created, err
}

func seed(ctx context.Context, s Services) (created int, err error) {
	if created, err = seedAccounts(ctx, s.Auth); err != nil {
		return created, err
	}
	if err := seedApplications(ctx, s); err != nil {
		return created, err
	}
	if err := SeedCatalog(ctx, s.Catalog); err != nil {
		return created, err
	}
	if err := seedSupport(ctx, s); err != nil {
		return created, err
	}
	if err := SeedScheduling(ctx, s); err != nil {
		return created, err
	}
	if err := seedActiveMerchant(ctx, s); err != nil {
		return created, err
	}
	if err := seedInsights(ctx, s); err != nil {
		return created, err
	}
	return created, nil
}

func seedAccounts(ctx context.Context, a *auth.Service) (created int, err error) {
	for _, n := range Accounts {
		_, err := a.UserByEmail(ctx, n.Email)
		if err == nil {
			continue
		}
		if !errors.Is(err, apperr.ErrNotFound) {
			return created, err
		}
		n.Password = Password
		if _, err := a.CreateUser(ctx, nil, n, auth.Request{IP: "seed"}); err != nil {
			return created, fmt.Errorf("seed %s: %w", n.Email, err)
		}
		created++
	}
	return created, nil
}
