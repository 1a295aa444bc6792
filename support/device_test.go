package support

import (
	"strings"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestDevices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		mine := f.device(f.merchant, "sn-0001", "A2", "3.1.0")
		theirs := f.device(f.other, "SN-0002", "B1", "3.1.0")

		t.Run("OK", func(t *testing.T) {
			if mine.Serial != "SN-0001" || mine.ModelName != "星驰 P10" || !mine.Printer || mine.ProviderName != "示例银行" || !mine.UpgradeCompleted {
				t.Fatalf("device = %+v", mine)
			}
			list, err := f.svc.Devices(ctx, *f.merchant)
			if err != nil || len(list) != 1 || list[0].ID != mine.ID {
				t.Fatalf("merchant's devices = %+v, %v", list, err)
			}
			all, err := f.svc.Devices(ctx, *f.admin)
			if err != nil || len(all) != 2 {
				t.Fatalf("admin sees %d devices, %v", len(all), err)
			}
		})
		t.Run("ErrOtherMerchant", func(t *testing.T) {
			_, err := f.svc.Device(ctx, *f.merchant, theirs.ID)
			wantNotFound(t, err)
		})
		t.Run("ErrSerialTaken", func(t *testing.T) {
			_, err := f.svc.CreateDevice(ctx, f.admin, NewDevice{Serial: "SN-0001", MerchantID: f.other.ID, ModelID: f.model.ID, ProviderID: f.provider.ID}, "")
			e := wantCode(t, err, apperr.Validation)
			if e.Fields["serial"] != "support.field.serial_taken" {
				t.Errorf("fields = %v", e.Fields)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			_, err := f.svc.CreateDevice(ctx, f.admin, NewDevice{Serial: "x", MerchantID: f.admin.ID, ModelID: f.model.ID, HardwareRevision: "Z9", ProviderID: 999}, "")
			e := wantCode(t, err, apperr.Validation)
			for _, k := range []string{"serial", "merchant_id", "hardware_revision", "provider_id"} {
				if e.Fields[k] == "" {
					t.Errorf("no error for %s: %v", k, e.Fields)
				}
			}
		})
		t.Run("ErrMerchantCannotCreate", func(t *testing.T) {
			_, err := f.svc.CreateDevice(ctx, f.merchant, NewDevice{Serial: "SN-0003"}, "")
			wantCode(t, err, apperr.Forbidden)
		})
	})
}

func TestCheckIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		dev := f.device(f.merchant, "SN-0100", "A2", "3.1.0")
		in, token := f.integration()

		t.Run("OK", func(t *testing.T) {
			got, err := f.svc.AuthenticateIntegration(ctx, token)
			if err != nil || got.ID != in.ID {
				t.Fatalf("authenticate = %+v, %v", got, err)
			}
			no := false
			f.advance(time.Hour)
			after, err := f.svc.RecordCheckIn(ctx, got, "sn-0100", CheckIn{FirmwareVersion: "3.2.0", UpgradeCompleted: &no})
			if err != nil {
				t.Fatal(err)
			}
			if after.FirmwareVersion != "3.2.0" || after.UpgradeCompleted || after.UpgradedAt == nil || !after.UpgradedAt.Equal(f.clock()) || after.LastCheckinAt == nil {
				t.Fatalf("after check-in = %+v", after)
			}
			f.advance(time.Hour)
			again, err := f.svc.RecordCheckIn(ctx, got, dev.Serial, CheckIn{FirmwareVersion: "3.2.0"})
			if err != nil || !again.UpgradeCompleted || !again.UpgradedAt.Equal(*after.UpgradedAt) {
				t.Fatalf("same version check-in = %+v, %v (upgrade time must stay)", again, err)
			}
		})
		t.Run("ErrBadToken", func(t *testing.T) {
			for _, tok := range []string{"", "nonsense", token + "x", "ptm_" + strings.Repeat("0", 64)} {
				_, err := f.svc.AuthenticateIntegration(ctx, tok)
				wantCode(t, err, apperr.Unauthorized)
			}
		})
		t.Run("RotateRevokesOldToken", func(t *testing.T) {
			fresh, err := f.svc.RotateIntegration(ctx, f.admin, in.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.AuthenticateIntegration(ctx, token); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Errorf("old token still works: %v", err)
			}
			if _, err := f.svc.AuthenticateIntegration(ctx, fresh); err != nil {
				t.Errorf("new token: %v", err)
			}
			var stored string
			if err := d.Get(ctx, &stored, `SELECT token_hash FROM support_integrations WHERE id = ?`, in.ID); err != nil || strings.Contains(stored, fresh) || stored == fresh {
				t.Errorf("token stored in clear: %q", stored)
			}
		})
		t.Run("ErrUnknownSerial", func(t *testing.T) {
			_, err := f.svc.RecordCheckIn(ctx, in, "NOPE-1", CheckIn{FirmwareVersion: "1.0"})
			wantNotFound(t, err)
		})
	})
}
