package web

import (
	"net/http"
	"time"
)

// ServerLimits are the connection-level protections of the application
// listener.
type ServerLimits struct {
	// ReadHeaderTimeout bounds reading a request's headers (slow-loris).
	ReadHeaderTimeout time.Duration
	// WriteTimeout bounds writing a response, counted from the end of the
	// request's headers or, once a body has been read to its end, from then.
	WriteTimeout time.Duration
	// IdleTimeout closes a keep-alive connection without a next request.
	IdleTimeout    time.Duration
	MaxHeaderBytes int
	// BodyRate replaces a whole-request read timeout, which would either
	// cut a large upload on a slow link or let a trickle run for minutes.
	BodyRate BodyRate
}

// DefaultServerLimits are what `portal serve` runs with.
func DefaultServerLimits() ServerLimits {
	return ServerLimits{
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BodyRate:          DefaultBodyRate(),
	}
}

func (s *Server) serverLimits() ServerLimits {
	if s.Limits == (ServerLimits{}) {
		return DefaultServerLimits()
	}
	return s.Limits
}

// HTTPServer is the application listener's server for this handler, with
// its ServerLimits applied.
func (s *Server) HTTPServer() *http.Server {
	lim := s.serverLimits()
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
	}
}
