package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

const maxJSONBody = 1 << 20

// decodeJSON reads one JSON object into v, refusing unknown fields (§11) and
// oversized bodies, so a typo in an integration is an error, not a no-op.
// A body must be declared application/json (415 otherwise: a form post or
// text/plain is not silently read as JSON; an empty one stays 400) and be valid UTF-8 without
// NUL characters (400: Go's decoder would quietly turn bad bytes into
// U+FFFD, and PostgreSQL refuses NUL in text).
func decodeJSON(c *gin.Context, v any) error {
	if c.Request.ContentLength != 0 && !isJSONContentType(c.GetHeader("Content-Type")) {
		return apperr.New(apperr.Unsupported, "error.json_content_type")
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return apperr.New(apperr.TooLarge, "error.too_large")
		}
		return &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_json", Err: err}
	}
	if !utf8.Valid(body) {
		return apperr.New(apperr.Invalid, "error.bad_encoding")
	}
	if err := refuseNUL(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_json", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.Invalid, "error.malformed_json")
	}
	return nil
}

// isJSONContentType accepts application/json and any +json type, with
// parameters such as charset=utf-8.
func isJSONContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// refuseNUL finds a \u0000 escape in any string or key of body. A raw NUL
// byte is malformed JSON already; the escape decodes to one.
func refuseNUL(body []byte) error {
	if !bytes.Contains(body, []byte(`\u0000`)) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // malformed: Decode reports it
		}
		if s, ok := tok.(string); ok && strings.IndexByte(s, 0) >= 0 {
			return apperr.New(apperr.Invalid, "error.bad_encoding")
		}
	}
}
