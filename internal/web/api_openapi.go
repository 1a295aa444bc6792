package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"go.yaml.in/yaml/v3"
)

// openAPIYAML is the API's description, kept in YAML because people edit
// it; clients get it as JSON.
//
//go:embed openapi/openapi.yaml
var openAPIYAML []byte

// openAPIDocument is the document as JSON and as a generic tree (for the
// reference page), converted once.
var openAPIDocument = sync.OnceValues(func() (openAPI, error) {
	var tree map[string]any
	if err := yaml.Unmarshal(openAPIYAML, &tree); err != nil {
		return openAPI{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	b, err := json.Marshal(tree)
	if err != nil {
		return openAPI{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	return openAPI{JSON: b, Tree: tree}, nil
})

type openAPI struct {
	JSON []byte
	Tree map[string]any
}

// apiOpenAPI is GET /api/v1/openapi.json (§14).
func (s *Server) apiOpenAPI(c *gin.Context) {
	doc, err := openAPIDocument()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, "application/json; charset=utf-8", doc.JSON)
}
