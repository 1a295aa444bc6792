package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
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
		if e := typeError(err); e != nil {
			return e
		}
		return &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_json", Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.New(apperr.Invalid, "error.malformed_json")
	}
	return nil
}

// typeError turns a well-formed value of the wrong type ("months": "12",
// or 1e30 for an integer, which overflows) into a 422 naming the field
// (§16), so a client learns which value to fix; "" is the whole body.
func typeError(err error) *apperr.Error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" || te.Type == nil {
		return nil
	}
	return &apperr.Error{Code: apperr.Validation, Key: "error.validation",
		Fields: map[string]string{te.Field: expectedKey(te.Type.Kind())}, Err: err}
}

// expectedKey names the JSON type a Go kind is decoded from.
func expectedKey(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "field.json.whole_number"
	case reflect.Float32, reflect.Float64:
		return "field.json.number"
	case reflect.Bool:
		return "field.json.bool"
	case reflect.String:
		return "field.json.text"
	case reflect.Slice, reflect.Array:
		return "field.json.list"
	}
	return "field.json.object"
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
