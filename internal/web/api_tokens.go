package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apitoken"
)

// createdToken is a new token with its secret, the one answer that ever
// carries it.
type createdToken struct {
	apitoken.Token
	Secret string `json:"token"`
}

// apiCreateToken is POST /api/v1/api-tokens {"name","scopes","provider_id"}
// (admin) → 201 {"id","name","scopes","token",…}.
func (s *Server) apiCreateToken(c *gin.Context) {
	var n apitoken.NewToken
	if err := decodeJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	t, secret, err := s.APITokens.Create(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, createdToken{Token: t, Secret: secret})
}

// apiListTokens is GET /api/v1/api-tokens (admin): every token, revoked
// ones included, never a secret.
func (s *Server) apiListTokens(c *gin.Context) {
	ts, err := s.APITokens.List(c.Request.Context(), *currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"api_tokens": ts})
}

// apiRevokeToken is DELETE /api/v1/api-tokens/{id} (admin) → 204; the
// token stops working at once.
func (s *Server) apiRevokeToken(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.APITokens.Revoke(c.Request.Context(), currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
