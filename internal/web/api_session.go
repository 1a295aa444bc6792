package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

type registerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
}

type sessionRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// meResponse is the §11 shape of GET /api/v1/me.
type meResponse struct {
	ID    int64     `json:"id"`
	Email string    `json:"email"`
	Name  string    `json:"name"`
	Role  auth.Role `json:"role"`
	Phone string    `json:"phone,omitempty"`
}

func toMe(u auth.User) meResponse {
	return meResponse{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Phone: u.Phone}
}

func (s *Server) apiRegister(c *gin.Context) {
	var req registerRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, token, err := s.Auth.Register(c.Request.Context(),
		auth.NewUser{Email: req.Email, Password: req.Password, Name: req.Name, Phone: req.Phone, Lang: langOf(c)}, clientRequest(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setSessionCookie(c, token)
	c.JSON(http.StatusCreated, toMe(u))
}

func (s *Server) apiLogin(c *gin.Context) {
	var req sessionRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.login(c, req.Email, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toMe(u))
}

// login is shared by the page and the API: it rotates the session (the old
// cookie's session is deleted) and counts the outcome.
func (s *Server) login(c *gin.Context, email, password string) (auth.User, error) {
	if len(email) > maxEmailBytes { // cannot be an account: no look-up, no hash
		s.metrics.logins.WithLabelValues("failure").Inc()
		return auth.User{}, apperr.New(apperr.Unauthorized, "error.bad_credentials")
	}
	old, _ := c.Cookie(sessionCookie)
	u, token, err := s.Auth.Login(c.Request.Context(), email, password, old, clientRequest(c))
	switch apperr.CodeOf(err) {
	case apperr.Throttled:
		s.metrics.logins.WithLabelValues("throttled").Inc()
	case apperr.Unauthorized:
		s.metrics.logins.WithLabelValues("failure").Inc()
	case apperr.Unavailable:
		s.metrics.logins.WithLabelValues("busy").Inc()
	}
	if err != nil {
		return auth.User{}, err
	}
	s.metrics.logins.WithLabelValues("success").Inc()
	s.setSessionCookie(c, token)
	if u.Lang != "" {
		s.setLangCookie(c, u.Lang)
	}
	return u, nil
}

func (s *Server) apiLogout(c *gin.Context) {
	if err := s.logout(c); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) logout(c *gin.Context) error {
	token, _ := c.Cookie(sessionCookie)
	if err := s.Auth.Logout(c.Request.Context(), *currentUser(c), token, clientRequest(c)); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return nil
}

func (s *Server) apiMe(c *gin.Context) { c.JSON(http.StatusOK, toMe(*currentUser(c))) }
