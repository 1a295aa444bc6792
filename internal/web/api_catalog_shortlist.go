package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// apiShortlist is GET /api/v1/shortlist: the merchant's shortlisted models.
func (s *Server) apiShortlist(c *gin.Context) {
	ms, err := s.Catalog.Shortlist(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"terminals": toTerminalsJSON(ms)})
}

// apiShortlistPut is PUT /api/v1/shortlist/{model_id}; idempotent.
func (s *Server) apiShortlistPut(c *gin.Context) {
	id, err := catalogID(c, "model_id")
	if err == nil {
		err = s.Catalog.AddToShortlist(c.Request.Context(), currentUser(c), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// apiShortlistDelete is DELETE /api/v1/shortlist/{model_id}; idempotent.
func (s *Server) apiShortlistDelete(c *gin.Context) {
	id, err := catalogID(c, "model_id")
	if err == nil {
		err = s.Catalog.RemoveFromShortlist(c.Request.Context(), currentUser(c), id)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
