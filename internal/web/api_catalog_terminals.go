package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/catalog"
	"posportal/fees"
)

// terminalJSON is a model as the API shows it: every §3 attribute plus
// the fee channels its hardware can take.
type terminalJSON struct {
	catalog.Model
	Channels []fees.Channel `json:"channels"`
}

func toTerminalJSON(m catalog.Model) terminalJSON {
	return terminalJSON{Model: m, Channels: m.Channels()}
}

func toTerminalsJSON(ms []catalog.Model) []terminalJSON {
	out := make([]terminalJSON, len(ms))
	for i, m := range ms {
		out[i] = toTerminalJSON(m)
	}
	return out
}

// apiTerminals is GET /api/v1/terminals with the needs filter.
func (s *Server) apiTerminals(c *gin.Context) {
	f, err := catalogFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ms, err := s.Catalog.Models(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"terminals": toTerminalsJSON(ms)})
}

// apiTerminal is GET /api/v1/terminals/{id}, with what each provider can
// take with it.
func (s *Server) apiTerminal(c *gin.Context) {
	id, err := catalogID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	m, err := s.Catalog.Model(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	matrix, err := s.Catalog.Matrix(c.Request.Context(), &m)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, struct {
		terminalJSON
		Compatibility []catalog.Combination `json:"compatibility"`
	}{toTerminalJSON(m), matrix})
}

// apiCompareTerminals is GET /api/v1/terminals/compare?ids=1,2,3.
func (s *Server) apiCompareTerminals(c *gin.Context) {
	ids, err := compareIDs(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cmp, err := s.Catalog.Compare(c.Request.Context(), ids)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"terminals": toTerminalsJSON(cmp.Models), "differences": cmp.Differences})
}

// apiProviders is GET /api/v1/providers: what an integration needs to
// create fee plans (provider_id) and to read compatibility.
func (s *Server) apiProviders(c *gin.Context) {
	ps, err := s.Catalog.Providers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if ps == nil {
		ps = []catalog.Provider{}
	}
	c.JSON(http.StatusOK, gin.H{"providers": ps})
}
