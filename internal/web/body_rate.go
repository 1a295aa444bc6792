package web

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/i18n"
)

// BodyRate is the slowest request body the portal keeps waiting for. A
// client on a weak mobile link gets Grace to start and then must average at
// least MinBytesPerSecond; a body trickling slower (a slow-loris upload
// holding a connection and a goroutine for minutes) is cut with 408.
type BodyRate struct {
	Grace             time.Duration
	MinBytesPerSecond int64
	// Longest bounds any one body however fast it flows.
	Longest time.Duration
}

// DefaultBodyRate: 10 s grace, then 1 KiB/s averaged — a 10 MiB document
// may take up to 2 h 50 min at that pace, under the 3 h cap.
func DefaultBodyRate() BodyRate {
	return BodyRate{Grace: 10 * time.Second, MinBytesPerSecond: 1 << 10, Longest: 3 * time.Hour}
}

// errSlowBody is what a handler reading a too-slow body sees.
var errSlowBody = errors.New("request body arrived slower than the minimum rate")

const keySlowBody = "slow_body"

// enforceBodyRate wraps every request body in a reader that moves the
// connection's read deadline ahead only as fast as the minimum rate
// allows: a stalled client hits the deadline as surely as a trickling one.
func (s *Server) enforceBodyRate(c *gin.Context) {
	if c.Request.Body == nil || c.Request.Body == http.NoBody || c.Request.ContentLength == 0 {
		c.Next()
		return
	}
	lim := s.serverLimits()
	b := &rateBody{body: c.Request.Body, rc: http.NewResponseController(c.Writer), rate: lim.BodyRate,
		writeAfter: lim.WriteTimeout, tripped: func() { c.Set(keySlowBody, true) }}
	// A handler that never reads the body still has net/http drain it
	// afterwards; this first deadline bounds that too.
	if b.rc.SetReadDeadline(time.Now().Add(lim.BodyRate.Grace)) != nil {
		c.Next() // no deadlines on this connection (not net/http's server)
		return
	}
	c.Request.Body = b
	c.Next()
	if b.err != nil && !c.Writer.Written() {
		s.answerSlowBody(c)
	}
}

func slowBody(c *gin.Context) bool { return c.GetBool(keySlowBody) }

// answerSlowBody is 408 with the connection closed: what is left of the
// body will not be read.
func (s *Server) answerSlowBody(c *gin.Context) {
	c.Header("Connection", "close")
	if isAPI(c) {
		c.JSON(http.StatusRequestTimeout, apiError{Error: apiErrorBody{Code: "request_timeout", Message: i18n.T(langOf(c), "error.slow_body")}})
	} else {
		s.render.render(c, http.StatusRequestTimeout, "error", s.page(c, "error.title", errorPage{Status: http.StatusRequestTimeout, Key: "error.slow_body"}))
	}
	c.Abort()
}

type rateBody struct {
	body       io.ReadCloser
	rc         *http.ResponseController
	rate       BodyRate
	start      time.Time
	writeAfter time.Duration
	n          int64
	err        error
	tripped    func()
}

// deadline is when the bytes read so far stop meeting the rate, counted
// from the handler's first read: time the portal spends before reading is
// not the client's.
func (b *rateBody) deadline() time.Time {
	allowed := time.Duration(float64(b.n) / float64(b.rate.MinBytesPerSecond) * float64(time.Second))
	allowed = max(allowed, b.rate.Grace)
	if b.rate.Longest > 0 {
		allowed = min(allowed, b.rate.Longest)
	}
	return b.start.Add(allowed)
}

func (b *rateBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.start.IsZero() {
		b.start = time.Now()
	}
	b.rc.SetReadDeadline(b.deadline())
	n, err := b.body.Read(p)
	b.n += int64(n)
	switch {
	case err == io.EOF:
		// net/http now reads ahead for the next request (and to notice a
		// client hanging up); a deadline left here would cancel this
		// request's context while its handler still runs. The response
		// gets its full write timeout from the end of the body, however
		// long the upload took.
		b.rc.SetReadDeadline(time.Time{})
		if b.writeAfter > 0 {
			b.rc.SetWriteDeadline(time.Now().Add(b.writeAfter))
		}
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.err = errSlowBody
		b.tripped()
		return n, b.err
	}
	return n, err
}

func (b *rateBody) Close() error { return b.body.Close() }
