package support

import (
	"sync"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/audit"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestTicketLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		tk, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "打印机不出纸", "", "test")
		if err != nil || tk.Status != TicketOpen || tk.Priority != "P3" {
			t.Fatalf("open = %+v, %v", tk, err)
		}

		t.Run("ErrInstallerCannotSeeUnassigned", func(t *testing.T) {
			_, err := f.svc.Ticket(ctx, *f.installer, tk.ID)
			wantNotFound(t, err)
			_, err = f.svc.Device(ctx, *f.installer, dev.ID)
			wantNotFound(t, err)
			_, err = f.svc.Ticket(ctx, *f.other, tk.ID)
			wantNotFound(t, err)
		})
		t.Run("ErrMerchantCannotAssign", func(t *testing.T) {
			_, err := f.svc.Assign(ctx, *f.merchant, tk.ID, Assignment{Assignee: "provider"}, "")
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("OK", func(t *testing.T) {
			got, err := f.svc.Assign(ctx, *f.admin, tk.ID, Assignment{Assignee: "installer", InstallerID: f.installer.ID}, "")
			if err != nil || got.Status != TicketAssigned || got.AssigneeName == nil || *got.AssigneeName != "陈师傅" {
				t.Fatalf("assign = %+v, %v", got, err)
			}
			if _, err := f.svc.Device(ctx, *f.installer, dev.ID); err != nil {
				t.Errorf("assigned installer cannot see the device: %v", err)
			}
			visit, err := f.svc.RepairVisitFor(ctx, *f.installer, tk.ID)
			if err != nil || visit.InstallerID != f.installer.ID || visit.Serial != "SN-1" {
				t.Fatalf("repair visit = %+v, %v", visit, err)
			}
			if _, err := f.svc.AddComment(ctx, *f.installer, tk.ID, "明天上午上门", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.AddComment(ctx, *f.merchant, tk.ID, "好的,谢谢", ""); err != nil {
				t.Fatal(err)
			}
			for _, to := range []TicketStatus{TicketInProgress, TicketResolved} {
				if got, err = f.svc.SetTicketStatus(ctx, *f.installer, tk.ID, to, ""); err != nil || got.Status != to {
					t.Fatalf("-> %s = %s, %v", to, got.Status, err)
				}
			}
			if got, err = f.svc.SetTicketStatus(ctx, *f.merchant, tk.ID, TicketClosed, ""); err != nil || got.Status != TicketClosed {
				t.Fatalf("close = %s, %v", got.Status, err)
			}
			cs, err := f.svc.Comments(ctx, *f.merchant, tk.ID)
			if err != nil || len(cs) != 2 || cs[0].AuthorRole != "installer" || cs[1].Body != "好的,谢谢" {
				t.Fatalf("comments = %+v, %v", cs, err)
			}
			_, err = f.svc.AddComment(ctx, *f.merchant, tk.ID, "还有问题", "")
			wantCode(t, err, apperr.Conflict)
			evs, err := audit.List(ctx, d, audit.Filter{Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, e := range evs {
				seen[e.Action] = true
			}
			for _, a := range []string{"support.ticket.open", "support.ticket.assign", "support.ticket.start", "support.ticket.resolve", "support.ticket.close", "support.ticket.comment"} {
				if !seen[a] {
					t.Errorf("no audit event %s", a)
				}
			}
		})
		t.Run("ErrSkippingStates", func(t *testing.T) {
			other, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "扫码失败", "P2", "")
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.SetTicketStatus(ctx, *f.admin, other.ID, TicketResolved, "")
			wantCode(t, err, apperr.Conflict)
			_, err = f.svc.SetTicketStatus(ctx, *f.merchant, other.ID, TicketInProgress, "")
			wantCode(t, err, apperr.Forbidden)
		})
	})
}

// TestTicketTransitionRace: concurrent status changes from real goroutines,
// exactly one wins and the others get a conflict.
func TestTicketTransitionRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-1", "A2", "3.1.0")
		tk, err := f.svc.OpenTicket(ctx, *f.merchant, dev.ID, "无法开机", "P1", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Assign(ctx, *f.admin, tk.ID, Assignment{Assignee: "provider"}, ""); err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = f.svc.SetTicketStatus(ctx, *f.admin, tk.ID, TicketInProgress, "")
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case apperr.CodeOf(err) != apperr.Conflict:
				t.Errorf("loser got %v, want conflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d goroutines won, want exactly 1", won)
		}
		var starts int
		if err := d.Get(ctx, &starts, `SELECT COUNT(*) FROM audit_events WHERE action = 'support.ticket.start' AND entity_id = ?`, tk.ID); err != nil || starts != 1 {
			t.Fatalf("%d start events, %v", starts, err)
		}
	})
}
