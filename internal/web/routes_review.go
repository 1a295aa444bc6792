package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// reviewRoutes mounts the bank's review pages and the admin's document
// requirement rules. Admins may look and release; claims, verdicts and
// decisions are the service's reviewer-only use cases.
func (s *Server) reviewRoutes(e *gin.Engine) {
	r := e.Group("/review", s.requireUser, s.requireRole(auth.Reviewer, auth.Admin))
	r.GET("", s.reviewQueuePage)
	r.GET("/:id", s.reviewDetailPage)
	r.POST("/:id/claim", s.reviewClaim)
	r.POST("/:id/release", s.reviewRelease)
	r.POST("/:id/decision", s.reviewDecide)
	r.POST("/:id/documents/:doc_id/verdict", s.reviewVerdict)
	// Both audited by the service; only JPEG and PNG are ever sent inline.
	r.GET("/:id/documents/:doc_id/preview", func(c *gin.Context) { s.serveDocument(c, true) })
	r.GET("/:id/documents/:doc_id/download", func(c *gin.Context) { s.serveDocument(c, false) })

	admin := e.Group("/admin/requirements", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("", s.adminRequirementsPage)
	admin.POST("", s.adminRequirementsSave)
}
