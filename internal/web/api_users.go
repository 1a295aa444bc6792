package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

type createUserRequest struct {
	Email    string    `json:"email"`
	Password string    `json:"password"`
	Name     string    `json:"name"`
	Phone    string    `json:"phone"`
	Role     auth.Role `json:"role"`
}

func (s *Server) apiListUsers(c *gin.Context) {
	var roles []auth.Role
	if r := auth.Role(c.Query("role")); r != "" {
		roles = append(roles, r)
	}
	users, err := s.Auth.ListUsers(c.Request.Context(), roles...)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]meResponse, 0, len(users))
	for _, u := range users {
		out = append(out, toMe(u))
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var req createUserRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Auth.CreateUser(c.Request.Context(), currentUser(c),
		auth.NewUser{Email: req.Email, Password: req.Password, Name: req.Name, Phone: req.Phone, Role: req.Role}, clientRequest(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, toMe(u))
}
