package demo_test

import (
	"context"
	"testing"

	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/internal/demo"
	"posportal/scheduling"
)

func TestSeedSchedulingCoversShanghaiAndBeijing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := services(t, d)
		s.Scheduling = scheduling.NewService(d, s.Onboarding, nil, nil)
		s.Catalog = nil
		if err := demo.SeedSchedulingForTest(ctx, s); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := d.Get(ctx, &n, q); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := []int{count(`SELECT COUNT(*) FROM sched_installers`), count(`SELECT COUNT(*) FROM sched_installer_districts`),
			count(`SELECT COUNT(*) FROM sched_installer_hours`), count(`SELECT COUNT(*) FROM audit_events`)}
		for city, districts := range map[string][]string{"上海市": demo.ShanghaiDistricts, "北京市": demo.BeijingDistricts} {
			if len(districts) != 16 {
				t.Fatalf("%s: %d districts", city, len(districts))
			}
			for _, dist := range districts {
				var n int
				if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM sched_installer_districts x JOIN sched_installer_hours h ON h.installer_id = x.installer_id
					WHERE x.city = ? AND x.district = ?`, city, dist); err != nil || n == 0 {
					t.Errorf("%s%s has no installer with hours (%v)", city, dist, err)
				}
			}
		}
		u, err := s.Auth.UserByEmail(ctx, "installer@demo.local")
		if err != nil {
			t.Fatal(err)
		}
		me, err := s.Scheduling.Me(ctx, u)
		if err != nil || me.Districts[0].City != "上海市" || len(me.Hours) == 0 {
			t.Fatalf("installer@demo.local profile %+v, %v", me, err)
		}
		served := false
		for _, x := range me.Districts {
			served = served || x.District == "浦东新区"
		}
		if !served || u.Role != auth.Installer {
			t.Fatal("installer@demo.local does not serve 浦东新区")
		}
		if err := demo.SeedSchedulingForTest(ctx, s); err != nil {
			t.Fatal(err)
		}
		after := []int{count(`SELECT COUNT(*) FROM sched_installers`), count(`SELECT COUNT(*) FROM sched_installer_districts`),
			count(`SELECT COUNT(*) FROM sched_installer_hours`), count(`SELECT COUNT(*) FROM audit_events`)}
		for i := range before {
			if before[i] != after[i] {
				t.Fatalf("second seed changed counts %v → %v", before, after)
			}
		}
	})
}
