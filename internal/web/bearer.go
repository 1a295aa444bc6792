package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/internal/apitoken"
	"posportal/internal/apperr"
)

const keyToken = "api_token"

// checkInRoute still takes the terminal-management integrations' own
// tokens ("ptm_…"), which its handler authenticates and throttles itself.
const checkInRoute = "/api/v1/devices/:serial/checkin"

// authenticate gives each request exactly one credential. On /api a
// request carrying "Authorization: Bearer" is the token's alone: the
// session cookie is not read, so a token never gains what the browser
// next to it could do (nor the reverse). Pages never accept tokens.
func (s *Server) authenticate(c *gin.Context) {
	token, ok := bearerToken(c)
	if !ok || !isAPI(c) {
		s.loadUser(c)
		return
	}
	if c.FullPath() == checkInRoute && !strings.HasPrefix(token, apitoken.Prefix) {
		c.Next()
		return
	}
	s.authenticateBearer(c, token)
}

// bearerToken returns the credential of an "Authorization: Bearer" header
// (the scheme is case-insensitive, RFC 6750); ok is false without one.
func bearerToken(c *gin.Context) (string, bool) {
	scheme, value, _ := strings.Cut(strings.TrimSpace(c.GetHeader("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(value), true
}

// authenticateBearer answers 401 (or 429 past the failure limit) for a
// token that is unknown or revoked, 403 on a route outside its scopes or
// closed to tokens (tokenScopes), and otherwise lets the request act as
// the token's creator, whose role the route groups and services check.
func (s *Server) authenticateBearer(c *gin.Context, token string) {
	p, err := s.APITokens.Authenticate(c.Request.Context(), c.ClientIP(), token)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Unauthorized {
			c.Header("WWW-Authenticate", `Bearer realm="posportal", error="invalid_token"`)
		}
		s.fail(c, err)
		c.Abort()
		return
	}
	if route := c.FullPath(); route != "" { // unmatched paths go on to their 404 or 405
		scope, open := tokenScopes[c.Request.Method+" "+route]
		switch {
		case !open:
			s.fail(c, apperr.New(apperr.Forbidden, "apitoken.error.session_only"))
			c.Abort()
			return
		case !p.Token.Has(scope):
			c.Header("WWW-Authenticate", `Bearer realm="posportal", error="insufficient_scope", scope="`+string(scope)+`"`)
			s.fail(c, &apperr.Error{Code: apperr.Forbidden, Key: "apitoken.error.scope", Args: []any{string(scope)}})
			c.Abort()
			return
		}
	}
	c.Set(keyUser, &p.User)
	c.Set(keyToken, &p.Token)
	c.Next()
}

// currentToken is the service token a request authenticated with, or nil
// for session and anonymous requests.
func currentToken(c *gin.Context) *apitoken.Token {
	if v, ok := c.Get(keyToken); ok {
		return v.(*apitoken.Token)
	}
	return nil
}
