package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/webhooks"
)

// adminWebhooksData is the endpoint list and the form to add one.
type adminWebhooksData struct {
	Endpoints []webhooks.Endpoint
	Types     []webhooks.Type
	Checked   map[webhooks.Type]bool // the form's ticked events
}

// adminWebhookData is one endpoint with its delivery log. Secret is set
// only on the page that answers its creation or rotation.
type adminWebhookData struct {
	Endpoint   webhooks.Endpoint
	Deliveries []webhooks.Delivery
	Secret     string
	Created    bool
}

func (s *Server) adminWebhooksPage(c *gin.Context) {
	s.renderAdminWebhooks(c, http.StatusOK, Form{}, nil)
}

func (s *Server) renderAdminWebhooks(c *gin.Context, status int, f Form, checked map[webhooks.Type]bool) {
	eps, err := s.Webhooks.Endpoints(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := adminWebhooksData{Endpoints: eps, Types: webhooks.Types, Checked: checked}
	s.render.render(c, status, "admin_webhooks", s.formPage(c, "webhooks.title", d, f))
}

func (s *Server) adminWebhookCreate(c *gin.Context) {
	in := webhooks.NewEndpoint{URL: c.PostForm("url"), Events: c.PostFormArray("events"), Description: c.PostForm("description")}
	ep, secret, err := s.Webhooks.CreateEndpoint(c.Request.Context(), *currentUser(c), in, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		checked := map[webhooks.Type]bool{}
		for _, t := range in.Events {
			checked[webhooks.Type(t)] = true
		}
		f := Form{Values: map[string]string{"url": in.URL, "description": in.Description}, Errors: e.Fields, Error: e.Key}
		s.renderAdminWebhooks(c, http.StatusUnprocessableEntity, f, checked)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	// The secret is shown on this answer only; it is not kept in clear
	// anywhere, so it is rendered rather than carried across a redirect.
	s.renderAdminWebhook(c, ep.ID, secret, true)
}

func (s *Server) adminWebhookPage(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminWebhook(c, id, "", false)
}

func (s *Server) renderAdminWebhook(c *gin.Context, id int64, secret string, created bool) {
	ctx, actor := c.Request.Context(), *currentUser(c)
	ep, err := s.Webhooks.Endpoint(ctx, actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, err := s.Webhooks.Deliveries(ctx, actor, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := adminWebhookData{Endpoint: ep, Deliveries: ds, Secret: secret, Created: created}
	s.render.render(c, http.StatusOK, "admin_webhook", s.page(c, "webhooks.endpoint.title", d))
}

func (s *Server) adminWebhookRotate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	_, secret, err := s.Webhooks.RotateSecret(c.Request.Context(), *currentUser(c), id, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminWebhook(c, id, secret, false)
}

func (s *Server) adminWebhookDelete(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.Webhooks.DeleteEndpoint(c.Request.Context(), *currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "webhooks.flash.deleted")
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
}

func (s *Server) adminWebhookReplay(c *gin.Context) {
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
	s.setFlash(c, "webhooks.flash.replayed")
	c.Redirect(http.StatusSeeOther, "/admin/webhooks/"+strconv.FormatInt(d.EndpointID, 10))
}
