package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
)

// maxCSVUpload bounds an imported file; 5,000 models fit in far less.
const maxCSVUpload = 2 << 20

type catalogAdminData struct {
	catalogView
	Brands    []catalog.Brand
	Models    []catalog.Model
	Providers []catalog.Provider
	Plans     []catalog.Plan
	Columns   string
	// Problems are the rows of a refused import, translated.
	Problems []catalogImportProblem
}

type catalogImportProblem struct {
	Line    int
	Column  string
	Message string
}

// adminCatalogPage is GET /admin/catalog: everything an admin maintains,
// with CSV import and export.
func (s *Server) adminCatalogPage(c *gin.Context) {
	s.renderAdminCatalog(c, http.StatusOK, "admin_catalog", Form{}, nil)
}

func (s *Server) renderAdminCatalog(c *gin.Context, status int, tmpl string, f Form, problems []catalogImportProblem) {
	ctx := c.Request.Context()
	d := catalogAdminData{catalogView: catalogView{langOf(c)}, Columns: strings.Join(catalog.CSVColumns, ", "), Problems: problems}
	var err error
	if d.Brands, err = s.Catalog.Brands(ctx); err == nil {
		if d.Models, err = s.Catalog.Models(ctx, catalog.Filter{Sort: catalog.SortName}); err == nil {
			if d.Providers, err = s.Catalog.Providers(ctx); err == nil {
				d.Plans, err = s.Catalog.Plans(ctx)
			}
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render.render(c, status, tmpl, s.formPage(c, "admin.catalog.title", d, f))
}

// adminCatalogExport is GET /admin/catalog/models.csv.
func (s *Server) adminCatalogExport(c *gin.Context) {
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="terminal-models.csv"`)
	c.Header("Cache-Control", "no-store")
	if err := s.Catalog.ExportModelsCSV(c.Request.Context(), c.Writer); err != nil {
		c.Error(err) // headers are gone; the log has it
	}
}

// adminCatalogImport is POST /admin/catalog/import (multipart "file").
// A refused file shows every problem by line with 422; nothing is saved.
func (s *Server) adminCatalogImport(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxCSVUpload+64<<10)
	fh, err := c.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			s.fail(c, apperr.New(apperr.TooLarge, "error.too_large"))
		case slowBody(c):
			s.fail(c, err) // 408
		default:
			s.renderAdminCatalog(c, http.StatusUnprocessableEntity, "admin_catalog", Form{Error: "admin.catalog.import.no_file"}, nil)
		}
		return
	}
	if fh.Size > maxCSVUpload {
		s.fail(c, apperr.New(apperr.TooLarge, "error.too_large"))
		return
	}
	file, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer file.Close()
	_, err = s.Catalog.ImportModelsCSV(c.Request.Context(), currentUser(c), file, clientRequest(c))
	var ie *catalog.ImportError
	if errors.As(err, &ie) {
		v := catalogView{langOf(c)}
		problems := make([]catalogImportProblem, len(ie.Rows))
		for i, r := range ie.Rows {
			problems[i] = catalogImportProblem{Line: r.Line, Column: r.Column, Message: v.t(r.Key, r.Args...)}
		}
		s.renderAdminCatalog(c, http.StatusUnprocessableEntity, "admin_catalog_import", Form{}, problems)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.catalog.imported")
	c.Redirect(http.StatusSeeOther, "/admin/catalog#models")
}

// catalogWriteDone answers an admin save or delete: the edit page again
// (through again) for an error the admin can fix, the error page for any
// other, or back to the list's anchor with flash.
func (s *Server) catalogWriteDone(c *gin.Context, err error, flash, anchor string, again func(status int, e *apperr.Error)) {
	if e, status, ok := catalogFormError(err); ok {
		again(status, e)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, flash)
	c.Redirect(http.StatusSeeOther, "/admin/catalog#"+anchor)
}

// catalogFormError reports whether err is one the edit page shows itself
// (invalid fields, or a record in use), with the status to answer.
func catalogFormError(err error) (*apperr.Error, int, bool) {
	e := apperr.As(err)
	if e == nil {
		return nil, 0, false
	}
	switch e.Code {
	case apperr.Validation:
		return e, http.StatusUnprocessableEntity, true
	case apperr.Conflict:
		return e, http.StatusConflict, true
	}
	return nil, 0, false
}
