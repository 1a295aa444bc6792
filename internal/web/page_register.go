package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

func (s *Server) registerPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/dashboard")
		return
	}
	s.render.render(c, http.StatusOK, "register", s.page(c, "register.title", nil))
}

func (s *Server) registerSubmit(c *gin.Context) {
	n := auth.NewUser{
		Email: c.PostForm("email"), Password: c.PostForm("password"),
		Name: c.PostForm("name"), Phone: c.PostForm("phone"), Lang: langOf(c),
	}
	_, token, err := s.Auth.Register(c.Request.Context(), n, clientRequest(c))
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		// The password is never echoed back into the page.
		f := Form{Values: map[string]string{"email": n.Email, "name": n.Name, "phone": n.Phone}, Errors: e.Fields, Error: e.Key}
		s.render.render(c, http.StatusUnprocessableEntity, "register", s.formPage(c, "register.title", nil, f))
		return
	}
	if status, ok := authFormStatus(c, err); ok {
		f := Form{Values: map[string]string{"email": n.Email, "name": n.Name, "phone": n.Phone}, Error: apperr.As(err).Key}
		s.render.render(c, status, "register", s.formPage(c, "register.title", nil, f))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if prev := currentUser(c); prev != nil {
		// Registering while signed in as someone else ends that session.
		old, _ := c.Cookie(sessionCookie)
		if err := s.Auth.Logout(c.Request.Context(), *prev, old, clientRequest(c)); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setSessionCookie(c, token)
	s.setFlash(c, "flash.registered")
	c.Redirect(http.StatusSeeOther, "/dashboard")
}
