package web

import (
	"bytes"
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
	var root yaml.Node
	if err := yaml.Unmarshal(openAPIYAML, &root); err != nil {
		return openAPI{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	var buf bytes.Buffer
	if err := writeJSON(&buf, &root); err != nil {
		return openAPI{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	var tree map[string]any
	if err := json.Unmarshal(buf.Bytes(), &tree); err != nil {
		return openAPI{}, fmt.Errorf("openapi.yaml: %w", err)
	}
	return openAPI{JSON: buf.Bytes(), Tree: tree}, nil
})

// writeJSON writes a YAML node as JSON, keeping the keys in the order the
// file has them (openapi, info, paths … as a reader expects).
func writeJSON(buf *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		return writeJSON(buf, n.Content[0])
	case yaml.AliasNode:
		return writeJSON(buf, n.Alias)
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i < len(n.Content); i += 2 {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			buf.Write(k)
			buf.WriteByte(':')
			if err := writeJSON(buf, n.Content[i+1]); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, c); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		var v any
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		buf.Write(b)
	}
	return nil
}

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
