package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
)

type catalogShortlistData struct {
	catalogView
	Models []catalog.Model
}

// catalogShortlistPage is GET /shortlist (merchant): the models the
// merchant is considering for the application.
func (s *Server) catalogShortlistPage(c *gin.Context) {
	ms, err := s.Catalog.Shortlist(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := catalogShortlistData{catalogView: catalogView{langOf(c)}, Models: ms}
	s.render.render(c, http.StatusOK, "catalog_shortlist", s.page(c, "catalog.shortlist.title", d))
}
