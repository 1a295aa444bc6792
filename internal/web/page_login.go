package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

type loginData struct{ Next string }

func (s *Server) loginPage(c *gin.Context) {
	next := safeNext(c.Query("next"), "/dashboard")
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.render.render(c, http.StatusOK, "login", s.page(c, "login.title", loginData{Next: next}))
}

func (s *Server) loginSubmit(c *gin.Context) {
	email := c.PostForm("email")
	next := safeNext(c.PostForm("next"), "/dashboard")
	_, err := s.login(c, email, c.PostForm("password"))
	if status, ok := authFormStatus(c, err); ok {
		f := Form{Values: map[string]string{"email": email}, Error: apperr.As(err).Key}
		s.render.render(c, status, "login", s.formPage(c, "login.title", loginData{Next: next}, f))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, next)
}

// authFormStatus is the status for a login or registration error the form
// shows itself (wrong credentials, throttled, hashing busy), with the
// Retry-After header set; ok is false for any other error.
func authFormStatus(c *gin.Context, err error) (status int, ok bool) {
	e := apperr.As(err)
	if e == nil {
		return 0, false
	}
	switch e.Code {
	case apperr.Unauthorized, apperr.Throttled, apperr.Unavailable:
	default:
		return 0, false
	}
	if e.RetryAfter > 0 {
		c.Header("Retry-After", retryAfter(e.RetryAfter))
	}
	return statusOf[e.Code], true
}

func (s *Server) logoutSubmit(c *gin.Context) {
	if err := s.logout(c); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.logged_out")
	c.Redirect(http.StatusSeeOther, "/")
}
