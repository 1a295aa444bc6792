package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

const maxJSONBody = 1 << 20

// decodeJSON reads one JSON object into v, refusing unknown fields (§11) and
// oversized bodies, so a typo in an integration is an error, not a no-op.
func decodeJSON(c *gin.Context, v any) error {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.New(apperr.TooLarge, "error.too_large")
		}
		return &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_json", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.Invalid, "error.malformed_json")
	}
	return nil
}
