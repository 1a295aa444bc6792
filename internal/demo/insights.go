package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
)

// The operations view (/admin/insights) needs a pipeline that moves in
// the current month and a fleet whose upgrades bring tickets. This step
// adds both, written through the services like the rest of the demo:
// a cohort of Shanghai shops walked from submission to as far as the
// calendar allows, and a chain store's terminals upgraded by the sample
// terminal management system, one release of which brings tickets and is
// flagged by the regression watch.

// cohortShop is one sample application of the insights cohort and the
// stage it is walked to.
type cohortShop struct {
	email, name, shop, rep string
	until                  onboarding.Status
	// training completes the installation with training, so it goes live.
	training bool
}

var cohortShops = []cohortShop{
	{"tea@demo.local", "陈茶饮(示例)", "陈记茶饮(陆家嘴店)", "陈芳", onboarding.Active, true},
	{"flowers@demo.local", "许花店(示例)", "许氏花艺", "许静", onboarding.Active, true},
	{"pharmacy@demo.local", "何药房(示例)", "何氏大药房(张江店)", "何伟", onboarding.Installed, false},
	{"optician@demo.local", "罗眼镜(示例)", "罗氏眼镜", "罗敏", onboarding.InstallationScheduled, false},
	{"laundry@demo.local", "马洗衣(示例)", "马记洗衣", "马丽", onboarding.ContractSigned, false},
	{"stationery@demo.local", "高文具(示例)", "高氏文具", "高明", onboarding.Approved, false},
	{"arcade@demo.local", "谢游艺(示例)", "谢氏游艺", "谢军", onboarding.Rejected, false},
	{"dumplings@demo.local", "韩饺子(示例)", "韩记饺子馆", "韩雪", onboarding.InReview, false},
}

// cohortSpan is how long the walk of one application takes: decision,
// contract, a booking at least 24 h ahead and the visit itself.
const cohortSpan = 54 * time.Hour

// seedInsights adds the cohort and the fleet; what exists is kept.
func seedInsights(ctx context.Context, s Services) error {
	if s.Catalog == nil || s.Scheduling == nil || s.Support == nil {
		return nil
	}
	if err := seedCohort(ctx, s); err != nil {
		return fmt.Errorf("demo insights cohort: %w", err)
	}
	if err := seedFleet(ctx, s); err != nil {
		return fmt.Errorf("demo insights fleet: %w", err)
	}
	return nil
}

// cohortStart places the cohort's first submission: early in the current
// month in Shanghai when the month is old enough for a whole walk, else
// cohortSpan before now (the cohort then starts in last month).
func cohortStart(now time.Time) time.Time {
	l := now.In(shanghai.Location)
	month := time.Date(l.Year(), l.Month(), 1, 0, 30, 0, 0, shanghai.Location)
	if now.Sub(month) >= cohortSpan+2*time.Hour {
		return month
	}
	return now.Add(-cohortSpan - 2*time.Hour)
}

func seedCohort(ctx context.Context, s Services) error {
	reviewers := make([]auth.User, 2)
	for i, email := range []string{"reviewer@demo.local", "reviewer2@demo.local"} {
		u, err := s.Auth.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		reviewers[i] = u
	}
	plan, model, err := demoContractChoice(ctx, s.Catalog)
	if err != nil {
		return err
	}
	now := time.Now()
	start := cohortStart(now)
	// Spread the submissions over the time the month leaves before the
	// last walk must begin, at most a day apart.
	gap := (now.Sub(start) - cohortSpan) / time.Duration(len(cohortShops))
	if gap > 24*time.Hour {
		gap = 24 * time.Hour
	}
	for i, cs := range cohortShops {
		m, err := s.Auth.UserByEmail(ctx, cs.email)
		if errors.Is(err, apperr.ErrNotFound) {
			m, err = s.Auth.CreateUser(ctx, nil, auth.NewUser{Email: cs.email, Name: cs.name, Phone: "13988880000", Role: auth.Merchant, Password: Password}, auth.Request{IP: "seed"})
		}
		if err != nil {
			return fmt.Errorf("%s: %w", cs.email, err)
		}
		existing, err := s.Onboarding.List(ctx, m, onboarding.ListFilter{})
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			continue
		}
		w := cohortWalk{s: s, shop: cs, merchant: m, reviewer: reviewers[i%2], plan: plan, model: model, seq: i, now: now,
			at: start.Add(time.Duration(i) * gap).Truncate(time.Minute)}
		if err := w.run(ctx); err != nil {
			return fmt.Errorf("%s: %w", cs.email, err)
		}
	}
	return nil
}

// cohortWalk takes one application through the services, each step at its
// own moment on the services' clocks.
type cohortWalk struct {
	s                  Services
	shop               cohortShop
	merchant, reviewer auth.User
	plan               catalog.Plan
	model              catalog.Model
	seq                int
	at, now            time.Time
}

func (w *cohortWalk) clock() time.Time { return w.at }

func (w *cohortWalk) run(ctx context.Context) error {
	onb := w.s.Onboarding.WithClock(w.clock)
	f := sampleFields("individual_business", "浦东新区"+w.shop.shop, w.shop.shop, uscc(fmt.Sprintf("92310115MA1K3P7%02d", w.seq)), "retail",
		"上海市", "上海市", "浦东新区", fmt.Sprintf("张杨路%d号", 100+w.seq), w.shop.rep, residentID(fmt.Sprintf("310115199001%02d001", 10+w.seq)),
		bankCard(fmt.Sprintf("62170000000001%02d", w.seq)), "personal", 120000, 60,
		map[string]int{"wechat_pay": 50, "alipay": 30, "unionpay_qr": 20}, 1)
	a, err := onb.Create(ctx, w.merchant, f, "seed")
	if err != nil {
		return err
	}
	kinds, err := onb.RequiredKinds(ctx, onboarding.MerchantType(*f.MerchantType))
	if err != nil {
		return err
	}
	for j, kind := range kinds {
		obj, err := onb.Blobs().Put(ctx, bytes.NewReader(samplePNG(20+w.seq, j)), onb.MaxDocumentBytes())
		if err != nil {
			return err
		}
		if _, err := onb.AddDocument(ctx, w.merchant, a.ID, kind, kind+".png", obj, "seed"); err != nil {
			return err
		}
	}
	if _, err := onb.Submit(ctx, w.merchant, a.ID, "seed"); err != nil || w.shop.until == onboarding.Submitted {
		return err
	}
	w.at = w.at.Add(90 * time.Minute)
	if _, err := onb.Claim(ctx, w.reviewer, a.ID, "seed"); err != nil || w.shop.until == onboarding.InReview {
		return err
	}
	w.at = w.at.Add(2 * time.Hour)
	d := onboarding.Decision{Decision: "approve", Comment: "资料齐全(示例)。"}
	if w.shop.until != onboarding.Rejected {
		if err := acceptDocuments(ctx, onb, w.reviewer, a.ID); err != nil {
			return err
		}
	}
	if w.shop.until == onboarding.Rejected {
		d = onboarding.Decision{Decision: "reject", ReasonCode: "prohibited_business", Comment: "游艺场所暂不开通收单服务(示例)。"}
	}
	if _, err := onb.Decide(ctx, w.reviewer, a.ID, d, "seed"); err != nil || w.shop.until == onboarding.Approved || w.shop.until == onboarding.Rejected {
		return err
	}
	w.at = w.at.Add(3 * time.Hour)
	contracts := onboarding.NewContracts(onb, w.s.Catalog, w.s.PDFFont)
	req := onboarding.ContractRequest{FeePlanID: w.plan.ID, Terminals: []onboarding.ContractTerminal{{ModelID: w.model.ID, Quantity: 1, Acquisition: "purchase"}}}
	if _, _, err := contracts.Generate(ctx, w.merchant, a.ID, req, "zh-CN", "seed"); err != nil {
		return err
	}
	if _, err := contracts.Sign(ctx, w.merchant, a.ID, w.shop.rep, true, "seed", "demo seed"); err != nil || w.shop.until == onboarding.ContractSigned {
		return err
	}
	w.at = w.at.Add(time.Hour)
	sched := w.s.Scheduling.WithClock(w.clock)
	kind := scheduling.Installation
	if w.shop.training {
		kind = scheduling.InstallationWithTraining
	}
	slots, err := sched.Slots(ctx, w.merchant, a.ID, kind, w.at, 14)
	if err != nil || len(slots) == 0 {
		return fmt.Errorf("installation slots: %d, %w", len(slots), err)
	}
	ap, err := sched.Book(ctx, w.merchant, a.ID, kind, slots[0].Start, "seed")
	if err != nil {
		return err
	}
	done := ap.End.Add(10 * time.Minute)
	if w.shop.until == onboarding.InstallationScheduled || done.After(w.now) {
		return nil // the visit is still ahead
	}
	installer, err := w.s.Auth.UserByID(ctx, ap.InstallerUser)
	if err != nil {
		return err
	}
	w.at = done
	rev := "A"
	if n := len(w.model.HardwareRevisions); n > 0 {
		rev = w.model.HardwareRevisions[n-1]
	}
	_, err = sched.Complete(ctx, installer, ap.ID, scheduling.Completion{
		Devices:   []scheduling.InstalledDevice{{Serial: fmt.Sprintf("DEMO-PD-%06d", 201+w.seq), ModelID: w.model.ID, HardwareRevision: rev, FirmwareVersion: "5.1.2"}},
		Checklist: scheduling.Checklist{PowerOn: true, NetworkTest: true, TestTransaction: true, ReceiptPrint: w.model.Printer, MerchantSignoff: true},
	}, "seed")
	return err
}

// fleetGroup is a batch of the chain store's terminals upgraded by the
// sample TMS, and how many of them then open a ticket.
type fleetGroup struct {
	model, revision, from, to string
	count, tickets            int
}

// fleetGroups make XC-W6 4.0.0 (the release whose rollout the demo shows
// paused) the one that brings tickets.
var fleetGroups = []fleetGroup{
	{"XC-W6", "B", "3.9.0", "4.0.0", 6, 3},
	{"HJ-T80", "B", "5.1.0", "5.1.2", 10, 1},
	{"YT-S1", "A", "2.3.0", "2.3.1", 5, 0},
}

const fleetEmail = "chain@demo.local"

func seedFleet(ctx context.Context, s Services) error {
	admin, err := s.Auth.UserByEmail(ctx, "admin@demo.local")
	if err != nil {
		return err
	}
	m, err := s.Auth.UserByEmail(ctx, fleetEmail)
	if errors.Is(err, apperr.ErrNotFound) {
		m, err = s.Auth.CreateUser(ctx, nil, auth.NewUser{Email: fleetEmail, Name: "示例连锁超市", Phone: "13988889999", Role: auth.Merchant, Password: Password}, auth.Request{IP: "seed"})
	}
	if err != nil {
		return err
	}
	models, err := s.Catalog.Models(ctx, catalog.Filter{})
	if err != nil {
		return err
	}
	modelID := map[string]int64{}
	for _, md := range models {
		modelID[md.Name] = md.ID
	}
	providers, err := s.Catalog.Providers(ctx)
	if err != nil || len(providers) == 0 {
		return fmt.Errorf("providers: %d, %w", len(providers), err)
	}
	// The sample TMS is 易收通's and reports only that provider's devices,
	// so the chain's terminals are 易收通's too.
	var tms int64
	for _, p := range providers {
		if p.Name == "易收通" {
			tms = p.ID
		}
	}
	if tms == 0 {
		return errors.New("demo provider 易收通 missing")
	}
	integ, err := seedIntegration(ctx, s.Support, admin, tms)
	if err != nil {
		return err
	}
	added := false
	for _, g := range fleetGroups {
		for i := 0; i < g.count; i++ {
			serial := fmt.Sprintf("CHAIN-%s-%03d", g.model, i+1)
			if _, err := s.Support.DeviceBySerial(ctx, serial); err == nil {
				continue
			} else if !errors.Is(err, apperr.ErrNotFound) {
				return err
			}
			d, err := s.Support.CreateDevice(ctx, &admin, support.NewDevice{Serial: serial, MerchantID: m.ID, ModelID: modelID[g.model],
				HardwareRevision: g.revision, FirmwareVersion: g.from, ProviderID: tms}, "seed")
			if err != nil {
				return fmt.Errorf("device %s: %w", serial, err)
			}
			if _, err := s.Support.RecordCheckIn(ctx, integ, serial, support.CheckIn{FirmwareVersion: g.to}); err != nil {
				return fmt.Errorf("check-in %s: %w", serial, err)
			}
			if i < g.tickets {
				if _, err := s.Support.OpenTicket(ctx, m, d.ID, "升级到 "+g.to+" 后无法签到,无法收款(示例)。", "", "seed"); err != nil {
					return fmt.Errorf("ticket %s: %w", serial, err)
				}
			}
			added = true
		}
	}
	if !added {
		return nil
	}
	// The watch runs every few minutes in a live portal; run it once now so
	// the demo shows the release it flags without waiting.
	_, err = s.Support.RunWatch(ctx)
	return err
}
