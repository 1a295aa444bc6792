package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/insights"
	"posportal/internal/apperr"
)

// apiInsights is GET /api/v1/insights?from=YYYY-MM-DD&to=YYYY-MM-DD (§15).
func (s *Server) apiInsights(c *gin.Context) {
	rep, _, err := s.insightsReport(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, rep)
}

// insightsReport reads the range from the query and computes the report
// for the signed-in user; the page, the API and both exports share it.
func (s *Server) insightsReport(c *gin.Context) (insights.Report, insights.Range, error) {
	if !insights.CanRead(currentUser(c)) {
		// Refuse before judging the query, so a caller without access
		// learns nothing from validation messages.
		return insights.Report{}, insights.Range{}, apperr.ErrForbidden
	}
	r, err := s.Insights.ParseRange(c.Query("from"), c.Query("to"))
	if err != nil {
		return insights.Report{}, insights.Range{}, err
	}
	rep, err := s.Insights.Report(c.Request.Context(), currentUser(c), r)
	return rep, r, err
}
