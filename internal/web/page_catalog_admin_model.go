package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/money"
)

// catalogCapabilityFields are the model form's checkboxes, in order.
var catalogCapabilityFields = []string{
	"emv_chip", "magstripe", "nfc_contactless", "qr_scan", "printer", "pin_pad",
	"cellular_4g", "wifi", "ethernet", "bluetooth", "touchscreen",
}

type catalogModelFormData struct {
	catalogView
	ID           int64
	Brands       []catalog.Brand
	Categories   []catalog.Category
	Capabilities []string
}

func modelValues(m catalog.Model) map[string]string {
	v := map[string]string{
		"brand_id": strconv.FormatInt(m.BrandID, 10), "name": m.Name, "category": string(m.Category),
		"battery_mah": strconv.Itoa(m.BatteryMAh), "screen_inches": m.Screen.String(), "os": m.OS,
		"certifications": strings.Join(m.Certifications, "; "), "hardware_revisions": strings.Join(m.HardwareRevisions, "; "),
		"purchase_fen": money.Plain(m.PurchaseFen), "monthly_rental_fen": money.Plain(m.MonthlyRentalFen),
		"deposit_fen": money.Plain(m.DepositFen), "warranty_months": strconv.Itoa(m.WarrantyMonths),
	}
	for _, a := range m.Attributes() {
		if b, ok := a.Value.(bool); ok && b {
			v[a.Name] = "1"
		}
	}
	return v
}

func (s *Server) renderModelForm(c *gin.Context, status int, id int64, f Form) {
	brands, err := s.Catalog.Brands(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	d := catalogModelFormData{catalogView: catalogView{langOf(c)}, ID: id, Brands: brands,
		Categories: catalog.Categories, Capabilities: catalogCapabilityFields}
	s.render.render(c, status, "admin_catalog_model", s.formPage(c, "admin.catalog.model.title", d, f))
}

// adminModelNew is GET /admin/catalog/models/new.
func (s *Server) adminModelNew(c *gin.Context) {
	s.renderModelForm(c, http.StatusOK, 0, Form{Values: map[string]string{"warranty_months": "12"}})
}

// adminModelEdit is GET /admin/catalog/models/:id.
func (s *Server) adminModelEdit(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.Catalog.Model(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderModelForm(c, http.StatusOK, id, Form{Values: modelValues(m)})
}

func readModelForm(c *gin.Context, id int64) (catalog.Model, *catalogAdminForm) {
	f := newCatalogAdminForm(c)
	m := catalog.Model{ID: id, BrandID: f.integer("brand_id"), Name: f.str("name"), Category: catalog.Category(f.str("category")),
		Capabilities: catalog.Capabilities{
			EMVChip: f.flag("emv_chip"), Magstripe: f.flag("magstripe"), NFCContactless: f.flag("nfc_contactless"),
			QRScan: f.flag("qr_scan"), Printer: f.flag("printer"), PINPad: f.flag("pin_pad"),
			Cellular4G: f.flag("cellular_4g"), WiFi: f.flag("wifi"), Ethernet: f.flag("ethernet"), Bluetooth: f.flag("bluetooth"),
		},
		Touchscreen: f.flag("touchscreen"), BatteryMAh: int(f.integer("battery_mah")), OS: f.str("os"),
		Certifications: catalog.SplitList(f.str("certifications")), HardwareRevisions: catalog.SplitList(f.str("hardware_revisions")),
		PurchaseFen: f.yuan("purchase_fen"), MonthlyRentalFen: f.yuan("monthly_rental_fen"), DepositFen: f.yuan("deposit_fen"),
		WarrantyMonths: int(f.integer("warranty_months")),
	}
	if v := f.str("screen_inches"); v != "" {
		screen, ok := catalog.ParseScreen(v)
		if !ok {
			f.Errors["screen_inches"] = "catalog.field.screen_inches.range"
		}
		m.Screen = screen
	}
	return m, f
}

// adminModelSave is POST /admin/catalog/models and /admin/catalog/models/:id.
func (s *Server) adminModelSave(c *gin.Context) {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = catalogID(c, "id"); err != nil {
			s.fail(c, err)
			return
		}
	}
	m, f := readModelForm(c, id)
	if len(f.Errors) > 0 {
		s.renderModelForm(c, http.StatusUnprocessableEntity, id, Form{Values: f.Values, Errors: f.Errors, Error: "error.validation"})
		return
	}
	var err error
	if id == 0 {
		_, err = s.Catalog.CreateModel(c.Request.Context(), currentUser(c), m, clientRequest(c))
	} else {
		_, err = s.Catalog.UpdateModel(c.Request.Context(), currentUser(c), m, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.saved", "models", func(status int, e *apperr.Error) {
		s.renderModelForm(c, status, id, Form{Values: f.Values, Errors: e.Fields, Error: e.Key})
	})
}

// adminModelDelete is POST /admin/catalog/models/:id/delete.
func (s *Server) adminModelDelete(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err == nil {
		err = s.Catalog.DeleteModel(c.Request.Context(), currentUser(c), id, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.deleted", "models", func(status int, e *apperr.Error) {
		m, err := s.Catalog.Model(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.renderModelForm(c, status, id, Form{Values: modelValues(m), Error: e.Key})
	})
}
