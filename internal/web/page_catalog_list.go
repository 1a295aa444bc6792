package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
	"posportal/internal/auth"
)

type catalogListData struct {
	catalogView
	Filter     catalog.Filter
	Models     []catalog.Model
	Brands     []catalog.Brand
	Categories []catalog.Category
	Sorts      []catalog.Sort
	// Sample is true when any model shown is sample data.
	Sample bool
	// Shortlisted is the signed-in merchant's shortlist, by model id.
	Shortlisted map[int64]bool
}

// catalogListPage is GET /terminals: browse and filter by needs.
func (s *Server) catalogListPage(c *gin.Context) {
	ctx := c.Request.Context()
	d := catalogListData{catalogView: catalogView{langOf(c)}, Categories: catalog.Categories, Sorts: catalog.Sorts}
	values := map[string]string{"max_price": c.Query("max_price")}
	status := http.StatusOK
	f, ferr := catalogFilter(c)
	var form Form
	if e := apperr.As(ferr); e != nil && e.Code == apperr.Validation {
		// Show everything, and say which filter could not be read.
		status, form = http.StatusUnprocessableEntity, Form{Values: values, Errors: e.Fields, Error: e.Key}
		f = catalog.Filter{}
	} else if ferr != nil {
		s.fail(c, ferr)
		return
	} else {
		form.Values = values
	}
	d.Filter = f
	var err error
	if d.Models, err = s.Catalog.Models(ctx, f); err != nil {
		s.fail(c, err)
		return
	}
	if d.Brands, err = s.Catalog.Brands(ctx); err != nil {
		s.fail(c, err)
		return
	}
	for _, m := range d.Models {
		d.Sample = d.Sample || m.Sample
	}
	if u := currentUser(c); u != nil && u.Role == auth.Merchant {
		ids, err := s.Catalog.ShortlistModelIDs(ctx, u.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Shortlisted = map[int64]bool{}
		for _, id := range ids {
			d.Shortlisted[id] = true
		}
	}
	s.render.render(c, status, "catalog_list", s.formPage(c, "catalog.list.title", d, form))
}
