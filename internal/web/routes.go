package web

import (
	"github.com/gin-gonic/gin"

	"posportal/internal/auth"
)

// routes is the one route table; groups are mounted by who may enter.
func (s *Server) routes(e *gin.Engine) {
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*file", s.render.serveStatic)
	e.NoRoute(s.notFound)
	e.NoMethod(s.methodNotAllowed)

	// Pages anyone may see.
	e.GET("/", s.homePage)
	e.POST("/lang", s.switchLanguage)
	e.GET("/register", s.registerPage)
	e.POST("/register", s.registerSubmit)
	e.GET("/login", s.loginPage)
	e.POST("/login", s.loginSubmit)

	signedIn := e.Group("/", s.requireUser)
	signedIn.POST("/logout", s.logoutSubmit)
	signedIn.GET("/dashboard", s.dashboardPage)

	admin := e.Group("/admin", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("/users", s.adminUsersPage)
	admin.POST("/users", s.adminUsersCreate)

	e.GET("/api/docs", s.apiDocsPage)
	api := e.Group("/api/v1")
	api.GET("/openapi.json", s.apiOpenAPI)
	api.POST("/register", s.apiRegister)
	api.POST("/session", s.apiLogin)
	apiSignedIn := api.Group("", s.requireUser)
	apiSignedIn.DELETE("/session", s.apiLogout)
	apiSignedIn.GET("/me", s.apiMe)
	apiAdmin := api.Group("", s.requireUser, s.requireRole(auth.Admin))
	apiAdmin.GET("/users", s.apiListUsers)
	apiAdmin.POST("/users", s.apiCreateUser)

	s.onboardingRoutes(e)
	s.calendarRoutes(e)
	s.reviewRoutes(e)
	s.catalogRoutes(e)
	s.schedulingRoutes(e)
	s.installationRoutes(e)
	s.supportRoutes(e)
	s.insightsRoutes(e)
	s.tokenRoutes(e)
	s.webhookRoutes(e)
}
