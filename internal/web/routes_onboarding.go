package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
	"posportal/onboarding"
)

func (s *Server) onboardingRoutes(e *gin.Engine) {
	pages := e.Group("/applications", s.requireUser, s.requireRole(auth.Merchant))
	pages.GET("", s.applicationsPage)
	pages.POST("", s.applicationCreate)
	pages.GET("/:id", s.applicationOverview)
	pages.GET("/:id/edit/:step", s.applicationStepPage)
	pages.POST("/:id/edit/:step", s.applicationStepSave)
	pages.POST("/:id/submit", s.applicationSubmit)
	pages.POST("/:id/withdraw", s.applicationWithdraw)
	pages.GET("/:id/contract", s.contractPage)
	pages.POST("/:id/contract", s.contractGenerate)
	pages.POST("/:id/contract/sign", s.contractSign)
	pages.GET("/:id/contract.pdf", s.contractPDF)
	pages.POST("/:id/documents", s.pageUploadDocument)
	pages.POST("/:id/documents/:doc_id/delete", s.pageDeleteDocument)
	pages.GET("/:id/documents/:doc_id", func(c *gin.Context) { s.serveDocument(c, false) })

	api := e.Group("/api/v1/applications", s.requireUser)
	api.POST("", s.apiCreateApplication)
	api.GET("", s.apiListApplications)
	api.GET("/:id", s.apiGetApplication)
	api.PATCH("/:id", s.apiPatchApplication)
	api.GET("/:id/events", s.apiApplicationEvents)
	api.POST("/:id/submit", s.apiSubmit)
	api.POST("/:id/withdraw", s.apiApplicationAction(func(o *onboarding.Service, c *gin.Context, u auth.User, id int64) (onboarding.Application, error) {
		return o.Withdraw(c.Request.Context(), u, id, c.ClientIP())
	}))
	api.POST("/:id/claim", s.apiApplicationAction(func(o *onboarding.Service, c *gin.Context, u auth.User, id int64) (onboarding.Application, error) {
		return o.Claim(c.Request.Context(), u, id, c.ClientIP())
	}))
	api.POST("/:id/release", s.apiApplicationAction(func(o *onboarding.Service, c *gin.Context, u auth.User, id int64) (onboarding.Application, error) {
		return o.Release(c.Request.Context(), u, id, c.ClientIP())
	}))
	api.POST("/:id/decision", s.apiDecide)
	api.GET("/:id/summary.pdf", s.apiApplicationSummaryPDF)
	api.POST("/:id/contract", s.apiGenerateContract)
	api.GET("/:id/contract", s.apiGetContract)
	api.GET("/:id/contract.pdf", s.apiContractPDF)
	api.POST("/:id/contract/sign", s.apiSignContract)
	api.POST("/:id/documents", s.apiUploadDocument)
	api.GET("/:id/documents", s.apiListDocuments)
	api.GET("/:id/documents/:doc_id", func(c *gin.Context) { s.serveDocument(c, false) })
	api.DELETE("/:id/documents/:doc_id", s.apiDeleteDocument)
}
