package web

import (
	"context"
	"errors"

	"github.com/gin-gonic/gin"
)

// statusClientClosed is nginx's 499 "client closed request": the client
// went away before the answer, so the request is neither the portal's
// failure (5xx) nor the client's mistake (4xx) and is counted apart.
const statusClientClosed = 499

// clientGone reports whether the client closed the connection; net/http
// cancels the request's context then.
func clientGone(c *gin.Context) bool {
	return errors.Is(c.Request.Context().Err(), context.Canceled)
}

// clientClosed records a request abandoned by its client. Nobody reads the
// answer, so none is rendered.
func (s *Server) clientClosed(c *gin.Context, err error) {
	c.Error(err)
	c.AbortWithStatus(statusClientClosed)
}
