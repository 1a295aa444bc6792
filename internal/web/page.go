package web

import "github.com/gin-gonic/gin"

// page assembles the base data every template needs.
func (s *Server) page(c *gin.Context, title string, data any) Page {
	return Page{
		Lang:      langOf(c),
		Title:     title,
		User:      currentUser(c),
		Flash:     s.takeFlash(c),
		RequestID: c.GetString(keyRequestID),
		Path:      c.Request.URL.Path,
		Data:      data,
	}
}

// formPage is page for a form being re-rendered with errors.
func (s *Server) formPage(c *gin.Context, title string, data any, f Form) Page {
	p := s.page(c, title, data)
	p.Form = f
	return p
}
