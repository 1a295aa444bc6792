package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/webhooks"
)

// webhookEndpointJSON is an endpoint; Secret is filled only in the answer
// that created or rotated it, the one time it is shown (§14).
type webhookEndpointJSON struct {
	webhooks.Endpoint
	Secret string `json:"secret,omitempty"`
}

func (s *Server) apiCreateWebhookEndpoint(c *gin.Context) {
	var in webhooks.NewEndpoint
	if err := decodeJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	ep, secret, err := s.Webhooks.CreateEndpoint(c.Request.Context(), *currentUser(c), in, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, webhookEndpointJSON{Endpoint: ep, Secret: secret})
}

func (s *Server) apiListWebhookEndpoints(c *gin.Context) {
	eps, err := s.Webhooks.Endpoints(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if eps == nil {
		eps = []webhooks.Endpoint{}
	}
	c.JSON(http.StatusOK, gin.H{"webhook_endpoints": eps})
}

func (s *Server) apiDeleteWebhookEndpoint(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Webhooks.DeleteEndpoint(c.Request.Context(), *currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) apiRotateWebhookSecret(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ep, secret, err := s.Webhooks.RotateSecret(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, webhookEndpointJSON{Endpoint: ep, Secret: secret})
}

func (s *Server) apiWebhookDeliveries(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, err := s.Webhooks.Deliveries(c.Request.Context(), *currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if ds == nil {
		ds = []webhooks.Delivery{}
	}
	c.JSON(http.StatusOK, gin.H{"deliveries": ds})
}

func (s *Server) apiReplayWebhookDelivery(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Webhooks.Replay(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, d)
}
