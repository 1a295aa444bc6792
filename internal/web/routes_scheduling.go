package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// schedulingRoutes mounts installation and training scheduling (§5): the
// merchant's booking pages and API, the installer's agenda, the admin's
// installer management, and the installer's calendar feed.
func (s *Server) schedulingRoutes(e *gin.Engine) {
	merchant := e.Group("/applications", s.requireUser, s.requireRole(auth.Merchant))
	merchant.GET("/:id/schedule", s.schedulePage)
	merchant.POST("/:id/schedule", s.scheduleBook)
	merchant.GET("/:id/appointments/:appt/cancel", s.scheduleCancelConfirm)
	merchant.POST("/:id/appointments/:appt/cancel", s.scheduleCancel)
	merchant.POST("/:id/appointments/:appt/reschedule", s.scheduleReschedule)

	api := e.Group("/api/v1", s.requireUser)
	api.GET("/applications/:id/slots", s.apiSlots)
	api.GET("/applications/:id/appointments", s.apiApplicationAppointments)
	api.POST("/applications/:id/appointments", s.apiBook)
	api.GET("/appointments/:id", s.apiAppointment)
	api.POST("/appointments/:id/cancel", s.apiCancelAppointment)
	api.POST("/appointments/:id/reschedule", s.apiRescheduleAppointment)
	api.POST("/appointments/:id/complete", s.apiCompleteAppointment)
	api.GET("/notifications", s.apiNotifications)
	apiInstaller := e.Group("/api/v1/installers/me", s.requireUser, s.requireRole(auth.Installer))
	apiInstaller.GET("/appointments", s.apiMyAppointments)

	installer := e.Group("/installer", s.requireUser, s.requireRole(auth.Installer))
	installer.GET("/agenda", s.agendaPage)
	installer.GET("/availability", s.availabilityPage)
	installer.POST("/availability", s.availabilitySave)
	installer.POST("/calendar-token", s.feedRotate)
	installer.GET("/visits/:id", s.visitPage)
	installer.POST("/visits/:id/complete", s.visitComplete)

	admin := e.Group("/admin", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("/installers", s.adminInstallersPage)
	admin.POST("/installers", s.adminInstallersSave)
	admin.GET("/outbox", s.outboxPage)

	// The feed authenticates by its secret token alone: calendar apps
	// carry no session.
	e.GET("/calendar/:file", s.calendarFeed)
}
