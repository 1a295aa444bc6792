package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/db"
	"posportal/internal/i18n"
)

var statusOf = map[apperr.Code]int{
	apperr.Invalid:              http.StatusBadRequest,
	apperr.MethodNotAllowed:     http.StatusMethodNotAllowed,
	apperr.Unauthorized:         http.StatusUnauthorized,
	apperr.Forbidden:            http.StatusForbidden,
	apperr.NotFound:             http.StatusNotFound,
	apperr.Conflict:             http.StatusConflict,
	apperr.TooLarge:             http.StatusRequestEntityTooLarge,
	apperr.Unsupported:          http.StatusUnsupportedMediaType,
	apperr.Validation:           http.StatusUnprocessableEntity,
	apperr.Throttled:            http.StatusTooManyRequests,
	apperr.IdempotencyKeyReused: http.StatusUnprocessableEntity,
	apperr.Internal:             http.StatusInternalServerError,
	apperr.Unavailable:          http.StatusServiceUnavailable,
}

// apiError is the §8 error body.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// fail is the one place an error becomes a response: typed errors keep
// their code, anything else is a 500 (or a 503 when the database is down)
// whose cause is logged but never shown.
func (s *Server) fail(c *gin.Context, err error) {
	if slowBody(c) { // first: net/http cancels the context of a body it cut too
		s.answerSlowBody(c)
		return
	}
	if clientGone(c) {
		s.clientClosed(c, err)
		return
	}
	e := apperr.As(err)
	if e == nil {
		c.Error(err)
		e = apperr.New(apperr.Internal, "error.internal")
		if db.IsTimeout(err) || s.databaseDown(c.Request.Context()) {
			e = apperr.New(apperr.Unavailable, "error.unavailable")
		}
	} else if e.Code == apperr.Internal || e.Code == apperr.Unavailable {
		c.Error(err)
	}
	status := statusOf[e.Code]
	switch {
	case e.Code == apperr.Throttled || e.RetryAfter > 0:
		c.Header("Retry-After", retryAfter(e.RetryAfter))
	case e.Code == apperr.Unavailable:
		c.Header("Retry-After", "5")
	}
	lang := langOf(c)
	if isAPI(c) {
		body := apiErrorBody{Code: string(e.Code), Message: i18n.T(lang, e.Key, e.Args...)}
		if len(e.Fields) > 0 {
			body.Fields = map[string]string{}
			for f, k := range e.Fields {
				body.Fields[f] = i18n.T(lang, k, e.FieldArgs[f]...)
			}
		}
		if status >= 500 {
			body.RequestID = c.GetString(keyRequestID)
		}
		c.JSON(status, apiError{Error: body})
		return
	}
	s.render.render(c, status, "error", s.page(c, "error.title", errorPage{Status: status, Key: e.Key}))
}

// retryAfter is a Retry-After value: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int((d + time.Second - 1) / time.Second))
}

type errorPage struct {
	Status int
	Key    string
}

func (s *Server) databaseDown(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return s.DB.Ping(ctx) != nil
}

func (s *Server) notFound(c *gin.Context) { s.fail(c, apperr.ErrNotFound) }

func (s *Server) methodNotAllowed(c *gin.Context) {
	s.fail(c, apperr.New(apperr.MethodNotAllowed, "error.method_not_allowed"))
}

// denyCrossOrigin answers requests refused by http.CrossOriginProtection,
// which run outside Gin.
func (s *Server) denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Negotiate(r.Header.Get("Accept-Language"))
	if ck, err := r.Cookie(langCookie); err == nil && i18n.Supported(ck.Value) {
		lang = ck.Value
	}
	body, _ := json.Marshal(apiError{Error: apiErrorBody{Code: string(apperr.Forbidden), Message: i18n.T(lang, "error.cross_origin")}})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write(body)
}

// asUserError returns the message key of an error the user can act on
// (bad input, a refused file, a duplicate), or "" for anything else, so a
// form can re-render with it instead of an error page.
func asUserError(err error) string {
	e := apperr.As(err)
	if e == nil {
		return ""
	}
	switch e.Code {
	case apperr.Invalid, apperr.Validation, apperr.TooLarge, apperr.Unsupported, apperr.Conflict:
		for _, k := range e.Fields {
			return k
		}
		return e.Key
	}
	return ""
}

// statusFor is the HTTP status of err.
func statusFor(err error) int { return statusOf[apperr.CodeOf(err)] }
