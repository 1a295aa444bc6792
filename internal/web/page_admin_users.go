package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
)

type adminUsersData struct {
	Users      []auth.User
	StaffRoles []auth.Role
}

func (s *Server) adminUsersPage(c *gin.Context) {
	s.renderAdminUsers(c, http.StatusOK, Form{})
}

func (s *Server) renderAdminUsers(c *gin.Context, status int, f Form) {
	users, err := s.Auth.ListUsers(c.Request.Context(), auth.StaffRoles...)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := adminUsersData{Users: users, StaffRoles: auth.StaffRoles}
	s.render.render(c, status, "admin_users", s.formPage(c, "admin.users.title", d, f))
}

func (s *Server) adminUsersCreate(c *gin.Context) {
	n := auth.NewUser{
		Email: c.PostForm("email"), Password: c.PostForm("password"), Name: c.PostForm("name"),
		Phone: c.PostForm("phone"), Role: auth.Role(c.PostForm("role")),
	}
	_, err := s.Auth.CreateUser(c.Request.Context(), currentUser(c), n, clientRequest(c))
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		f := Form{Values: map[string]string{"email": n.Email, "name": n.Name, "phone": n.Phone, "role": string(n.Role)}, Errors: e.Fields, Error: e.Key}
		s.renderAdminUsers(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "flash.user_created")
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
