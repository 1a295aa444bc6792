// Package web is the HTTP edge of the portal: the Gin engine, middleware,
// the server-rendered pages and the JSON API. Handlers are thin adapters
// over the domain services; no business rule lives here.
package web

import (
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"posportal/catalog"
	"posportal/insights"
	"posportal/internal/apitoken"
	"posportal/internal/auth"
	"posportal/internal/config"
	"posportal/internal/db"
	"posportal/internal/pdf"
	"posportal/internal/workcal"
	"posportal/onboarding"
	"posportal/scheduling"
	"posportal/support"
	"posportal/webhooks"
)

// Deps is everything the web layer needs, wired in cmd/portal.
type Deps struct {
	Config config.Config
	DB     *db.DB
	Auth   *auth.Service
	// Onboarding is the application and review service (§2).
	Onboarding *onboarding.Service
	// Contracts draws up and e-signs contracts (§2.4); nil builds one from
	// Onboarding and Catalog.
	Contracts *onboarding.Contracts
	Calendar  *workcal.Service // business days for SLAs and due dates
	Log       *slog.Logger
	Metrics   *prometheus.Registry
	// PDFFont is the font every PDF uses; nil means the embedded one.
	PDFFont *pdf.Font
	// Catalog is the terminal catalog, fee plans and fee quotes (§3, §4).
	Catalog *catalog.Service
	// QuoteProfiles prefills the fee calculator from a merchant's
	// application; nil means no prefill.
	QuoteProfiles QuoteProfileSource
	// Scheduling is installers, slots, appointments and reminders (§5).
	Scheduling *scheduling.Service
	// Support is devices, notices, troubleshooting and tickets (§6); nil
	// builds one on DB with the embedded knowledge.
	Support *support.Service
	// APITokens are the service tokens of the bank's own systems (§14);
	// nil builds one on DB.
	APITokens *apitoken.Service
	// Webhooks manages webhook endpoints and their delivery log (§14);
	// nil serves no webhook routes.
	Webhooks *webhooks.Service
	// Limits are the listener's timeouts and minimum body rate; zero means
	// DefaultServerLimits.
	Limits ServerLimits
	// Insights is the operations view (§15); nil builds one on DB and
	// Calendar with the regression watch's default window.
	Insights *insights.Service
	// Now is the service clock (Idempotency-Key expiry); nil means time.Now.
	Now func() time.Time
}

// Server is the portal's HTTP handler.
type Server struct {
	Deps
	render  *renderer
	metrics *httpMetrics
	engine  *gin.Engine
	handler http.Handler
	// idemSwept is when (Unix seconds) this instance last deleted expired
	// Idempotency-Key rows.
	idemSwept atomic.Int64
}

// New builds the handler: Gin routes inside Go's cross-origin protection,
// which refuses cross-site state-changing browser requests before any
// handler runs while letting non-browser API clients through.
func New(d Deps) (*Server, error) {
	if d.DB == nil || d.Auth == nil || d.Onboarding == nil || d.Log == nil {
		return nil, errors.New("web: Deps needs DB, Auth, Onboarding and Log")
	}
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	if d.Catalog == nil {
		// The catalog needs nothing but the database.
		d.Catalog = catalog.NewService(d.DB, nil)
	}
	if d.APITokens == nil {
		d.APITokens = apitoken.NewService(d.DB, nil)
	}
	if d.Contracts == nil {
		d.Contracts = onboarding.NewContracts(d.Onboarding, d.Catalog, d.PDFFont)
	}
	if d.Insights == nil {
		d.Insights = insights.NewService(d.DB, d.Calendar, support.DefaultWatchConfig().Window, nil)
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	s := &Server{Deps: d, render: r, metrics: newHTTPMetrics(d.Metrics)}
	registerHashMetrics(d.Metrics, d.Auth)

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.ContextWithFallback = true
	e.HandleMethodNotAllowed = true
	e.Use(s.requestID, s.recoverPanic, s.observe, s.securityHeaders, s.enforceBodyRate, s.language, s.checkTextInput, s.authenticate, s.idempotency)
	// The client address (throttles, audit) is the TCP peer unless that
	// peer is one of the configured load balancers; then it is the
	// rightmost X-Forwarded-For entry not added by one of them, which a
	// client cannot forge. X-Real-IP is never believed.
	e.RemoteIPHeaders = []string{"X-Forwarded-For"}
	if err := e.SetTrustedProxies(d.Config.TrustedProxies); err != nil {
		return nil, err
	}
	s.routes(e)
	s.engine = e

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.denyCrossOrigin))
	s.handler = cop.Handler(e)
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
