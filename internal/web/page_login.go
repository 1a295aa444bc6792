package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

type loginData struct{ Next string }

func (s *Server) loginPage(c *gin.Context) {
	next := localPath(c.Query("next"), "/dashboard")
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.render.render(c, http.StatusOK, "login", s.page(c, "login.title", loginData{Next: next}))
}

func (s *Server) loginSubmit(c *gin.Context) {
	email := c.PostForm("email")
	next := localPath(c.PostForm("next"), "/dashboard")
	_, err := s.login(c, email, c.PostForm("password"))
	if e := apperr.As(err); e != nil && (e.Code == apperr.Unauthorized || e.Code == apperr.Throttled) {
		status := http.StatusUnauthorized
		if e.Code == apperr.Throttled {
			status = http.StatusTooManyRequests
			c.Header("Retry-After", strconv.Itoa(int(e.RetryAfter.Seconds())+1))
		}
		f := Form{Values: map[string]string{"email": email}, Error: e.Key}
		s.render.render(c, status, "login", s.formPage(c, "login.title", loginData{Next: next}, f))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logoutSubmit(c *gin.Context) {
	if err := s.logout(c); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.logged_out")
	c.Redirect(http.StatusSeeOther, "/")
}
