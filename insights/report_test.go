package insights_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"posportal/insights"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
)

// history writes October 2026 through the real services. The National Day
// holidays (1, 2, 5–7 October) and the make-up workday on Saturday 10
// October decide two of the SLA verdicts:
//
//	A  submitted Thu 1 Oct 00:30 (a holiday: the clock starts Thu 8 Oct, due
//	   Sat 10 Oct 00:00 because the 10th is worked); approved Fri 9 Oct 18:00
//	   by r1 — within. Signed 12 Oct 10:00, booked, cancelled and booked
//	   again, installed 14 Oct 10:00, live 12:00.
//	B  submitted Fri 9 Oct 10:00, due Mon 12 Oct 10:00 (Sat 10th worked);
//	   approved 12 Oct 11:00 by r2 — late (without 调休 it would be on time).
//	   Signed 13 Oct 10:00, installed 16 Oct 10:00, live 11:00.
//	C  submitted Tue 13 Oct 09:00, info requested, resubmitted Mon 19 Oct
//	   09:00 (due 21 Oct 09:00), rejected 20 Oct 15:00 by r1 — within.
//	D  submitted 15 Oct 14:00, withdrawn.
//	E  submitted Mon 26 Oct 09:00, still waiting (overdue).
//	F  submitted Sat 31 Oct 23:00 Shanghai, claimed by r2 (overdue).
//	Outside the cohort: P submitted Wed 30 Sep 23:59 and approved 8 Oct;
//	Q submitted Sun 1 Nov 00:30 Shanghai (still 31 Oct in UTC) and R
//	submitted Wed 4 Nov 10:00, both waiting.
func history(t *testing.T, w *world) {
	ctx := context.Background()
	r1 := w.user(t, auth.Reviewer, "Reviewer One")
	r2 := w.user(t, auth.Reviewer, "Reviewer Two")
	installerUser := w.user(t, auth.Installer, "Installer Chen")
	inst, err := w.sched.SaveInstaller(ctx, w.admin, scheduling.InstallerInput{UserID: installerUser.ID, DailyCap: 6, Active: true,
		Districts: []scheduling.District{{Province: "上海市", City: "上海市", District: "浦东新区"}}}, "ip")
	if err != nil {
		t.Fatal(err)
	}
	var hours []scheduling.Hours
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, scheduling.Hours{Weekday: time.Weekday(wd), Start: 9 * 60, End: 17 * 60})
	}
	if _, err := w.sched.SetAvailability(ctx, w.admin, inst.ID, hours, []string{"2026-10-09"}, "ip"); err != nil {
		t.Fatal(err)
	}
	approve := onboarding.Decision{Decision: "approve"}

	_, p := w.submitted(t, "2026-09-30 23:59")
	w.claim(t, "2026-10-08 09:00", r1, p.ID)
	w.decide(t, "2026-10-08 10:00", r1, p.ID, approve)

	ma, a := w.submitted(t, "2026-10-01 00:30")
	w.claim(t, "2026-10-08 09:00", r1, a.ID)
	w.decide(t, "2026-10-09 18:00", r1, a.ID, approve)
	w.fire(t, "2026-10-12 10:00", a.ID, onboarding.EvSignContract, ma)
	first := w.book(t, "2026-10-12 11:00", ma, a.ID, "2026-10-14 09:00")
	w.set("2026-10-12 15:00")
	if _, err := w.sched.Cancel(ctx, w.admin, first.ID, "ip"); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	w.book(t, "2026-10-12 16:00", ma, a.ID, "2026-10-14 09:00")
	w.fire(t, "2026-10-14 10:00", a.ID, onboarding.EvCompleteInstallation, installerUser)
	w.fire(t, "2026-10-14 12:00", a.ID, onboarding.EvCompleteTraining, installerUser)

	mb, b := w.submitted(t, "2026-10-09 10:00")
	w.claim(t, "2026-10-12 09:00", r2, b.ID)
	w.decide(t, "2026-10-12 11:00", r2, b.ID, approve)
	w.fire(t, "2026-10-13 10:00", b.ID, onboarding.EvSignContract, mb)
	w.book(t, "2026-10-13 12:00", mb, b.ID, "2026-10-16 09:00")
	w.fire(t, "2026-10-16 10:00", b.ID, onboarding.EvCompleteInstallation, installerUser)
	w.fire(t, "2026-10-16 11:00", b.ID, onboarding.EvCompleteTraining, installerUser)

	mc, c := w.submitted(t, "2026-10-13 09:00")
	w.claim(t, "2026-10-14 09:00", r1, c.ID)
	w.decide(t, "2026-10-14 10:00", r1, c.ID, onboarding.Decision{Decision: "request_info", ReasonCode: "document_illegible",
		Comment: "请重拍", Requested: onboarding.Requested{Documents: []string{"storefront_photo"}}})
	w.set("2026-10-19 09:00")
	if _, err := w.onb.Resubmit(ctx, mc, c.ID, "门头照片已是最新,光线如实", "ip"); err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	w.claim(t, "2026-10-20 14:00", r1, c.ID)
	w.decide(t, "2026-10-20 15:00", r1, c.ID, onboarding.Decision{Decision: "reject", ReasonCode: "risk_assessment", Comment: "不符合要求"})

	md, dd := w.submitted(t, "2026-10-15 14:00")
	w.set("2026-10-16 09:00")
	if _, err := w.onb.Withdraw(ctx, md, dd.ID, "ip"); err != nil {
		t.Fatal(err)
	}

	w.submitted(t, "2026-10-26 09:00")
	_, f := w.submitted(t, "2026-10-31 23:00")
	w.claim(t, "2026-11-02 10:00", r2, f.ID)
	w.submitted(t, "2026-11-01 00:30")
	w.submitted(t, "2026-11-04 10:00")
}

// releases writes the regression watch's inputs: HJ-T80 devices upgraded
// to 5.2.0 and XC-W6 devices upgraded to 4.1.0, with tickets inside and
// outside 72 h of the upgrade.
func releases(t *testing.T, w *world) {
	ctx := context.Background()
	models, providers := w.catalogIDs(t)
	m := w.user(t, auth.Merchant, "Fleet merchant")
	integ, _, err := w.support.CreateIntegration(ctx, &w.admin, "TMS", providers["明岚银行"], "ip")
	if err != nil {
		t.Fatal(err)
	}
	rel, err := w.support.CreateRelease(ctx, &w.admin, support.NewRelease{ModelID: models["HJ-T80"], Version: "5.2.0", Status: support.RollingOut}, "ip")
	if err != nil {
		t.Fatal(err)
	}
	device := func(serial, model, rev, from, to, upgradedAt string) support.Device {
		t.Helper()
		w.set("2026-09-01 09:00")
		d, err := w.support.CreateDevice(ctx, &w.admin, support.NewDevice{Serial: serial, MerchantID: m.ID, ModelID: models[model],
			HardwareRevision: rev, FirmwareVersion: from, ProviderID: providers["明岚银行"]}, "ip")
		if err != nil {
			t.Fatalf("device %s: %v", serial, err)
		}
		w.set(upgradedAt)
		if _, err := w.support.RecordCheckIn(ctx, integ, serial, support.CheckIn{FirmwareVersion: to}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ticket := func(d support.Device, when string) {
		t.Helper()
		w.set(when)
		if _, err := w.support.OpenTicket(ctx, m, d.ID, "无法打印", "", "ip"); err != nil {
			t.Fatal(err)
		}
	}
	d1 := device("HJ-0001", "HJ-T80", "B", "5.1.2", "5.2.0", "2026-10-10 10:00")
	ticket(d1, "2026-10-12 09:00") // 47 h: counts
	ticket(d1, "2026-10-13 11:00") // 73 h: too late
	d2 := device("HJ-0002", "HJ-T80", "B", "5.1.2", "5.2.0", "2026-10-11 10:00")
	ticket(d2, "2026-10-14 10:00") // exactly 72 h: counts
	d3 := device("HJ-0003", "HJ-T80", "B", "5.1.2", "5.2.0", "2026-10-20 10:00")
	w.set("2026-10-19 10:00") // before its upgrade: not the release's
	if _, err := w.support.OpenTicket(ctx, m, d3.ID, "旧问题", "", "ip"); err != nil {
		t.Fatal(err)
	}
	d4 := device("HJ-0004", "HJ-T80", "B", "5.1.2", "5.2.0", "2026-09-29 10:00") // upgraded before the range
	ticket(d4, "2026-09-30 10:00")
	x1 := device("XC-0001", "XC-W6", "B", "4.0.0", "4.1.0", "2026-10-05 10:00")
	ticket(x1, "2026-10-05 12:00")
	device("XC-0002", "XC-W6", "B", "4.0.0", "4.1.0", "2026-10-05 11:00")

	watch := support.DefaultWatchConfig()
	watch.MinDevices = 2
	w.support.SetWatchConfig(watch)
	w.set("2026-10-21 10:00")
	res, err := w.support.RunWatch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Release.ID == rel.ID && !r.Flagged {
			t.Fatalf("watch did not flag 5.2.0: %+v", r)
		}
	}
}

func TestReportOfAKnownHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		history(t, w)
		releases(t, w)
		w.set("2026-11-05 12:00")
		r, err := insights.ParseRange("2026-10-01", "2026-10-31", w.clock)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.insights.Report(context.Background(), &w.admin, r)
		if err != nil {
			t.Fatal(err)
		}
		want := insights.Report{
			From: "2026-10-01", To: "2026-10-31",
			Funnel: []insights.FunnelStage{{Stage: "submitted", Count: 6}, {Stage: "approved", Count: 2}, {Stage: "contract_signed", Count: 2},
				{Stage: "installation_scheduled", Count: 2}, {Stage: "installed", Count: 2}, {Stage: "active", Count: 2}},
			Rejected: 1, Withdrawn: 1,
			StageDurations: []insights.StageDuration{
				{From: "submitted", To: "decided", Count: 3, MedianHours: 174, P90Hours: 202.4},
				{From: "approved", To: "contract_signed", Count: 2, MedianHours: 43.5, P90Hours: 59.9},
				{From: "contract_signed", To: "installed", Count: 2, MedianHours: 60, P90Hours: 69.6},
				{From: "installed", To: "active", Count: 2, MedianHours: 1.5, P90Hours: 1.9},
				{From: "submitted", To: "active", Count: 2, MedianHours: 246.25, P90Hours: 308.05},
			},
			ReviewSLA: insights.ReviewSLA{Decided: 3, WithinSLA: 2, Rate: 0.6667, ByReviewer: []insights.ReviewerSLA{
				{Reviewer: "Reviewer One", Decided: 2, WithinSLA: 2}, {Reviewer: "Reviewer Two", Decided: 1, WithinSLA: 0}}},
			// Waiting: E (26 Oct 09:00, due 28 Oct), F (31 Oct, due Wed 4 Nov
			// 00:00), Q (Sun 1 Nov, due 4 Nov 00:00), R (Wed 4 Nov 10:00,
			// due Fri 6 Nov): three overdue; the oldest waited 10 days 3 hours.
			Queue: insights.Queue{Waiting: 4, Overdue: 3, OldestHours: 243},
			TicketsByRelease: []insights.ReleaseTickets{
				{Model: "HJ-T80", Version: "5.2.0", Devices: 3, Tickets: 2, DevicesWithTickets: 2, Per100Devices: 66.67, Suspect: true},
				{Model: "XC-W6", Version: "4.1.0", Devices: 2, Tickets: 1, DevicesWithTickets: 1, Per100Devices: 50},
			},
			// 22 weekdays less the blocked 9 October at 8 h; two bookings of
			// 80 minutes (the cancelled one does not count).
			Installers: []insights.InstallerLoad{{Name: "Installer Chen", BookedHours: 2.67, AvailableHours: 168, Utilisation: 0.0159}},
			Weekly: []insights.Week{{Start: "2026-09-28", Submitted: 1}, {Start: "2026-10-05", Submitted: 1},
				{Start: "2026-10-12", Submitted: 2, Activated: 2}, {Start: "2026-10-19"}, {Start: "2026-10-26", Submitted: 2}},
			GeneratedAt: "2026-11-05T04:00:00Z",
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("report\n got %+v\nwant %+v", got, want)
		}
	})
}

func TestReportIsForAdminsOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		r := insights.MonthRange(w.clock)
		for _, role := range []auth.Role{auth.Merchant, auth.Reviewer, auth.Installer} {
			u := w.user(t, role, string(role))
			if _, err := w.insights.Report(context.Background(), &u, r); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("%s: err = %v, want forbidden", role, err)
			}
		}
		if _, err := w.insights.Report(context.Background(), nil, r); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("anonymous: err = %v, want forbidden", err)
		}
	})
}

func TestEmptyRangeHasZeroesNotErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		got, err := w.insights.Report(context.Background(), &w.admin, insights.MonthRange(w.clock))
		if err != nil {
			t.Fatal(err)
		}
		if got.Funnel[0].Count != 0 || got.ReviewSLA.Decided != 0 || got.ReviewSLA.Rate != 0 || got.Queue.Waiting != 0 ||
			len(got.TicketsByRelease) != 0 || len(got.Weekly) != 5 || got.StageDurations[0].Count != 0 {
			t.Errorf("empty report: %+v", got)
		}
	})
}

// TestLongRangeCohort asks for the whole year, which takes the other
// spelling of "first submission": P (30 September) and Q, R (November)
// join the cohort, and P's decision on 8 October was within its SLA.
func TestLongRangeCohort(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		history(t, w)
		w.set("2026-11-05 12:00")
		for _, rng := range [][2]string{{"2026-01-01", "2026-12-31"}, {"2026-09-01", "2026-11-30"}} {
			r, err := insights.ParseRange(rng[0], rng[1], w.clock)
			if err != nil {
				t.Fatal(err)
			}
			got, err := w.insights.Report(context.Background(), &w.admin, r)
			if err != nil {
				t.Fatal(err)
			}
			var funnel []int
			for _, f := range got.Funnel {
				funnel = append(funnel, f.Count)
			}
			if !reflect.DeepEqual(funnel, []int{9, 3, 2, 2, 2, 2}) || got.Rejected != 1 || got.Withdrawn != 1 {
				t.Errorf("%v: funnel %v, rejected %d, withdrawn %d", rng, funnel, got.Rejected, got.Withdrawn)
			}
			if got.ReviewSLA.Decided != 4 || got.ReviewSLA.WithinSLA != 3 || got.StageDurations[0].Count != 4 {
				t.Errorf("%v: SLA %+v, durations %+v", rng, got.ReviewSLA, got.StageDurations[0])
			}
		}
	})
}
