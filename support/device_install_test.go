package support

import (
	"errors"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestRegisterInstalledTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.device(f.other, "SN-0001", "A1", "3.1.0")
		register := func(serial string) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				_, err := RegisterInstalledTx(ctx, tx, fixedNow, NewDevice{Serial: serial, MerchantID: f.merchant.ID,
					ModelID: f.model.ID, HardwareRevision: "A2", FirmwareVersion: "3.2.0", ProviderID: f.provider.ID})
				return err
			})
		}
		t.Run("OK", func(t *testing.T) {
			if err := register(" sn-0100 "); err != nil {
				t.Fatal(err)
			}
			list, err := f.svc.Devices(ctx, *f.merchant)
			if err != nil || len(list) != 1 || list[0].Serial != "SN-0100" || list[0].ProviderName != "示例银行" || list[0].FirmwareVersion != "3.2.0" {
				t.Fatalf("merchant's devices = %+v, %v", list, err)
			}
		})
		t.Run("ErrSerialTaken", func(t *testing.T) {
			e := wantCode(t, register("sn-0001"), apperr.Validation)
			if e.Fields["serial"] != "support.field.serial_taken" {
				t.Errorf("fields = %v", e.Fields)
			}
		})
		t.Run("ErrRolledBackWithCaller", func(t *testing.T) {
			_ = d.InTx(ctx, func(tx *db.Tx) error {
				if _, err := RegisterInstalledTx(ctx, tx, fixedNow, NewDevice{Serial: "SN-0200", MerchantID: f.merchant.ID,
					ModelID: f.model.ID, ProviderID: f.provider.ID}); err != nil {
					t.Fatal(err)
				}
				return apperr.ErrConflict
			})
			if _, err := f.svc.DeviceBySerial(ctx, "SN-0200"); !errors.Is(err, apperr.ErrNotFound) {
				t.Fatalf("device of a rolled-back completion: %v", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			e := wantCode(t, register("x"), apperr.Validation)
			if e.Fields["serial"] == "" {
				t.Errorf("fields = %v", e.Fields)
			}
		})
	})
}
