package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
)

type catalogBrandData struct {
	catalogView
	ID        int64 // 0 for a new brand
	HoursList []catalog.SupportHours
}

func brandValues(b catalog.Brand) map[string]string {
	return map[string]string{
		"name": b.Name, "service_cities": strconv.Itoa(b.ServiceCities), "support_hours": string(b.SupportHours),
		"onsite_sla_hours": strconv.Itoa(b.OnsiteSLAHours), "support_rating": strconv.Itoa(b.SupportRating),
	}
}

func (s *Server) renderBrandForm(c *gin.Context, status int, id int64, f Form) {
	d := catalogBrandData{catalogView: catalogView{langOf(c)}, ID: id, HoursList: catalog.SupportHoursList}
	s.render.render(c, status, "admin_catalog_brand", s.formPage(c, "admin.catalog.brand.title", d, f))
}

// adminBrandNew is GET /admin/catalog/brands/new.
func (s *Server) adminBrandNew(c *gin.Context) {
	s.renderBrandForm(c, http.StatusOK, 0, Form{Values: map[string]string{"support_rating": "3"}})
}

// adminBrandEdit is GET /admin/catalog/brands/:id.
func (s *Server) adminBrandEdit(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.Catalog.Brand(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderBrandForm(c, http.StatusOK, id, Form{Values: brandValues(b)})
}

// adminBrandSave is POST /admin/catalog/brands (create) and
// POST /admin/catalog/brands/:id (update).
func (s *Server) adminBrandSave(c *gin.Context) {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = catalogID(c, "id"); err != nil {
			s.fail(c, err)
			return
		}
	}
	f := newCatalogAdminForm(c)
	b := catalog.Brand{ID: id, Name: f.str("name"), ServiceCities: int(f.integer("service_cities")),
		SupportHours: catalog.SupportHours(f.str("support_hours")), OnsiteSLAHours: int(f.integer("onsite_sla_hours")),
		SupportRating: int(f.integer("support_rating"))}
	var err error
	if len(f.Errors) == 0 {
		if id == 0 {
			_, err = s.Catalog.CreateBrand(c.Request.Context(), currentUser(c), b, clientRequest(c))
		} else {
			_, err = s.Catalog.UpdateBrand(c.Request.Context(), currentUser(c), b, clientRequest(c))
		}
	}
	if len(f.Errors) > 0 {
		s.renderBrandForm(c, http.StatusUnprocessableEntity, id, Form{Values: f.Values, Errors: f.Errors, Error: "error.validation"})
		return
	}
	s.catalogWriteDone(c, err, "flash.catalog.saved", "brands", func(status int, e *apperr.Error) {
		s.renderBrandForm(c, status, id, Form{Values: f.Values, Errors: e.Fields, Error: e.Key})
	})
}

// adminBrandDelete is POST /admin/catalog/brands/:id/delete.
func (s *Server) adminBrandDelete(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err == nil {
		err = s.Catalog.DeleteBrand(c.Request.Context(), currentUser(c), id, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.deleted", "brands", func(status int, e *apperr.Error) {
		b, err := s.Catalog.Brand(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.renderBrandForm(c, status, id, Form{Values: brandValues(b), Error: e.Key})
	})
}
