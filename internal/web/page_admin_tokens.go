package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/internal/apitoken"
	"posportal/internal/apperr"
)

type adminTokensData struct {
	Tokens    []apitoken.Token
	Providers []catalog.Provider
	Scopes    []apitoken.Scope
	// Checked are the scopes ticked in a form shown again after an error.
	Checked map[apitoken.Scope]bool
	// Secret is a freshly created token, shown this once.
	Secret    string
	TokenName string
}

func (s *Server) adminTokensPage(c *gin.Context) {
	s.renderAdminTokens(c, http.StatusOK, adminTokensData{}, Form{})
}

func (s *Server) renderAdminTokens(c *gin.Context, status int, d adminTokensData, f Form) {
	var err error
	if d.Tokens, err = s.APITokens.List(c.Request.Context(), *currentUser(c)); err != nil {
		s.fail(c, err)
		return
	}
	if d.Providers, err = s.Catalog.Providers(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	d.Scopes = apitoken.Scopes
	c.Header("Cache-Control", "no-store") // the page may carry a token
	s.render.render(c, status, "admin_api_tokens", s.formPage(c, "apitoken.title", d, f))
}

// adminTokenCreate answers with the page itself, not a redirect: the
// token is shown this once and must not travel in a URL or cookie.
func (s *Server) adminTokenCreate(c *gin.Context) {
	n := apitoken.NewToken{Name: c.PostForm("name"), Scopes: c.PostFormArray("scopes")}
	provider := strings.TrimSpace(c.PostForm("provider_id"))
	if provider != "" {
		id, err := strconv.ParseInt(provider, 10, 64)
		if err != nil {
			id = -1 // not a provider: the service says so on the field
		}
		n.ProviderID = &id
	}
	t, secret, err := s.APITokens.Create(c.Request.Context(), currentUser(c), n, c.ClientIP())
	if e := apperr.As(err); e != nil && e.Code == apperr.Validation {
		checked := map[apitoken.Scope]bool{}
		for _, sc := range n.Scopes {
			checked[apitoken.Scope(sc)] = true
		}
		s.renderAdminTokens(c, http.StatusUnprocessableEntity, adminTokensData{Checked: checked},
			Form{Values: map[string]string{"name": n.Name, "provider_id": provider}, Errors: e.Fields, Error: e.Key})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderAdminTokens(c, http.StatusCreated, adminTokensData{Secret: secret, TokenName: t.Name}, Form{})
}

func (s *Server) adminTokenRevoke(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.APITokens.Revoke(c.Request.Context(), currentUser(c), id, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, "apitoken.flash.revoked")
	c.Redirect(http.StatusSeeOther, "/admin/api-tokens")
}
