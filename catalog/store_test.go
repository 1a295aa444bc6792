package catalog

import (
	"reflect"
	"slices"
	"testing"

	"posportal/fees"
	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/db"
	"posportal/internal/db/dbtest"
)

func TestBrands(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("星驰 Xingchi")

		t.Run("OK", func(t *testing.T) {
			got, err := f.svc.Brand(ctx, b.ID)
			if err != nil || got.Name != "星驰 Xingchi" || got.SupportHours != Support24x7 || got.SupportRating != 4 {
				t.Fatalf("brand = %+v, %v", got, err)
			}
			b.ServiceCities = 120
			if _, err := f.svc.UpdateBrand(ctx, f.admin, b, noReq); err != nil {
				t.Fatal(err)
			}
			if got, _ := f.svc.Brand(ctx, b.ID); got.ServiceCities != 120 {
				t.Errorf("service cities = %d after update", got.ServiceCities)
			}
		})
		t.Run("ErrNameTaken", func(t *testing.T) {
			_, err := f.svc.CreateBrand(ctx, f.admin, Brand{Name: "星驰 Xingchi", SupportHours: SupportBusiness, SupportRating: 3}, noReq)
			wantField(t, err, "name", "catalog.field.name.taken")
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			_, err := f.svc.CreateBrand(ctx, f.admin, Brand{Name: " ", SupportHours: "sometimes", SupportRating: 6}, noReq)
			e := wantCode(t, err, apperr.Validation)
			want := map[string]string{"name": "field.required", "support_hours": "catalog.field.choose", "support_rating": "catalog.field.support_rating.range"}
			if !reflect.DeepEqual(e.Fields, want) {
				t.Errorf("fields = %v, want %v", e.Fields, want)
			}
		})
		t.Run("ErrInUse", func(t *testing.T) {
			f.model(countertop(b, "S1", 100_000))
			wantCode(t, f.svc.DeleteBrand(ctx, f.admin, b.ID, noReq), apperr.Conflict)
		})
		t.Run("DeleteUnused", func(t *testing.T) {
			other := f.brand("Other")
			if err := f.svc.DeleteBrand(ctx, f.admin, other.ID, noReq); err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Brand(ctx, other.ID); !isNotFound(err) {
				t.Errorf("deleted brand: %v", err)
			}
		})
		if n := f.auditCount("catalog.brand.create"); n != 2 {
			t.Errorf("brand.create events = %d, want 2", n)
		}
		if f.auditCount("catalog.brand.update") != 1 || f.auditCount("catalog.brand.delete") != 1 {
			t.Error("update and delete must be audited")
		}
	})
}

func TestModelsKeepEveryAttribute(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		in := countertop(b, "C100", 129_900)
		in.BatteryMAh, in.Cellular4G, in.Bluetooth, in.Touchscreen, in.DepositFen = 2600, true, true, true, 9_900
		in.Certifications = []string{"PCI PTS 6.x", "UnionPay", "EMV L2"}
		in.HardwareRevisions = []string{"A", "B", "C"}
		got := f.model(in)
		in.ID, in.BrandName, in.CreatedAt, in.UpdatedAt = got.ID, "Acme", got.CreatedAt, got.UpdatedAt
		if !reflect.DeepEqual(got, in) {
			t.Fatalf("stored model\n got %+v\nwant %+v", got, in)
		}
		if !got.CreatedAt.Equal(fixedNow) {
			t.Errorf("created_at = %v", got.CreatedAt)
		}

		t.Run("UpdateReplacesLists", func(t *testing.T) {
			got.HardwareRevisions = []string{"B", "C", "D"}
			got.Certifications = nil
			got.Name = "C100 Pro"
			upd, err := f.svc.UpdateModel(ctx, f.admin, got, noReq)
			if err != nil {
				t.Fatal(err)
			}
			if upd.Name != "C100 Pro" || !slices.Equal(upd.HardwareRevisions, []string{"B", "C", "D"}) || len(upd.Certifications) != 0 || upd.Certifications == nil {
				t.Errorf("updated = %+v", upd)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			bad := Model{BrandID: b.ID, Name: "X", Category: "kiosk", Touchscreen: true, PurchaseFen: -1, HardwareRevisions: []string{"A", "a"}}
			e := wantCode(t, func() error { _, err := f.svc.CreateModel(ctx, f.admin, bad, noReq); return err }(), apperr.Validation)
			want := map[string]string{
				"category": "catalog.field.choose", "touchscreen": "catalog.field.touchscreen.no_screen",
				"purchase_fen": "catalog.field.purchase_fen.range", "hardware_revisions": "catalog.field.list.duplicate",
			}
			if !reflect.DeepEqual(e.Fields, want) {
				t.Errorf("fields = %v, want %v", e.Fields, want)
			}
		})
		t.Run("ErrUnknownBrand", func(t *testing.T) {
			_, err := f.svc.CreateModel(ctx, f.admin, countertop(Brand{ID: 999}, "Ghost", 1), noReq)
			wantField(t, err, "brand_id", "catalog.field.brand_id.unknown")
		})
		t.Run("ErrNameTakenWithinBrand", func(t *testing.T) {
			_, err := f.svc.CreateModel(ctx, f.admin, countertop(b, "C100 Pro", 1), noReq)
			wantField(t, err, "name", "catalog.field.name.taken")
		})
		t.Run("NotFound", func(t *testing.T) {
			if _, err := f.svc.Model(ctx, 424242); !isNotFound(err) {
				t.Errorf("unknown model: %v", err)
			}
		})
	})
}

func TestOnlyAdminsChangeTheCatalog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		m := f.model(countertop(b, "C1", 1000))
		p := f.provider("Bank", UnionPayCard)
		pl := f.plan(fees.Plan{ProviderID: p.ID, Name: "P", Rates: []fees.RateRow{{Channel: fees.DebitCard, RatePPM: 5000}}})
		reviewer := f.user("reviewer", "rev@example.test")
		for name, u := range map[string]*auth.User{"merchant": f.merchant, "reviewer": reviewer} {
			t.Run(name, func(t *testing.T) {
				errs := []error{
					func() error { _, err := f.svc.CreateBrand(ctx, u, b, noReq); return err }(),
					func() error { _, err := f.svc.UpdateBrand(ctx, u, b, noReq); return err }(),
					f.svc.DeleteBrand(ctx, u, b.ID, noReq),
					func() error { _, err := f.svc.CreateModel(ctx, u, m, noReq); return err }(),
					func() error { _, err := f.svc.UpdateModel(ctx, u, m, noReq); return err }(),
					f.svc.DeleteModel(ctx, u, m.ID, noReq),
					func() error { _, err := f.svc.CreateProvider(ctx, u, p, noReq); return err }(),
					func() error { _, err := f.svc.UpdateProvider(ctx, u, p, noReq); return err }(),
					f.svc.DeleteProvider(ctx, u, p.ID, noReq),
					func() error { _, err := f.svc.CreatePlan(ctx, u, pl, noReq); return err }(),
					func() error { _, err := f.svc.UpdatePlan(ctx, u, pl, noReq); return err }(),
					f.svc.DeletePlan(ctx, u, pl.ID, noReq),
				}
				for i, err := range errs {
					if apperr.CodeOf(err) != apperr.Forbidden {
						t.Errorf("mutation %d: %v, want forbidden", i, err)
					}
				}
			})
		}
		if got, _ := f.svc.Plans(ctx); len(got) != 1 {
			t.Errorf("plans after refused changes = %d", len(got))
		}
	})
}

func TestProvidersAndCompatibility(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		p := f.provider("明岚银行", ECNY, WeChatPay, UnionPayCard, WeChatPay) // order and duplicates normalised
		if !slices.Equal(p.Methods, []Method{UnionPayCard, WeChatPay, ECNY}) {
			t.Errorf("methods = %v", p.Methods)
		}
		_, err := f.svc.CreateProvider(ctx, f.admin, Provider{Name: "None", Kind: Bank}, noReq)
		wantField(t, err, "methods", "catalog.field.methods.required")

		b := f.brand("Acme")
		noNFC := countertop(b, "NoTap", 1000)
		noNFC.NFCContactless = false
		m := f.model(noNFC)
		combo := Combine(&m, &p)
		reasons := map[fees.Channel]string{}
		for _, c := range combo.Cells {
			reasons[c.Channel] = c.Reason
		}
		want := map[fees.Channel]string{
			fees.DebitCard: "", fees.CreditCard: "", fees.WeChatPay: "", fees.Alipay: "provider",
			fees.UnionPayQR: "provider", fees.Contactless: "model", fees.ForeignCard: "provider",
		}
		if !reflect.DeepEqual(reasons, want) {
			t.Errorf("combination reasons = %v, want %v", reasons, want)
		}
	})
}

func TestFilterMatchesNeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		ct := f.model(countertop(b, "Desk", 90_000))
		sb := f.model(soundbox(b, "Box", 19_900))
		mp := f.model(Model{BrandID: b.ID, Name: "Go", Category: MPOS, BatteryMAh: 800,
			Capabilities: Capabilities{EMVChip: true, NFCContactless: true, Bluetooth: true}, PurchaseFen: 29_900})
		wl := f.model(Model{BrandID: b.ID, Name: "Walk", Category: Wireless, BatteryMAh: 2600, Screen: 28,
			Capabilities: Capabilities{EMVChip: true, Magstripe: true, QRScan: true, Printer: true, Cellular4G: true}, PurchaseFen: 69_900})
		max := int64(30_000)
		cases := []struct {
			name   string
			filter Filter
			want   []int64
		}{
			{"all by price", Filter{}, []int64{sb.ID, mp.ID, wl.ID, ct.ID}},
			{"on the move", Filter{Mobile: true}, []int64{sb.ID, mp.ID, wl.ID}},
			{"printer", Filter{Printer: true}, []int64{wl.ID, ct.ID}},
			{"QR only", Filter{QROnly: true}, []int64{sb.ID}},
			{"contactless", Filter{Contactless: true}, []int64{mp.ID, ct.ID}},
			{"max price", Filter{MaxPriceFen: &max}, []int64{sb.ID, mp.ID}},
			{"mobile with printer", Filter{Mobile: true, Printer: true}, []int64{wl.ID}},
			{"category", Filter{Category: Countertop}, []int64{ct.ID}},
		}
		for _, c := range cases {
			got, err := f.svc.Models(ctx, c.filter)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, m := range got {
				ids = append(ids, m.ID)
				// The SQL must agree with the model's own predicates.
				if (c.filter.Mobile && !m.Mobile()) || (c.filter.QROnly && !m.QROnly()) || (c.filter.Printer && !m.Printer) {
					t.Errorf("%s: %s does not meet the need", c.name, m.Name)
				}
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("%s: ids = %v, want %v", c.name, ids, c.want)
			}
		}
		_, err := f.svc.Models(ctx, Filter{Category: "toaster", Sort: "random"})
		e := wantCode(t, err, apperr.Validation)
		if e.Fields["category"] == "" || e.Fields["sort"] == "" {
			t.Errorf("fields = %v", e.Fields)
		}
	})
}

func TestCompare(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		a := f.model(countertop(b, "A", 100_000))
		bb := countertop(b, "B", 120_000)
		bb.NFCContactless = false
		bm := f.model(bb)
		c := f.model(soundbox(b, "C", 20_000))

		t.Run("OK", func(t *testing.T) {
			cmp, err := f.svc.Compare(ctx, []int64{bm.ID, a.ID})
			if err != nil {
				t.Fatal(err)
			}
			if cmp.Models[0].ID != bm.ID || cmp.Models[1].ID != a.ID {
				t.Errorf("order not kept: %d, %d", cmp.Models[0].ID, cmp.Models[1].ID)
			}
			// Same brand, category, lists; different prices and NFC.
			if want := []string{"purchase_fen", "monthly_rental_fen", "nfc_contactless"}; !slices.Equal(cmp.Differences, want) {
				t.Errorf("differences = %v, want %v", cmp.Differences, want)
			}
			if cmp.Differs("brand") || !cmp.Differs("nfc_contactless") {
				t.Error("Differs disagrees with Differences")
			}
		})
		t.Run("ErrUnknownID", func(t *testing.T) {
			if _, err := f.svc.Compare(ctx, []int64{a.ID, 999_999}); !isNotFound(err) {
				t.Errorf("unknown id: %v", err)
			}
		})
		t.Run("ErrCount", func(t *testing.T) {
			for _, ids := range [][]int64{{a.ID}, {a.ID, bm.ID, c.ID, 4, 5}, nil} {
				_, err := f.svc.Compare(ctx, ids)
				wantField(t, err, "ids", "catalog.field.ids.count")
			}
			_, err := f.svc.Compare(ctx, []int64{a.ID, a.ID})
			wantField(t, err, "ids", "catalog.field.ids.duplicate")
		})
	})
}

func TestShortlist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.brand("Acme")
		a, c := f.model(countertop(b, "A", 100_000)), f.model(soundbox(b, "C", 20_000))
		for _, id := range []int64{a.ID, c.ID, a.ID} { // twice: no error, no duplicate
			if err := f.svc.AddToShortlist(ctx, f.merchant, id); err != nil {
				t.Fatal(err)
			}
		}
		got, err := f.svc.Shortlist(ctx, f.merchant)
		if err != nil || len(got) != 2 || got[0].ID != c.ID {
			t.Fatalf("shortlist = %v, %v", got, err)
		}
		other := f.user("merchant", "other@example.test")
		if mine, _ := f.svc.Shortlist(ctx, other); len(mine) != 0 {
			t.Errorf("another merchant sees %d shortlisted models", len(mine))
		}
		if err := f.svc.AddToShortlist(ctx, f.merchant, 999_999); !isNotFound(err) {
			t.Errorf("unknown model: %v", err)
		}
		if err := f.svc.AddToShortlist(ctx, f.admin, a.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("admin shortlisting: %v", err)
		}
		if err := f.svc.RemoveFromShortlist(ctx, f.merchant, a.ID); err != nil {
			t.Fatal(err)
		}
		ids, _ := f.svc.ShortlistModelIDs(ctx, f.merchant.ID)
		if !slices.Equal(ids, []int64{c.ID}) {
			t.Errorf("ids after removal = %v", ids)
		}
		// Deleting a model takes it off shortlists.
		if err := f.svc.DeleteModel(ctx, f.admin, c.ID, noReq); err != nil {
			t.Fatal(err)
		}
		if ids, _ := f.svc.ShortlistModelIDs(ctx, f.merchant.ID); len(ids) != 0 {
			t.Errorf("ids after model deletion = %v", ids)
		}
	})
}
