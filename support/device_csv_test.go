package support

import (
	"fmt"
	"strings"
	"testing"

	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestImportDevicesCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		head := strings.Join(DeviceCSVHeader, ",") + "\n"
		row := func(serial, email, rev string) string {
			return fmt.Sprintf("%s,%s,%d,%s,3.1.0,%d\n", serial, email, f.model.ID, rev, f.provider.ID)
		}

		t.Run("ErrRowsAllOrNothing", func(t *testing.T) {
			csv := head + row("SN-A1", "shop@example.test", "A1") + row("x", "nobody@example.test", "Z9") + row("SN-A1", "shop@example.test", "A1")
			n, err := f.svc.ImportDevicesCSV(ctx, f.admin, strings.NewReader(csv), "")
			ie, ok := err.(*ImportError)
			if n != 0 || !ok {
				t.Fatalf("import = %d, %v", n, err)
			}
			want := []RowError{{3, "serial", "support.field.serial"}, {3, "merchant_email", "support.field.merchant_email"},
				{3, "hardware_revision", "support.field.revision"}, {4, "serial", "support.import.duplicate"}}
			if fmt.Sprint(ie.Rows) != fmt.Sprint(want) {
				t.Fatalf("row errors = %v, want %v", ie.Rows, want)
			}
			if ds, _ := f.svc.Devices(ctx, *f.admin); len(ds) != 0 {
				t.Fatalf("refused import stored %d devices", len(ds))
			}
		})
		t.Run("ErrHeader", func(t *testing.T) {
			_, err := f.svc.ImportDevicesCSV(ctx, f.admin, strings.NewReader("serial,model\nSN-1,2\n"), "")
			if ie, ok := err.(*ImportError); !ok || ie.Rows[0].Key != "support.import.header" {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("OK", func(t *testing.T) {
			csv := "\ufeff" + head + row("sn-b1", "shop@example.test", "A1") + row("SN-B2", "other@example.test", "B1")
			n, err := f.svc.ImportDevicesCSV(ctx, f.admin, strings.NewReader(csv), "")
			if err != nil || n != 2 {
				t.Fatalf("import = %d, %v", n, err)
			}
			mine, _ := f.svc.Devices(ctx, *f.merchant)
			if len(mine) != 1 || mine[0].Serial != "SN-B1" {
				t.Fatalf("merchant's devices = %+v", mine)
			}
			_, err = f.svc.ImportDevicesCSV(ctx, f.admin, strings.NewReader(head+row("SN-B2", "shop@example.test", "A1")), "")
			if ie, ok := err.(*ImportError); !ok || ie.Rows[0].Key != "support.field.serial_taken" {
				t.Fatalf("re-import = %v", err)
			}
		})
	})
}
