package support

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestWatchThresholds(t *testing.T) {
	c := DefaultWatchConfig()
	cases := []struct {
		problems, upgraded int
		want               bool
	}{
		{1, 40, false}, // 2.5%
		{2, 40, false}, // exactly 5%, but fewer than 3 devices
		{3, 40, true},  // 7.5%
		{3, 60, true},  // exactly 5% and 3 devices
		{3, 61, false}, // 4.9%
		{2, 2, false},  // 100%, too few devices
		{0, 0, false},
	}
	for _, tc := range cases {
		if got := c.Suspect(tc.problems, tc.upgraded); got != tc.want {
			t.Errorf("Suspect(%d of %d) = %v, want %v", tc.problems, tc.upgraded, got, tc.want)
		}
	}
}

// TestRegressionWatch: 40 devices upgraded to a release; problems within
// 72 h flag it only at 3 devices, pausing it and posting notices.
func TestRegressionWatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rel := f.release("3.2.0", "", RollingOut)
		in, _ := f.integration()
		var devs []Device
		for i := range 40 {
			dev := f.device(f.merchant, fmt.Sprintf("SN-%04d", i), "A2", "3.1.0")
			if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: "3.2.0"}); err != nil {
				t.Fatal(err)
			}
			devs = append(devs, dev)
		}
		problem := func(dev Device) {
			if _, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "升级后无法交易", "P1", ""); err != nil {
				t.Fatal(err)
			}
		}
		run := func() WatchResult {
			t.Helper()
			res, err := f.svc.RunWatch(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if r.Release.ID == rel.ID {
					return r
				}
			}
			return WatchResult{}
		}
		f.advance(time.Hour)
		problem(devs[0])
		if r := run(); r.Flagged || r.Upgraded != 40 || r.Problems != 1 {
			t.Fatalf("1 of 40: %+v", r)
		}
		problem(devs[1])
		problem(devs[1]) // a second ticket for one device is still one device
		if r := run(); r.Flagged || r.Problems != 2 {
			t.Fatalf("2 of 40: %+v", r)
		}
		// A problem after 72 h does not count against the release.
		f.advance(72 * time.Hour)
		problem(devs[2])
		if r := run(); r.Flagged || r.Problems != 2 {
			t.Fatalf("late problem counted: %+v", r)
		}
		f.advance(-70 * time.Hour)
		problem(devs[3])
		r := run()
		if !r.Flagged || r.Problems != 3 {
			t.Fatalf("3 of 40 not flagged: %+v", r)
		}
		got, _ := f.svc.Release(ctx, rel.ID)
		if !got.Suspect || got.Status != Paused {
			t.Fatalf("release after flag = %+v", got)
		}
		ns, err := f.svc.Notices(ctx, *f.merchant)
		if err != nil || len(ns) != 1 || ns[0].Kind != UpgradeNotice || ns[0].ReleaseID == nil || *ns[0].ReleaseID != rel.ID {
			t.Fatalf("merchant notices = %+v, %v", ns, err)
		}
		staff, err := f.svc.Notices(ctx, *f.admin)
		if err != nil || len(staff) != 1 || staff[0].Title("en") != "Release 星驰 P10 3.2.0 flagged suspect and paused" {
			t.Fatalf("staff notices = %+v, %v", staff, err)
		}
		// Flagged once: a second run posts nothing new.
		if r := run(); r.Release.ID != 0 {
			t.Fatalf("suspect release watched again: %+v", r)
		}
		// Clearing the flag keeps the pause and starts counting afresh.
		f.advance(time.Minute)
		if _, err := f.svc.ClearSuspect(ctx, f.admin, rel.ID, ""); err != nil {
			t.Fatal(err)
		}
		if r := run(); r.Flagged || r.Problems != 0 {
			t.Fatalf("cleared release re-flagged at once: %+v", r)
		}
		if got, _ := f.svc.Release(ctx, rel.ID); got.Suspect || got.Status != Paused {
			t.Fatalf("release after clear = %+v", got)
		}
		if staff, _ := f.svc.Notices(ctx, *f.admin); len(staff) != 0 {
			t.Errorf("staff alert still shown after clearing: %+v", staff)
		}
	})
}

// TestWatchLoopStopsOnShutdown: the background job runs on its ticker and
// returns once its context ends, as `portal serve` relies on.
func TestWatchLoopStopsOnShutdown(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	rel := f.release("3.2.0", "", RollingOut)
	in, _ := f.integration()
	for i := range 3 {
		dev := f.device(f.merchant, fmt.Sprintf("SN-%04d", i), "A2", "3.1.0")
		if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: "3.2.0"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "无法交易", "P1", ""); err != nil {
			t.Fatal(err)
		}
	}
	c := DefaultWatchConfig()
	c.Interval = 5 * time.Millisecond
	f.svc.SetWatchConfig(c)
	wctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.svc.Watch(wctx, slog.New(slog.DiscardHandler))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if r, _ := f.svc.Release(ctx, rel.ID); r.Suspect {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the background watch never flagged the release")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not stop after its context ended")
	}
}
