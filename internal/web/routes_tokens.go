package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// tokenRoutes mounts the administration of service tokens (§14): the
// admin page and the API. Tokens authenticate in authenticate (bearer.go);
// tokenScopes says where they may go.
func (s *Server) tokenRoutes(e *gin.Engine) {
	admin := e.Group("/admin/api-tokens", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("", s.adminTokensPage)
	admin.POST("", s.adminTokenCreate)
	admin.POST("/:id/revoke", s.adminTokenRevoke)

	api := e.Group("/api/v1/api-tokens", s.requireUser, s.requireRole(auth.Admin))
	api.POST("", s.apiCreateToken)
	api.GET("", s.apiListTokens)
	api.DELETE("/:id", s.apiRevokeToken)
}
