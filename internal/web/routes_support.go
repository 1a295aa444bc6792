package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/support"
	"posportal/support/knowledge"
)

// supportRoutes mounts devices, notices, troubleshooting and tickets (§6).
func (s *Server) supportRoutes(e *gin.Engine) {
	if s.Support == nil {
		// Servers built without it (tests of other features) still serve
		// these pages; the knowledge is embedded and validated by its tests.
		tree, err := knowledge.Load()
		if err != nil {
			panic("support knowledge: " + err.Error())
		}
		s.Support = support.NewService(s.DB, tree, nil)
	}

	signedIn := e.Group("/", s.requireUser)
	signedIn.GET("/devices", s.devicesPage)
	signedIn.GET("/tickets", s.ticketsPage)
	signedIn.GET("/tickets/:id", s.ticketPage)
	signedIn.POST("/tickets/:id/comment", s.ticketCommentSubmit)
	signedIn.POST("/tickets/:id/status", s.ticketStatusSubmit)
	signedIn.GET("/support/sessions/:id", s.sessionPage)

	repair := e.Group("/tickets", s.requireUser, s.requireRole(auth.Admin, auth.Installer))
	repair.GET("/:id/repair", s.repairPage)
	repair.POST("/:id/repair", s.repairBook)

	merchant := e.Group("/", s.requireUser, s.requireRole(auth.Merchant))
	merchant.POST("/devices/:id/troubleshoot", s.troubleshootSubmit)
	merchant.POST("/support/sessions/:id/answer", s.sessionAnswerSubmit)
	merchant.POST("/support/sessions/:id/outcome", s.sessionOutcomeSubmit)
	merchant.POST("/notices/:id/ack", s.noticeAckSubmit)

	admin := e.Group("/admin/support", s.requireUser, s.requireRole(auth.Admin))
	admin.POST("/devices", s.adminDeviceCreate)
	admin.POST("/devices/import", s.adminDeviceImport)
	admin.POST("/tickets/:id/assign", s.ticketAssignSubmit)
	admin.GET("/releases", s.adminReleasesPage)
	admin.POST("/releases", s.adminReleaseCreate)
	admin.POST("/releases/:id/status", s.adminReleaseStatus)
	admin.POST("/releases/:id/clear", s.adminReleaseClear)
	admin.GET("/notices", s.adminNoticesPage)
	admin.POST("/notices", s.adminNoticeCreate)
	admin.GET("/notices/:id", s.adminNoticePage)
	admin.GET("/integrations", s.adminIntegrationsPage)
	admin.POST("/integrations", s.adminIntegrationCreate)
	admin.POST("/integrations/:id/rotate", s.adminIntegrationRotate)
	admin.POST("/integrations/:id/provider", s.adminIntegrationScope)

	// A terminal management system checks in with its bearer token, not a
	// session, so this route sits outside the signed-in groups.
	e.POST("/api/v1/devices/:serial/checkin", s.apiDeviceCheckIn)

	api := e.Group("/api/v1", s.requireUser)
	api.GET("/devices", s.apiListDevices)
	api.GET("/notices", s.apiListNotices)
	api.POST("/notices/:id/ack", s.apiAckNotice)
	api.POST("/diagnoses", s.apiStartDiagnosis)
	api.GET("/diagnoses/:id", s.apiGetDiagnosis)
	api.POST("/diagnoses/:id/answers", s.apiAnswerDiagnosis)
	api.POST("/diagnoses/:id/outcome", s.apiDiagnosisOutcome)
	api.GET("/diagnoses/:id/report.pdf", s.apiDiagnosisReport)
	api.GET("/tickets", s.apiListTickets)
	api.POST("/tickets", s.apiOpenTicket)
	api.GET("/tickets/:id", s.apiGetTicket)
	api.POST("/tickets/:id/assign", s.apiAssignTicket)
	api.POST("/tickets/:id/comment", s.apiCommentTicket)
	api.POST("/tickets/:id/status", s.apiTicketStatus)
	api.GET("/tickets/:id/repair-slots", s.apiRepairSlots)
	api.GET("/tickets/:id/repair-visits", s.apiRepairVisits)
	api.POST("/tickets/:id/repair-visits", s.apiBookRepair)

	apiAdmin := e.Group("/api/v1", s.requireUser, s.requireRole(auth.Admin))
	apiAdmin.POST("/devices", s.apiCreateDevice)
	apiAdmin.GET("/firmware-releases", s.apiListReleases)
	apiAdmin.POST("/firmware-releases", s.apiCreateRelease)
	apiAdmin.POST("/firmware-releases/:id/status", s.apiReleaseStatus)
	apiAdmin.POST("/firmware-releases/:id/clear-suspect", s.apiReleaseClear)
	apiAdmin.POST("/admin/notices", s.apiCreateNotice)
	apiAdmin.GET("/admin/notices/:id/unacknowledged", s.apiNoticeUnacknowledged)
	apiAdmin.POST("/integrations", s.apiCreateIntegration)
	apiAdmin.POST("/integrations/:id/rotate", s.apiRotateIntegration)
	apiAdmin.PATCH("/integrations/:id", s.apiScopeIntegration)
}
