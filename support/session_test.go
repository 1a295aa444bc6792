package support

import (
	"strings"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
	"posportal/support/knowledge"
)

// TestContextChecks: each check fires on what the portal knows, offers its
// diagnosis first and carries its evidence.
func TestContextChecks(t *testing.T) {
	cases := []struct {
		name     string
		setup    func(f *fixture) Device
		check    knowledge.Check
		evidence string // in the English evidence
	}{
		{"Outage", func(f *fixture) Device {
			f.notice(OutageNotice, TargetProvider, "收单系统故障")
			return f.device(f.merchant, "SN-1", "A2", "3.1.0")
		}, knowledge.CheckOutage, "收单系统故障 (en)"},
		{"HardwareBelowMinimum", func(f *fixture) Device {
			f.release("3.2.0", "A2", RollingOut)
			return f.device(f.merchant, "SN-1", "A1", "3.2.0")
		}, knowledge.CheckHardwareBelowMinimum, "A1 is below A2"},
		{"ReleasePaused", func(f *fixture) Device {
			f.release("3.2.0", "", Paused)
			return f.device(f.merchant, "SN-1", "A2", "3.2.0")
		}, knowledge.CheckReleasePausedOrWithdrawn, "3.2.0, which this terminal runs, is paused"},
		{"ReleaseWithdrawn", func(f *fixture) Device {
			f.release("3.2.0", "", Withdrawn)
			return f.device(f.merchant, "SN-1", "A2", "3.2.0")
		}, knowledge.CheckReleasePausedOrWithdrawn, "has been withdrawn"},
		{"UpgradeIncomplete", func(f *fixture) Device {
			dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
			in, _ := f.integration()
			no := false
			if _, err := f.svc.RecordCheckIn(ctx, in, dev.Serial, CheckIn{FirmwareVersion: "3.2.0", UpgradeCompleted: &no}); err != nil {
				f.t.Fatal(err)
			}
			return dev
		}, knowledge.CheckUpgradeIncomplete, "the terminal runs firmware 3.2.0"},
		{"PolicyNotice", func(f *fixture) Device {
			f.notice(PolicyNotice, TargetAll, "信用卡交易限额调整")
			return f.device(f.merchant, "SN-1", "A2", "3.1.0")
		}, knowledge.CheckPolicyNotice, "信用卡交易限额调整 (en)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				f := newFixture(t, d)
				dev := c.setup(f)
				ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
				if err != nil {
					t.Fatal(err)
				}
				want, _ := c.check.DiagnosisID()
				if ss.Status != Diagnosed || ss.DiagnosisID != want || len(ss.Context) != 1 || ss.Context[0].Check != c.check {
					t.Fatalf("session = status %s diagnosis %s context %+v", ss.Status, ss.DiagnosisID, ss.Context)
				}
				if ev := ss.Context[0].Evidence.For("en"); !strings.Contains(ev, c.evidence) {
					t.Errorf("evidence %q lacks %q", ev, c.evidence)
				}
				if ss.Context[0].Evidence.ZH == "" {
					t.Error("no Chinese evidence")
				}
				// The merchant may still walk the tree.
				if q := ss.Question(); q == nil || q.ID != testTree.Root().ID || !ss.FromContext() {
					t.Fatalf("context diagnosis closed the tree: node %s", ss.Node)
				}
				ss = f.walk(f.merchant, ss, "no_power")
				if ss.Status != Asking || ss.DiagnosisID != "" {
					t.Errorf("after walking on: status %s diagnosis %q", ss.Status, ss.DiagnosisID)
				}
			})
		})
	}
}

func TestNoContextStartsAtRoot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.release("3.1.0", "A1", RollingOut)
		f.notice(OutageNotice, TargetAll, "已结束的故障")
		if _, err := d.Exec(ctx, `UPDATE support_notices SET ends_at = ?`, f.clock().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		if ss.Status != Asking || len(ss.Context) != 0 || ss.Node != "q.start" || ss.Diagnosis() != nil {
			t.Fatalf("session = %+v", ss)
		}
	})
}

// TestFlowToTicket walks the printer path of the seed's damaged-part cause
// and the no-power path to a P1 mainboard fault, then reports them unresolved.
func TestFlowToTicket(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")

		t.Run("PrinterDamaged", func(t *testing.T) {
			ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			ss = f.walk(f.merchant, ss, "main_screen_problem", "peripheral", "printer", "test_fails", "only_this")
			dg := ss.Diagnosis()
			if ss.Status != Diagnosed || dg == nil || dg.ID != "d.hw.part_damaged" || len(ss.Transcript) != 5 {
				t.Fatalf("status %s diagnosis %v transcript %d", ss.Status, ss.DiagnosisID, len(ss.Transcript))
			}
			if ss.Transcript[2].Node != "q.peripheral_which" || ss.Transcript[2].Option != "printer" {
				t.Errorf("transcript step 3 = %+v", ss.Transcript[2])
			}
			ss, err = f.svc.Outcome(ctx, *f.merchant, ss.ID, true, "test")
			if err != nil || ss.Status != Resolved || ss.TicketID != nil {
				t.Fatalf("resolved = %s ticket %v, %v", ss.Status, ss.TicketID, err)
			}
			_, err = f.svc.Outcome(ctx, *f.merchant, ss.ID, false, "test")
			wantCode(t, err, apperr.Conflict)
		})
		t.Run("CannotTakePaymentsIsP1", func(t *testing.T) {
			ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			ss = f.walk(f.merchant, ss, "no_power", "nothing", "still_dead")
			if ss.DiagnosisID != "d.hw.mainboard" {
				t.Fatalf("diagnosis = %s", ss.DiagnosisID)
			}
			ss, err = f.svc.Outcome(ctx, *f.merchant, ss.ID, false, "test")
			if err != nil || ss.Status != Escalated || ss.TicketID == nil {
				t.Fatalf("not resolved = %s ticket %v, %v", ss.Status, ss.TicketID, err)
			}
			tk, err := f.svc.Ticket(ctx, *f.merchant, *ss.TicketID)
			if err != nil {
				t.Fatal(err)
			}
			if tk.Priority != knowledge.P1 || tk.Status != TicketOpen || tk.SessionID == nil || *tk.SessionID != ss.ID ||
				tk.Escalation != "on_site" || tk.Category != "hardware" || !tk.DueAt.Equal(f.clock().Add(4*time.Hour)) {
				t.Fatalf("ticket = %+v", tk)
			}
			// The transcript travels with the ticket: staff open the session.
			staffView, err := f.svc.Session(ctx, *f.admin, *tk.SessionID)
			if err != nil || len(staffView.Transcript) != 3 {
				t.Fatalf("staff transcript = %d steps, %v", len(staffView.Transcript), err)
			}
		})
		t.Run("StaleAnswerIsConflict", func(t *testing.T) {
			ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			first := ss.Node
			ss = f.walk(f.merchant, ss, "no_power")
			_, err = f.svc.Answer(ctx, *f.merchant, ss.ID, first, "stuck_boot", "test")
			wantCode(t, err, apperr.Conflict)
			again, _ := f.svc.Session(ctx, *f.merchant, ss.ID)
			if len(again.Transcript) != 1 || again.Node != "q.power_charge" {
				t.Fatalf("stale answer changed the session: node %s, %d steps", again.Node, len(again.Transcript))
			}
			_, err = f.svc.Answer(ctx, *f.merchant, ss.ID, "", "no_such_option", "test")
			wantCode(t, err, apperr.Validation)
		})
		t.Run("ErrOtherMerchant", func(t *testing.T) {
			_, err := f.svc.StartSession(ctx, *f.other, dev.ID, "test")
			wantNotFound(t, err)
			ss, err := f.svc.StartSession(ctx, *f.merchant, dev.ID, "test")
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.Session(ctx, *f.other, ss.ID)
			wantNotFound(t, err)
			_, err = f.svc.Answer(ctx, *f.other, ss.ID, "", "no_power", "test")
			wantNotFound(t, err)
			_, err = f.svc.ReportPDF(ctx, *f.other, ss.ID, "zh-CN", nil)
			wantNotFound(t, err)
			_, err = f.svc.StartSession(ctx, auth.User{ID: f.admin.ID, Role: auth.Admin}, dev.ID, "test")
			wantCode(t, err, apperr.Forbidden)
		})
	})
}
