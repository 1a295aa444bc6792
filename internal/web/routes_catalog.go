package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
	"posportal/internal/auth"
)

// QuoteProfileSource supplies a merchant's expected volume per channel
// (from their application) to prefill the fee calculator. ok is false when
// the merchant has none yet.
type QuoteProfileSource interface {
	ProfileFor(ctx context.Context, merchantID int64) (p fees.Profile, ok bool, err error)
}

// catalogRoutes mounts the terminal catalog, the fee calculator and their
// administration (§3, §4).
func (s *Server) catalogRoutes(e *gin.Engine) {
	if s.Catalog == nil {
		// The catalog needs nothing but the database, so a server built
		// without it (tests of other features) still serves these pages.
		s.Catalog = catalog.NewService(s.DB, nil)
	}

	// Public pages: no login to browse, compare and price.
	e.GET("/terminals", s.catalogListPage)
	e.GET("/terminals/compare", s.catalogComparePage)
	e.GET("/terminals/:id", s.catalogModelPage)
	e.GET("/fees", s.feesQuotePage)
	e.GET("/fees/comparison.pdf", s.feesComparisonPDF)

	merchant := e.Group("/", s.requireUser, s.requireRole(auth.Merchant))
	merchant.GET("/shortlist", s.catalogShortlistPage)
	merchant.POST("/terminals/:id/shortlist", s.catalogShortlistAdd)
	merchant.POST("/terminals/:id/shortlist/delete", s.catalogShortlistRemove)

	admin := e.Group("/admin/catalog", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("", s.adminCatalogPage)
	admin.GET("/models.csv", s.adminCatalogExport)
	admin.POST("/import", s.adminCatalogImport)
	admin.GET("/brands/new", s.adminBrandNew)
	admin.POST("/brands", s.adminBrandSave)
	admin.GET("/brands/:id", s.adminBrandEdit)
	admin.POST("/brands/:id", s.adminBrandSave)
	admin.POST("/brands/:id/delete", s.adminBrandDelete)
	admin.GET("/models/new", s.adminModelNew)
	admin.POST("/models", s.adminModelSave)
	admin.GET("/models/:id", s.adminModelEdit)
	admin.POST("/models/:id", s.adminModelSave)
	admin.POST("/models/:id/delete", s.adminModelDelete)
	admin.GET("/providers/new", s.adminProviderNew)
	admin.POST("/providers", s.adminProviderSave)
	admin.GET("/providers/:id", s.adminProviderEdit)
	admin.POST("/providers/:id", s.adminProviderSave)
	admin.POST("/providers/:id/delete", s.adminProviderDelete)
	admin.GET("/plans/new", s.adminPlanNew)
	admin.POST("/plans", s.adminPlanSave)
	admin.GET("/plans/:id", s.adminPlanEdit)
	admin.POST("/plans/:id", s.adminPlanSave)
	admin.POST("/plans/:id/delete", s.adminPlanDelete)

	api := e.Group("/api/v1")
	api.GET("/terminals", s.apiTerminals)
	api.GET("/terminals/compare", s.apiCompareTerminals)
	api.GET("/terminals/:id", s.apiTerminal)
	api.GET("/providers", s.apiProviders)
	api.GET("/fee-plans", s.apiFeePlans)
	api.POST("/fee-plans", s.requireUser, s.requireRole(auth.Admin), s.apiCreateFeePlan)
	api.POST("/fee-quotes", s.apiFeeQuote)
	apiMerchant := api.Group("/shortlist", s.requireUser, s.requireRole(auth.Merchant))
	apiMerchant.GET("", s.apiShortlist)
	apiMerchant.PUT("/:model_id", s.apiShortlistPut)
	apiMerchant.DELETE("/:model_id", s.apiShortlistDelete)
}
