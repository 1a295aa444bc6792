package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// calendarRoutes mounts the admin's business-day calendar pages.
func (s *Server) calendarRoutes(e *gin.Engine) {
	admin := e.Group("/admin/calendar", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("", s.adminCalendarPage)
	admin.POST("/days", s.adminCalendarSetDay)
	admin.POST("/days/:day/delete", s.adminCalendarDeleteDay)
	admin.POST("/years/:year/confirm", s.adminCalendarConfirmYear)
}
