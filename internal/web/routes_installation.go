package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// installationRoutes mounts what follows an installation (§5): its record
// PDF (merchant, installer, admins), and group training sessions: the
// admin creates sessions, an installed merchant books a seat, and the
// session's trainer or an admin marks attendance, which makes the
// application active.
func (s *Server) installationRoutes(e *gin.Engine) {
	merchant := e.Group("/applications", s.requireUser, s.requireRole(auth.Merchant))
	merchant.GET("/:id/training", s.trainingMerchantPage)
	merchant.POST("/:id/training", s.trainingMerchantBook)

	staff := e.Group("/training", s.requireUser, s.requireRole(auth.Admin, auth.Installer))
	staff.GET("", s.trainingStaffPage)
	staff.POST("", s.trainingCreate)
	staff.GET("/:id", s.trainingSessionPage)
	staff.POST("/seats/:id/attend", s.trainingAttend)

	api := e.Group("/api/v1", s.requireUser)
	api.GET("/training-sessions", s.apiTrainingSessions)
	api.POST("/training-sessions", s.apiTrainingCreate)
	api.POST("/applications/:id/training-seat", s.apiTrainingBook)
	api.POST("/training-seats/:id/attend", s.apiTrainingAttend)
	api.GET("/appointments/:id/record.pdf", s.installationRecordPDF)
}
