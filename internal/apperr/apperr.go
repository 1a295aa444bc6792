// Package apperr holds the portal's typed errors. Domain services return
// them; the web layer maps each Code to one HTTP status in one place and
// translates the message keys, so no handler invents its own error shape.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Code classifies an error for clients; the values appear in API responses.
type Code string

// The error codes, one per HTTP status the API uses (see SPEC §8).
const (
	Invalid          Code = "invalid"            // 400 malformed request
	Unauthorized     Code = "unauthorized"       // 401
	MethodNotAllowed Code = "method_not_allowed" // 405
	Forbidden        Code = "forbidden"          // 403
	NotFound         Code = "not_found"          // 404, also for another merchant's object
	Conflict         Code = "conflict"           // 409 lost state race or duplicate
	TooLarge         Code = "too_large"          // 413
	Unsupported      Code = "unsupported"        // 415
	Validation       Code = "validation"         // 422
	Throttled        Code = "throttled"          // 429
	// IdempotencyKeyReused: an Idempotency-Key sent again with another body or path (422, §14).
	IdempotencyKeyReused Code = "idempotency_key_reused"
	Internal             Code = "internal"    // 500
	Unavailable          Code = "unavailable" // 503
)

// Error is a client-facing error. Key is an i18n message key; Fields maps a
// field name to the message key of what is wrong with it.
type Error struct {
	Code       Code
	Key        string
	Args       []any // fill Key's fmt verbs, e.g. the characters a contract cannot print
	Fields     map[string]string
	FieldArgs  map[string][]any // fill a field message's fmt verbs, e.g. the working hours a visit must fit
	RetryAfter time.Duration    // for Throttled
	Err        error            // internal cause, never shown to clients
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Key, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of code with message key.
func New(code Code, key string) *Error { return &Error{Code: code, Key: key} }

// Fields returns a validation error carrying field message keys.
func Fields(fields map[string]string) *Error {
	return &Error{Code: Validation, Key: "error.validation", Fields: fields}
}

// CodeOf returns err's code, Internal for errors that are not *Error.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as *Error, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Common errors.
var (
	ErrNotFound  = New(NotFound, "error.not_found")
	ErrForbidden = New(Forbidden, "error.forbidden")
	ErrConflict  = New(Conflict, "error.conflict")
)
