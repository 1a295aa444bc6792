package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// kin-openapi v0.153 loads OpenAPI 3.1 documents as they are and, for a
// 3.1 document, validates with its JSON Schema 2020-12 validator
// (openapi3filter turns it on by itself: type arrays with "null", const,
// contentMediaType work). The document is loaded from the bytes
// /api/v1/openapi.json serves.
var specRouter = sync.OnceValues(func() (routers.Router, error) {
	for _, ct := range []string{"application/pdf", "image/png", "image/jpeg"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	doc, err := openAPIDocument()
	if err != nil {
		return nil, err
	}
	spec, err := openapi3.NewLoader().LoadFromData(doc.JSON)
	if err != nil {
		return nil, err
	}
	if err := spec.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(spec)
})

// checkAgainstSpec fails the test when an /api/v1 answer does not match
// the OpenAPI document: its status must be documented (or covered by the
// operation's default error) and its body must satisfy the schema. Every
// test that talks to the API through client.do is checked this way.
func checkAgainstSpec(t testing.TB, req *http.Request, res *http.Response, body []byte) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return
	}
	t.Helper()
	router, err := specRouter()
	if err != nil {
		t.Fatalf("openapi document: %v", err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		// Not a documented route: a path the engine does not serve
		// either (the route coverage test keeps the two in step).
		return
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
		Status:                 res.StatusCode,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match the OpenAPI document: %v\nbody: %.600s", req.Method, req.URL.Path, res.StatusCode, err, body)
	}
}
