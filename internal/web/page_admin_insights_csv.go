package web

import (
	"bytes"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/insights"
)

// adminInsightsCSV is GET /admin/insights.csv?from=&to=: the page's figures
// for a spreadsheet, formula-safe.
func (s *Server) adminInsightsCSV(c *gin.Context) {
	rep, _, err := s.insightsReport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var b bytes.Buffer
	if err := insights.WriteCSV(&b, rep, langOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="insights-`+rep.From+`-`+rep.To+`.csv"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
}
