package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apperr"
)

type catalogCompareData struct {
	catalogView
	Comparison catalog.Comparison
	Rows       []catalogCompareRow
	// OnlyDiff hides the rows where every model is the same.
	OnlyDiff bool
	// ToggleURL switches between all rows and only the differences.
	ToggleURL string
	Sample    bool
}

// catalogCompareRow is one attribute across the compared models.
type catalogCompareRow struct {
	Name    string
	Differs bool
	Cells   []catalog.Attribute
}

// catalogComparePage is GET /terminals/compare?ids=…: 2–4 models side by
// side, differences marked. A wrong number of ids re-renders with 422 and
// says what to do; an unknown id is a 404.
func (s *Server) catalogComparePage(c *gin.Context) {
	d := catalogCompareData{catalogView: catalogView{langOf(c)}, OnlyDiff: catalogFlag(c, "only_diff")}
	ids, err := compareIDs(c)
	if err == nil {
		d.Comparison, err = s.Catalog.Compare(c.Request.Context(), ids)
	}
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		s.render.render(c, http.StatusUnprocessableEntity, "catalog_compare",
			s.formPage(c, "catalog.compare.title", d, Form{Error: "catalog.compare.count"}))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	models := d.Comparison.Models
	attrs := make([][]catalog.Attribute, len(models))
	for i := range models {
		attrs[i] = models[i].Attributes()
		d.Sample = d.Sample || models[i].Sample
	}
	for j, a := range attrs[0] {
		row := catalogCompareRow{Name: a.Name, Differs: d.Comparison.Differs(a.Name)}
		if d.OnlyDiff && !row.Differs {
			continue
		}
		for i := range models {
			row.Cells = append(row.Cells, attrs[i][j])
		}
		d.Rows = append(d.Rows, row)
	}
	q := url.Values{"ids": c.QueryArray("ids")}
	if !d.OnlyDiff {
		q.Set("only_diff", "1")
	}
	d.ToggleURL = "/terminals/compare?" + q.Encode()
	s.render.render(c, http.StatusOK, "catalog_compare", s.page(c, "catalog.compare.title", d))
}
