package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/insights"
)

// adminInsightsPDF is GET /admin/insights.pdf?from=&to=: the operations
// report (§7) in the requester's language, charts included.
func (s *Server) adminInsightsPDF(c *gin.Context) {
	rep, _, err := s.insightsReport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := insights.RenderPDF(rep, langOf(c), s.PDFFont, s.Insights.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="operations-report-`+rep.From+`-`+rep.To+`.pdf"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/pdf", b)
}
