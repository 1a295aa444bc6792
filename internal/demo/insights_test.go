package demo_test

import (
	"context"
	"testing"
	"time"

	"posportal/insights"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/support"
)

// TestDemoInsights: after the demo seed an admin's view of the current
// month shows applications at several stages and XC-W6 4.0.0 worst in
// tickets per release, flagged suspect; seeding again changes nothing.
func TestDemoInsights(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := services(t, d)
		if _, err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		before := counts(t, d)
		if _, err := demo.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		if after := counts(t, d); before["applications"] != after["applications"] || before["application_events"] != after["application_events"] {
			t.Errorf("second seed changed the history: %v then %v", before, after)
		}
		admin, err := s.Auth.UserByEmail(ctx, "admin@demo.local")
		if err != nil {
			t.Fatal(err)
		}
		svc := insights.NewService(d, nil, support.DefaultWatchConfig().Window, nil)
		// The cohort starts early this month, or — in a month's first two
		// days — up to 56 h ago, in the month before.
		now := time.Now()
		r := insights.MonthRange(now)
		if early := now.Add(-72 * time.Hour); early.Before(r.Start) {
			r.Start = early
		}
		rep, err := svc.Report(ctx, &admin, r)
		if err != nil {
			t.Fatal(err)
		}
		reached := 0
		for _, f := range rep.Funnel {
			if f.Count > 0 {
				reached++
			}
		}
		if rep.Funnel[0].Count < len(rep.Funnel) || reached < 4 || rep.Rejected == 0 || rep.ReviewSLA.Decided == 0 {
			t.Errorf("the funnel does not move: %+v rejected %d, SLA %+v", rep.Funnel, rep.Rejected, rep.ReviewSLA)
		}
		if len(rep.TicketsByRelease) < 3 {
			t.Fatalf("tickets by release: %+v", rep.TicketsByRelease)
		}
		worst := rep.TicketsByRelease[0]
		if worst.Model != "XC-W6" || worst.Version != "4.0.0" || !worst.Suspect || worst.Per100Devices != 50 ||
			rep.TicketsByRelease[1].Per100Devices >= worst.Per100Devices {
			t.Errorf("the suspect release does not stand out: %+v", rep.TicketsByRelease)
		}
	})
}
