package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// insightsRoutes mounts the operations view (§15). The pages are for
// admins; the API lets insights.CanRead decide, so a service token with
// insights:read needs no second rule here.
func (s *Server) insightsRoutes(e *gin.Engine) {
	admin := e.Group("/admin", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("/insights", s.adminInsightsPage)
	admin.GET("/insights.csv", s.adminInsightsCSV)
	admin.GET("/insights.pdf", s.adminInsightsPDF)

	api := e.Group("/api/v1", s.requireUser)
	api.GET("/insights", s.apiInsights)
}
