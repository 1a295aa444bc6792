package demo

import (
	"context"
	"fmt"
	"time"

	"posportal/catalog"
	"posportal/onboarding"
	"posportal/scheduling"
)

// seedActiveMerchant takes merchant@demo.local from approved to live the
// way a real merchant would: a contract for two terminals, signed a week
// ago, an installation with training booked and completed by the
// installer, so the dashboard shows a live merchant with a history.
func seedActiveMerchant(ctx context.Context, s Services) error {
	if s.Catalog == nil || s.Scheduling == nil {
		return nil
	}
	m, err := s.Auth.UserByEmail(ctx, Accounts[0].Email)
	if err != nil {
		return err
	}
	apps, err := s.Onboarding.List(ctx, m, onboarding.ListFilter{Status: onboarding.Approved})
	if err != nil || len(apps) == 0 {
		return err // already further along (or never approved): nothing to do
	}
	a := apps[0]
	plan, model, err := demoContractChoice(ctx, s.Catalog)
	if err != nil {
		return err
	}
	at := time.Now().Add(-7 * 24 * time.Hour).Truncate(time.Minute)
	clock := func() time.Time { return at }
	contracts := onboarding.NewContracts(s.Onboarding.WithClock(clock), s.Catalog, s.PDFFont)
	req := onboarding.ContractRequest{FeePlanID: plan.ID, Terminals: []onboarding.ContractTerminal{{ModelID: model.ID, Quantity: 2, Acquisition: "purchase"}}}
	if _, _, err := contracts.Generate(ctx, m, a.ID, req, "zh-CN", "seed"); err != nil {
		return fmt.Errorf("demo contract: %w", err)
	}
	if _, err := contracts.Sign(ctx, m, a.ID, a.LegalRepName, true, "seed", "demo seed"); err != nil {
		return fmt.Errorf("demo signature: %w", err)
	}
	sched := s.Scheduling.WithClock(clock)
	slots, err := sched.Slots(ctx, m, a.ID, scheduling.InstallationWithTraining, at, 14)
	if err != nil || len(slots) == 0 {
		return fmt.Errorf("demo installation slots: %d, %w", len(slots), err)
	}
	ap, err := sched.Book(ctx, m, a.ID, scheduling.InstallationWithTraining, slots[0].Start, "seed")
	if err != nil {
		return fmt.Errorf("demo booking: %w", err)
	}
	installer, err := s.Auth.UserByID(ctx, ap.InstallerUser)
	if err != nil {
		return err
	}
	at = ap.Start.Add(30 * time.Minute)
	rev := "A"
	if n := len(model.HardwareRevisions); n > 0 {
		rev = model.HardwareRevisions[n-1]
	}
	done := scheduling.Completion{
		Devices: []scheduling.InstalledDevice{
			{Serial: "DEMO-SH-000101", ModelID: model.ID, HardwareRevision: rev, FirmwareVersion: "5.1.2"},
			{Serial: "DEMO-SH-000102", ModelID: model.ID, HardwareRevision: rev, FirmwareVersion: "5.1.2"},
		},
		Checklist: scheduling.Checklist{PowerOn: true, NetworkTest: true, TestTransaction: true, ReceiptPrint: model.Printer, MerchantSignoff: true},
	}
	if _, err := sched.Complete(ctx, installer, ap.ID, done, "seed"); err != nil {
		return fmt.Errorf("demo completion: %w", err)
	}
	return nil
}

// demoContractChoice picks a sample plan and a printer model it prices.
func demoContractChoice(ctx context.Context, cat *catalog.Service) (catalog.Plan, catalog.Model, error) {
	plans, err := cat.Plans(ctx)
	if err != nil {
		return catalog.Plan{}, catalog.Model{}, err
	}
	for _, p := range plans {
		for _, tp := range p.TerminalPrices {
			m, err := cat.Model(ctx, tp.ModelID)
			if err != nil {
				return catalog.Plan{}, catalog.Model{}, err
			}
			if m.Printer {
				return p, m, nil
			}
		}
	}
	return catalog.Plan{}, catalog.Model{}, fmt.Errorf("demo: no sample plan prices a printer terminal")
}
