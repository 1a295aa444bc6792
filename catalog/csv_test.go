package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

const goodCSV = "\ufeffbrand,name,category,emv_chip,nfc_contactless,qr_scan,printer,cellular_4g,battery_mah,screen_inches,touchscreen,os,certifications,hardware_revisions,purchase_fen,monthly_rental_fen,warranty_months\n" +
	"Acme,Walker 4G,wireless,yes,是,1,true,yes,2600,5.5,yes,Android 10,PCI PTS 6.x;UnionPay,A;B,89900,3900,24\n" +
	"acme,Box Q1,qr_soundbox,no,no,no,no,yes,2000,,no,RTOS,,A,19900,900,12\n"

func TestImportModelsCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")

		res, err := f.svc.ImportModelsCSV(ctx, f.admin, strings.NewReader(goodCSV), noReq)
		if err != nil || res != (ImportResult{Created: 2}) {
			t.Fatalf("import = %+v, %v", res, err)
		}
		ms, _ := f.svc.Models(ctx, Filter{Sort: SortName})
		if len(ms) != 2 {
			t.Fatalf("models = %d", len(ms))
		}
		w := ms[1]
		if w.Name != "Walker 4G" || w.BrandID != b.ID || !w.NFCContactless || w.Screen != 55 || !w.Touchscreen ||
			!reflect.DeepEqual(w.Certifications, []string{"PCI PTS 6.x", "UnionPay"}) || w.PurchaseFen != 89_900 || w.Magstripe {
			t.Errorf("imported model = %+v", w)
		}

		t.Run("export then import changes nothing", func(t *testing.T) {
			var buf bytes.Buffer
			if err := f.svc.ExportModelsCSV(ctx, &buf); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(buf.String(), "\ufeffbrand,name,category,") {
				t.Errorf("export starts %q", buf.String()[:40])
			}
			res, err := f.svc.ImportModelsCSV(ctx, f.admin, bytes.NewReader(buf.Bytes()), noReq)
			if err != nil || res != (ImportResult{Updated: 2}) {
				t.Fatalf("re-import = %+v, %v", res, err)
			}
			again, _ := f.svc.Models(ctx, Filter{Sort: SortName})
			for i := range again {
				again[i].UpdatedAt = ms[i].UpdatedAt
			}
			if !reflect.DeepEqual(again, ms) {
				t.Errorf("round trip changed models:\n%+v\n%+v", again, ms)
			}
		})

		t.Run("ErrBadRowsImportNothing", func(t *testing.T) {
			bad := "brand,name,category,printer,battery_mah,screen_inches,purchase_fen\n" +
				"Acme,New One,countertop,yes,0,3.5,50000\n" + // fine
				"Nobody,X,countertop,yes,0,,1\n" + // line 3: unknown brand
				"Acme,Y,kiosk,maybe,-5,5.55,abc\n" + // line 4: category, printer, battery, screen, price
				"Acme,New One,countertop,no,0,,1\n" + // line 5: duplicate of line 2
				"Acme,Z,countertop\n" // line 6: too few fields
			_, err := f.svc.ImportModelsCSV(ctx, f.admin, strings.NewReader(bad), noReq)
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v, want *ImportError", err)
			}
			if apperr.CodeOf(err) != apperr.Validation {
				t.Errorf("code = %s, want validation", apperr.CodeOf(err))
			}
			type lk struct {
				Line   int
				Column string
				Key    string
			}
			var got []lk
			for _, r := range ie.Rows {
				got = append(got, lk{r.Line, r.Column, r.Key})
			}
			want := []lk{
				{3, "brand", "catalog.csv.unknown_brand"},
				{4, "printer", "catalog.csv.bool"},
				{4, "screen_inches", "catalog.csv.screen"},
				{4, "purchase_fen", "catalog.csv.integer"},
				{5, "name", "catalog.csv.duplicate_row"},
				{6, "", "catalog.csv.field_count"},
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("problems\n got %v\nwant %v", got, want)
			}
			if ms, _ := f.svc.Models(ctx, Filter{}); len(ms) != 2 {
				t.Errorf("%d models after a refused import, want the 2 from before", len(ms))
			}
			// Line 4 with the parse problems fixed still fails validation.
			_, err = f.svc.ImportModelsCSV(ctx, f.admin, strings.NewReader("brand,name,category,battery_mah\nAcme,Y,kiosk,-5\n"), noReq)
			if !errors.As(err, &ie) || len(ie.Rows) != 2 || ie.Rows[0].Key != "catalog.field.choose" || ie.Rows[1].Column != "battery_mah" {
				t.Errorf("validation problems = %+v", ie)
			}
		})
		t.Run("ErrHeader", func(t *testing.T) {
			_, err := f.svc.ImportModelsCSV(ctx, f.admin, strings.NewReader("brand,model,colour\n"), noReq)
			var ie *ImportError
			if !errors.As(err, &ie) || len(ie.Rows) != 4 || ie.Rows[0].Line != 1 {
				t.Fatalf("header problems = %+v", ie)
			}
			_, err = f.svc.ImportModelsCSV(ctx, f.admin, strings.NewReader(""), noReq)
			if !errors.As(err, &ie) || ie.Rows[0].Key != "catalog.csv.empty" {
				t.Errorf("empty file: %v", err)
			}
		})
		t.Run("ErrForbidden", func(t *testing.T) {
			_, err := f.svc.ImportModelsCSV(ctx, f.merchant, strings.NewReader(goodCSV), noReq)
			wantCode(t, err, apperr.Forbidden)
		})
		if f.auditCount("catalog.model.import") != 2 {
			t.Errorf("import events = %d, want 2 (refused imports record nothing)", f.auditCount("catalog.model.import"))
		}
	})
}

func TestParseScreen(t *testing.T) {
	for in, want := range map[string]ScreenSize{"5.5": 55, "6": 60, "0": 0, "10.1": 101} {
		if got, ok := ParseScreen(in); !ok || got != want {
			t.Errorf("ParseScreen(%q) = %d, %v", in, got, ok)
		}
	}
	for _, in := range []string{"5.55", "-1", "abc", ".5", "1234", "5."} {
		if _, ok := ParseScreen(in); ok {
			t.Errorf("ParseScreen(%q) accepted", in)
		}
	}
}
