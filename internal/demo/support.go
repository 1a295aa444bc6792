package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/support"
)

// demoDevice is one of merchant@demo.local's terminals and what the portal
// knows about it, chosen so each shows a different starting point of the
// troubleshooting flow.
type demoDevice struct {
	serial, model, revision, firmware, provider string
	// incomplete: the terminal management system reports that the last
	// upgrade did not finish (the "upgrade incomplete" context check).
	incomplete bool
}

var demoDevices = []demoDevice{
	// A countertop with a printer and nothing known against it: the
	// merchant walks the questions (e.g. the printer path).
	{serial: "HJT80-DEMO-0001", model: "HJ-T80", revision: "B", firmware: "5.1.2", provider: "明岚银行"},
	// On the release the regression watch pauses (see seedFleet).
	{serial: "XCW6-DEMO-0002", model: "XC-W6", revision: "B", firmware: "4.0.0", provider: "星桥支付"},
	// Its provider has an active outage notice.
	{serial: "YTS1-DEMO-0003", model: "YT-S1", revision: "A", firmware: "2.3.1", provider: "禾川农商银行"},
	// The last upgrade was reported incomplete.
	{serial: "HYQ1-DEMO-0004", model: "HY-Q1", revision: "A", firmware: "1.8.0", provider: "易收通", incomplete: true},
}

type demoRelease struct {
	model, version, minRevision string
	status                      support.ReleaseStatus
	notes                       string
}

var demoReleases = []demoRelease{
	{"HJ-T80", "5.1.2", "A", support.RollingOut, "示例数据:修复小票打印乱码。Sample data."},
	// Rolling out: the regression watch, run once by the insights step
	// over the chain store's upgraded terminals, flags and pauses it.
	{"XC-W6", "4.0.0", "B", support.RollingOut, "示例数据。Sample data."},
	{"YT-S1", "2.3.1", "", support.RollingOut, "示例数据。Sample data."},
	{"HY-Q1", "1.9.0", "A", support.RollingOut, "示例数据。Sample data."},
}

// demoNotices are matched by their Chinese title.
var demoNotices = []struct {
	n        support.NewNotice
	provider string // for provider-targeted notices
	model    string // for model-targeted notices
}{
	{n: support.NewNotice{Kind: support.OutageNotice, Target: support.TargetProvider,
		TitleZH: "【示例】禾川农商银行收单系统故障", TitleEN: "[Sample] Hechuan Rural Bank acquiring outage",
		BodyZH: "禾川农商银行收单后台出现故障,刷卡交易可能失败,正在抢修。", BodyEN: "The acquiring back end of Hechuan Rural Bank is down; card payments may fail. Repairs are under way."},
		provider: "禾川农商银行"},
	{n: support.NewNotice{Kind: support.UpgradeNotice, Target: support.TargetModel,
		TitleZH: "【示例】HJ-T80 请升级到固件 5.1.2", TitleEN: "[Sample] Please upgrade HJ-T80 to firmware 5.1.2",
		BodyZH: "升级时请保持电源和网络连接,升级过程约 10 分钟,期间请勿断电。", BodyEN: "Keep the terminal powered and online while upgrading; it takes about 10 minutes. Do not switch it off."},
		model: "HJ-T80"},
}

const demoIntegration = "示例终端管理系统 Sample TMS"

// seedSupport gives merchant@demo.local devices, releases and notices so
// the context checks show at once (§12). It needs the sample catalog.
func seedSupport(ctx context.Context, s Services) error {
	if s.Support == nil || s.Catalog == nil {
		return nil
	}
	admin, err := s.Auth.UserByEmail(ctx, "admin@demo.local")
	if err != nil {
		return fmt.Errorf("seed support: %w", err)
	}
	merchant, err := s.Auth.UserByEmail(ctx, "merchant@demo.local")
	if err != nil {
		return fmt.Errorf("seed support: %w", err)
	}
	models, err := s.Catalog.Models(ctx, catalog.Filter{})
	if err != nil {
		return err
	}
	modelID := map[string]int64{}
	for _, m := range models {
		modelID[m.Name] = m.ID
	}
	providers, err := s.Catalog.Providers(ctx)
	if err != nil {
		return err
	}
	providerID := map[string]int64{}
	for _, p := range providers {
		providerID[p.Name] = p.ID
	}

	if err := seedReleases(ctx, s.Support, &admin, modelID); err != nil {
		return err
	}
	if err := seedNotices(ctx, s.Support, admin, modelID, providerID); err != nil {
		return err
	}
	// The sample TMS is 易收通's: it reports the devices of that provider.
	integ, err := seedIntegration(ctx, s.Support, admin, providerID["易收通"])
	if err != nil {
		return err
	}
	for _, dd := range demoDevices {
		if _, err := s.Support.DeviceBySerial(ctx, dd.serial); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		d, err := s.Support.CreateDevice(ctx, &admin, support.NewDevice{Serial: dd.serial, MerchantID: merchant.ID,
			ModelID: modelID[dd.model], HardwareRevision: dd.revision, FirmwareVersion: dd.firmware, ProviderID: providerID[dd.provider]}, "seed")
		if err != nil {
			return fmt.Errorf("seed device %s: %w", dd.serial, err)
		}
		if dd.incomplete {
			// Reported by the sample TMS: an upgrade to 1.9.0 that stopped
			// half-way, leaving the terminal on its old version.
			no := false
			if _, err := s.Support.RecordCheckIn(ctx, integ, d.Serial, support.CheckIn{FirmwareVersion: dd.firmware, UpgradeCompleted: &no}); err != nil {
				return fmt.Errorf("seed check-in %s: %w", dd.serial, err)
			}
		}
	}
	return nil
}

func seedReleases(ctx context.Context, svc *support.Service, admin *auth.User, modelID map[string]int64) error {
	have, err := svc.Releases(ctx)
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, r := range have {
		exists[fmt.Sprint(r.ModelID, "/", r.Version)] = true
	}
	for _, r := range demoReleases {
		if exists[fmt.Sprint(modelID[r.model], "/", r.version)] {
			continue
		}
		if _, err := svc.CreateRelease(ctx, admin, support.NewRelease{ModelID: modelID[r.model], Version: r.version,
			MinHardwareRevision: r.minRevision, Status: r.status, Notes: r.notes}, "seed"); err != nil {
			return fmt.Errorf("seed release %s %s: %w", r.model, r.version, err)
		}
	}
	return nil
}

func seedNotices(ctx context.Context, svc *support.Service, admin auth.User, modelID, providerID map[string]int64) error {
	have, err := svc.AllNotices(ctx, admin)
	if err != nil {
		return err
	}
	exists := map[string]bool{}
	for _, n := range have {
		exists[n.TitleZH] = true
	}
	for _, dn := range demoNotices {
		if exists[dn.n.TitleZH] {
			continue
		}
		n := dn.n
		n.StartsAt = time.Now().Add(-2 * time.Hour)
		if dn.provider != "" {
			id := providerID[dn.provider]
			n.ProviderID = &id
		}
		if dn.model != "" {
			id := modelID[dn.model]
			n.ModelID = &id
		}
		if _, err := svc.CreateNotice(ctx, &admin, n, "seed"); err != nil {
			return fmt.Errorf("seed notice %s: %w", n.TitleZH, err)
		}
	}
	return nil
}

// seedIntegration creates the sample terminal management system; its token
// is not kept anywhere: an admin rotates it to get one.
func seedIntegration(ctx context.Context, svc *support.Service, admin auth.User, providerID int64) (support.Integration, error) {
	list, err := svc.Integrations(ctx, admin)
	if err != nil {
		return support.Integration{}, err
	}
	for _, in := range list {
		if in.Name == demoIntegration {
			if in.ProviderID == nil {
				// Seeded before check-ins were scoped to a provider.
				return svc.ScopeIntegration(ctx, &admin, in.ID, providerID, "seed")
			}
			return in, nil
		}
	}
	in, _, err := svc.CreateIntegration(ctx, &admin, demoIntegration, providerID, "seed")
	return in, err
}
