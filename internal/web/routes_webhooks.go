package web

import (
	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"posportal/internal/auth"
)

// webhookRoutes mounts webhook endpoint management (§14), admins only; a
// server built without a webhooks service serves none of it.
func (s *Server) webhookRoutes(e *gin.Engine) {
	if s.Webhooks == nil {
		return
	}
	// A service shared by two servers on one registry is counted once.
	if err := s.Metrics.Register(s.Webhooks.Collector()); err != nil {
		if _, dup := err.(prometheus.AlreadyRegisteredError); !dup {
			panic("webhook metrics: " + err.Error())
		}
	}
	api := e.Group("/api/v1", s.requireUser, s.requireRole(auth.Admin))
	api.POST("/webhook-endpoints", s.apiCreateWebhookEndpoint)
	api.GET("/webhook-endpoints", s.apiListWebhookEndpoints)
	api.DELETE("/webhook-endpoints/:id", s.apiDeleteWebhookEndpoint)
	api.POST("/webhook-endpoints/:id/rotate-secret", s.apiRotateWebhookSecret)
	api.GET("/webhook-endpoints/:id/deliveries", s.apiWebhookDeliveries)
	api.POST("/webhook-deliveries/:id/replay", s.apiReplayWebhookDelivery)

	admin := e.Group("/admin", s.requireUser, s.requireRole(auth.Admin))
	admin.GET("/webhooks", s.adminWebhooksPage)
	admin.POST("/webhooks", s.adminWebhookCreate)
	admin.GET("/webhooks/:id", s.adminWebhookPage)
	admin.POST("/webhooks/:id/rotate", s.adminWebhookRotate)
	admin.POST("/webhooks/:id/delete", s.adminWebhookDelete)
	admin.POST("/webhook-deliveries/:id/replay", s.adminWebhookReplay)
}
