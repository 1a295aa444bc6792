package e2e

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"posportal/catalog"
	"posportal/internal/auth"
	"posportal/internal/demo"
	"posportal/internal/shanghai"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support/knowledge"
)

// mainPage is one page a person of a role works on, as the demo account
// that has something to show there sees it. {name} in path is a demo
// record's id (see demoRecords).
type mainPage struct {
	role, account, name, path string
}

// mainPages are every main page of every role. Each is checked in zh-CN
// and English at 1280 and 390 px (checkPage).
var mainPages = []mainPage{
	{"public", "", "home", "/"},
	{"public", "", "login", "/login"},
	{"public", "", "register", "/register"},
	{"public", "", "terminals-public", "/terminals"},
	{"public", "", "fees-public", "/fees"},

	{"merchant", "merchant@demo.local", "merchant-dashboard", "/dashboard"},
	{"merchant", "merchant@demo.local", "applications", "/applications"},
	{"merchant", "merchant@demo.local", "application-overview", "/applications/{active_app}"},
	{"merchant", "merchant@demo.local", "contract-signed", "/applications/{active_app}/contract"},
	{"merchant", "merchant@demo.local", "schedule", "/applications/{active_app}/schedule"},
	{"merchant", "merchant@demo.local", "training-merchant", "/applications/{active_app}/training"},
	{"merchant", "merchant@demo.local", "terminals", "/terminals"},
	{"merchant", "merchant@demo.local", "terminal-model", "/terminals/{model}"},
	{"merchant", "merchant@demo.local", "terminal-compare", "/terminals/compare?{compare}"},
	{"merchant", "merchant@demo.local", "shortlist", "/shortlist"},
	{"merchant", "merchant@demo.local", "fee-quote", "/fees"},
	{"merchant", "merchant@demo.local", "devices", "/devices"},
	{"merchant", "merchant@demo.local", "support-session", "/support/sessions/{session}"},
	{"merchant", "merchant@demo.local", "tickets", "/tickets"},
	{"merchant", "merchant@demo.local", "ticket", "/tickets/{ticket}"},
	{"merchant", "books@demo.local", "step-business", "/applications/{draft_app}/edit/business"},
	{"merchant", "books@demo.local", "step-people", "/applications/{draft_app}/edit/people"},
	{"merchant", "books@demo.local", "step-settlement", "/applications/{draft_app}/edit/settlement"},
	{"merchant", "books@demo.local", "step-volume", "/applications/{draft_app}/edit/volume"},
	{"merchant", "books@demo.local", "step-documents", "/applications/{draft_app}/edit/documents"},
	{"merchant", "books@demo.local", "step-review", "/applications/{draft_app}/edit/review"},
	{"merchant", "bakery@demo.local", "contract-form", "/applications/{approved_app}/contract"},

	{"reviewer", "reviewer@demo.local", "review-queue", "/review"},
	{"reviewer", "reviewer@demo.local", "review-detail", "/review/{in_review_app}"},
	{"reviewer", "reviewer@demo.local", "review-detail-info-requested", "/review/{info_requested_app}"},

	{"installer", "installer@demo.local", "installer-agenda", "/installer/agenda?view=week&date={visit_day}"},
	{"installer", "installer@demo.local", "installer-availability", "/installer/availability"},
	{"installer", "installer@demo.local", "installer-visit", "/installer/visits/{visit}"},
	{"installer", "installer@demo.local", "training-staff", "/training"},

	{"admin", "admin@demo.local", "admin-dashboard", "/dashboard"},
	{"admin", "admin@demo.local", "admin-users", "/admin/users"},
	{"admin", "admin@demo.local", "admin-catalog", "/admin/catalog"},
	{"admin", "admin@demo.local", "admin-catalog-model", "/admin/catalog/models/{model}"},
	{"admin", "admin@demo.local", "admin-requirements", "/admin/requirements"},
	{"admin", "admin@demo.local", "admin-calendar", "/admin/calendar"},
	{"admin", "admin@demo.local", "admin-installers", "/admin/installers"},
	{"admin", "admin@demo.local", "admin-releases", "/admin/support/releases"},
	{"admin", "admin@demo.local", "admin-notices", "/admin/support/notices"},
	{"admin", "admin@demo.local", "admin-outbox", "/admin/outbox"},
	{"admin", "admin@demo.local", "admin-insights", "/admin/insights"},
	{"admin", "admin@demo.local", "admin-support", "/devices"},
}

// navRows is how many rows the header navigation may take at 1280 px: the
// administrator's dozen links may need two in English, everyone else's fit
// on one.
var navRows = map[string]int{"public": 1, "merchant": 1, "reviewer": 1, "installer": 1, "admin": 2}

// pageWalkTimeout bounds one account's walk over its pages.
const pageWalkTimeout = 10 * time.Minute

func TestPublicPagesFitAPhoneAndPassAxe(t *testing.T)    { checkRolePages(t, "public") }
func TestMerchantPagesFitAPhoneAndPassAxe(t *testing.T)  { checkRolePages(t, "merchant") }
func TestReviewerPagesFitAPhoneAndPassAxe(t *testing.T)  { checkRolePages(t, "reviewer") }
func TestInstallerPagesFitAPhoneAndPassAxe(t *testing.T) { checkRolePages(t, "installer") }
func TestAdminPagesFitAPhoneAndPassAxe(t *testing.T)     { checkRolePages(t, "admin") }

// checkRolePages serves the demo portal and, per account of role, logs in
// once and checks its pages in Chinese, then switches to English with the
// header button and checks them again.
func checkRolePages(t *testing.T, role string) {
	p := newPortal(t, func(p *portal) {
		if _, err := demo.Seed(context.Background(), p.services()); err != nil {
			t.Fatal(err)
		}
	})
	ids := demoRecords(t, p, role == "installer")
	var accounts []string
	byAccount := map[string][]mainPage{}
	for _, pg := range mainPages {
		if pg.role != role {
			continue
		}
		if byAccount[pg.account] == nil {
			accounts = append(accounts, pg.account)
		}
		byAccount[pg.account] = append(byAccount[pg.account], pg)
	}
	summary := map[string][]string{} // problem → pages with it
	for _, account := range accounts {
		tb := newTabFor(t, langChinese, pageWalkTimeout)
		if account != "" {
			tb.login(p.URL, account)
		}
		for _, lang := range []string{"zh-CN", "en"} {
			if lang == "en" {
				tb.click(testID("lang-switch"))
			}
			for _, pg := range byAccount[account] {
				for _, problem := range tb.checkPage(pg.name, p.URL+ids.Replace(pg.path), lang, navRows[role]) {
					summary[problem] = append(summary[problem], pg.name+" "+lang)
				}
			}
		}
	}
	for _, problem := range slices.Sorted(maps.Keys(summary)) {
		t.Errorf("summary: %s on %d views: %s", problem, len(summary[problem]), strings.Join(summary[problem], ", "))
	}
}

// demoRecords finds or makes the demo records the pages show: a support
// session and a ticket of merchant@demo.local and, with withVisit, an
// installation of bakery@demo.local booked with installer@demo.local. It
// returns the replacer of mainPage paths.
func demoRecords(t *testing.T, p *portal, withVisit bool) *strings.Replacer {
	t.Helper()
	ctx := context.Background()
	user := func(email string) auth.User {
		u, err := p.auth.UserByEmail(ctx, email)
		if err != nil {
			t.Fatalf("%s: %v", email, err)
		}
		return u
	}
	app := func(email string) onboarding.Application {
		apps, err := p.onb.List(ctx, user(email), onboarding.ListFilter{})
		if err != nil || len(apps) != 1 {
			t.Fatalf("applications of %s: %d, %v", email, len(apps), err)
		}
		return apps[0]
	}
	models, err := p.cat.Models(ctx, catalog.Filter{})
	if err != nil || len(models) < 3 {
		t.Fatalf("catalog: %d models, %v", len(models), err)
	}
	modelID := map[string]int64{}
	for _, m := range models {
		modelID[m.Name] = m.ID
	}

	merchant := user("merchant@demo.local")
	device := func(serial string) int64 {
		d, err := p.sup.DeviceBySerial(ctx, serial)
		if err != nil {
			t.Fatalf("device %s: %v", serial, err)
		}
		return d.ID
	}
	// The device on a paused release: its session opens with a diagnosis.
	session, err := p.sup.StartSession(ctx, merchant, device("XCW6-DEMO-0002"), "e2e")
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := p.sup.OpenTicket(ctx, merchant, device("HJT80-DEMO-0001"), "小票打印不清楚 / receipts print faintly", knowledge.P3, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{
		"{active_app}", fmt.Sprint(app("merchant@demo.local").ID),
		"{draft_app}", fmt.Sprint(app("books@demo.local").ID),
		"{approved_app}", fmt.Sprint(app("bakery@demo.local").ID),
		"{in_review_app}", fmt.Sprint(app("fruit@demo.local").ID),
		"{info_requested_app}", fmt.Sprint(app("noodle@demo.local").ID),
		"{model}", fmt.Sprint(modelID["HJ-T80"]),
		"{compare}", fmt.Sprintf("ids=%d&ids=%d&ids=%d", modelID["HJ-T80"], modelID["HY-Q1"], modelID["XC-W6"]),
		"{session}", fmt.Sprint(session.ID),
		"{ticket}", fmt.Sprint(ticket.ID),
	}
	if withVisit {
		visit := bookBakeryInstallation(t, p)
		ids = append(ids, "{visit}", fmt.Sprint(visit.ID), "{visit_day}", visit.Start.In(shanghai.Location).Format("2006-01-02"))
	}
	return strings.NewReplacer(ids...)
}

// bookBakeryInstallation books an installation for the approved demo
// application in Fuzhou, so the installer's pages show a visit still to
// complete. The demo installers serve Shanghai and Beijing only, so
// installer@demo.local takes on the bakery's district first; the
// application is then signed as the bakery would, on the first plan that
// prices a terminal, and booked. (The merchant pages check the bakery's
// contract form, on a portal of their own.)
func bookBakeryInstallation(t *testing.T, p *portal) scheduling.Appointment {
	t.Helper()
	ctx := context.Background()
	admin, err := p.auth.UserByEmail(ctx, "admin@demo.local")
	if err != nil {
		t.Fatal(err)
	}
	installer, err := p.auth.UserByEmail(ctx, "installer@demo.local")
	if err != nil {
		t.Fatal(err)
	}
	bakery, err := p.auth.UserByEmail(ctx, "bakery@demo.local")
	if err != nil {
		t.Fatal(err)
	}
	apps, err := p.onb.List(ctx, bakery, onboarding.ListFilter{Status: onboarding.Approved})
	if err != nil || len(apps) != 1 {
		t.Fatalf("approved applications of the bakery: %d, %v", len(apps), err)
	}
	a := apps[0]

	me, err := p.sched.Me(ctx, installer)
	if err != nil {
		t.Fatal(err)
	}
	in := scheduling.InstallerInput{UserID: installer.ID, TimeZone: me.TimeZone, DailyCap: me.DailyCap, Active: true,
		Districts: append(me.Districts, scheduling.District{Province: a.Province, City: a.City, District: a.District})}
	if _, err := p.sched.SaveInstaller(ctx, admin, in, "e2e"); err != nil {
		t.Fatal(err)
	}

	plans, err := p.cat.Plans(ctx)
	if err != nil || len(plans) == 0 || len(plans[0].TerminalPrices) == 0 {
		t.Fatalf("plans: %d, %v", len(plans), err)
	}
	req := onboarding.ContractRequest{FeePlanID: plans[0].ID, Terminals: []onboarding.ContractTerminal{
		{ModelID: plans[0].TerminalPrices[0].ModelID, Quantity: 2, Acquisition: "purchase"}}}
	contracts := onboarding.NewContracts(p.onb, p.cat, nil)
	if _, _, err := contracts.Generate(ctx, bakery, a.ID, req, "zh-CN", "e2e"); err != nil {
		t.Fatal(err)
	}
	if _, err := contracts.Sign(ctx, bakery, a.ID, a.LegalRepName, true, "e2e", "e2e"); err != nil {
		t.Fatal(err)
	}
	slots, err := p.sched.Slots(ctx, bakery, a.ID, scheduling.InstallationWithTraining, time.Now(), 14)
	if err != nil || len(slots) == 0 {
		t.Fatalf("installation slots for the bakery: %d, %v", len(slots), err)
	}
	ap, err := p.sched.Book(ctx, bakery, a.ID, scheduling.InstallationWithTraining, slots[0].Start, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	return ap
}
