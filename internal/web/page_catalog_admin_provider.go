package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
)

type catalogProviderFormData struct {
	catalogView
	ID      int64
	Kinds   []catalog.ProviderKind
	Methods []catalog.Method
}

func providerValues(p catalog.Provider) map[string]string {
	v := map[string]string{"name": p.Name, "kind": string(p.Kind)}
	for _, m := range p.Methods {
		v["method_"+string(m)] = "1"
	}
	return v
}

func (s *Server) renderProviderForm(c *gin.Context, status int, id int64, f Form) {
	d := catalogProviderFormData{catalogView: catalogView{langOf(c)}, ID: id, Kinds: catalog.ProviderKinds, Methods: catalog.Methods}
	s.render.render(c, status, "admin_catalog_provider", s.formPage(c, "admin.catalog.provider.title", d, f))
}

// adminProviderNew is GET /admin/catalog/providers/new.
func (s *Server) adminProviderNew(c *gin.Context) {
	s.renderProviderForm(c, http.StatusOK, 0, Form{Values: map[string]string{"kind": string(catalog.Bank)}})
}

// adminProviderEdit is GET /admin/catalog/providers/:id.
func (s *Server) adminProviderEdit(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	p, err := s.Catalog.Provider(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderProviderForm(c, http.StatusOK, id, Form{Values: providerValues(p)})
}

// adminProviderSave is POST /admin/catalog/providers and .../providers/:id.
func (s *Server) adminProviderSave(c *gin.Context) {
	var id int64
	if c.Param("id") != "" {
		var err error
		if id, err = catalogID(c, "id"); err != nil {
			s.fail(c, err)
			return
		}
	}
	f := newCatalogAdminForm(c)
	p := catalog.Provider{ID: id, Name: f.str("name"), Kind: catalog.ProviderKind(f.str("kind"))}
	for _, m := range catalog.Methods {
		if f.flag("method_" + string(m)) {
			p.Methods = append(p.Methods, m)
		}
	}
	var err error
	if id == 0 {
		_, err = s.Catalog.CreateProvider(c.Request.Context(), currentUser(c), p, clientRequest(c))
	} else {
		_, err = s.Catalog.UpdateProvider(c.Request.Context(), currentUser(c), p, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.saved", "providers", func(status int, e *apperr.Error) {
		s.renderProviderForm(c, status, id, Form{Values: f.Values, Errors: e.Fields, Error: e.Key})
	})
}

// adminProviderDelete is POST /admin/catalog/providers/:id/delete.
func (s *Server) adminProviderDelete(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err == nil {
		err = s.Catalog.DeleteProvider(c.Request.Context(), currentUser(c), id, clientRequest(c))
	}
	s.catalogWriteDone(c, err, "flash.catalog.deleted", "providers", func(status int, e *apperr.Error) {
		p, err := s.Catalog.Provider(c.Request.Context(), id)
		if err != nil {
			s.fail(c, err)
			return
		}
		s.renderProviderForm(c, status, id, Form{Values: providerValues(p), Error: e.Key})
	})
}
