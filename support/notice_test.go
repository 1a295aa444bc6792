package support

import (
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestNoticesAndAcknowledgement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.device(f.merchant, "SN-1", "A2", "3.1.0")
		f.device(f.other, "SN-2", "A2", "3.1.0")
		third := f.user("merchant", "third@example.test", "No Devices Shop")
		upgrade := f.notice(UpgradeNotice, TargetModel, "请于周五前升级到 3.2.0")
		outage := f.notice(OutageNotice, TargetProvider, "收单系统维护")
		// A notice whose window has not begun is not shown yet.
		if _, err := d.Exec(ctx, `UPDATE support_notices SET model_id = NULL, target = 'all', kind = 'policy', starts_at = ? WHERE id = ?`,
			f.clock().Add(time.Hour), outage.ID); err != nil {
			t.Fatal(err)
		}

		t.Run("MerchantSeesActiveConcerningNotices", func(t *testing.T) {
			ns, err := f.svc.Notices(ctx, *f.merchant)
			if err != nil || len(ns) != 1 || ns[0].ID != upgrade.ID || ns[0].Acknowledged {
				t.Fatalf("notices = %+v, %v", ns, err)
			}
			if ns[0].Title("zh-CN") != "请于周五前升级到 3.2.0" || ns[0].Title("en") != "请于周五前升级到 3.2.0 (en)" {
				t.Errorf("titles = %q / %q", ns[0].Title("zh-CN"), ns[0].Title("en"))
			}
			none, err := f.svc.Notices(ctx, *third)
			if err != nil || len(none) != 0 {
				t.Fatalf("merchant without devices sees %+v, %v", none, err)
			}
		})
		t.Run("Acknowledge", func(t *testing.T) {
			if err := f.svc.Acknowledge(ctx, *f.merchant, upgrade.ID, ""); err != nil {
				t.Fatal(err)
			}
			if err := f.svc.Acknowledge(ctx, *f.merchant, upgrade.ID, ""); err != nil {
				t.Fatalf("second acknowledgement: %v", err)
			}
			ns, _ := f.svc.Notices(ctx, *f.merchant)
			if len(ns) != 1 || !ns[0].Acknowledged {
				t.Fatalf("after ack = %+v", ns)
			}
			wantNotFound(t, f.svc.Acknowledge(ctx, *third, upgrade.ID, ""))
			wantCode(t, f.svc.Acknowledge(ctx, *f.admin, upgrade.ID, ""), apperr.Forbidden)
		})
		t.Run("AdminSeesWhoHasNotAcknowledged", func(t *testing.T) {
			list, err := f.svc.NotAcknowledged(ctx, *f.admin, upgrade.ID)
			if err != nil || len(list) != 1 || list[0].MerchantID != f.other.ID || list[0].Devices != 1 {
				t.Fatalf("not acknowledged = %+v, %v", list, err)
			}
			_, err = f.svc.NotAcknowledged(ctx, *f.merchant, upgrade.ID)
			wantCode(t, err, apperr.Forbidden)
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			end := f.clock().Add(-2 * time.Hour)
			_, err := f.svc.CreateNotice(ctx, f.admin, NewNotice{Kind: "gossip", Target: TargetModel, EndsAt: &end}, "")
			e := wantCode(t, err, apperr.Validation)
			for _, k := range []string{"kind", "title_zh", "model_id", "ends_at"} {
				if e.Fields[k] == "" {
					t.Errorf("no error for %s: %v", k, e.Fields)
				}
			}
		})
	})
}
