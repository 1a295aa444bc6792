package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

// maxEmailBytes is the longest address SMTP can carry (RFC 5321 path
// limit); a longer one cannot be an account, so login refuses it before
// any database look-up or password hash.
const maxEmailBytes = 254

// maxFormBody bounds a url-encoded form; the portal's largest is a few KiB
// (net/http's own default would buffer 10 MB).
const maxFormBody = 1 << 20

// validText reports whether s can be stored as text on both databases:
// valid UTF-8 (SQLite would keep raw bytes, PostgreSQL refuses them) and no
// NUL (PostgreSQL refuses it in text).
func validText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

func validValues(v url.Values) bool {
	for k, vs := range v {
		if !validText(k) {
			return false
		}
		for _, s := range vs {
			if !validText(s) {
				return false
			}
		}
	}
	return true
}

// checkTextInput refuses, with 400, a request whose path, query or
// url-encoded form holds text that is not valid UTF-8 or holds NUL, before
// any handler passes it to a store. It parses url-encoded forms itself so a
// handler reading c.PostForm cannot miss a body-read error. JSON bodies are
// checked in decodeJSON; multipart text fields are enumerations checked by
// their handlers and file names are sanitised by package upload.
//
// The User-Agent, stored with sessions and contract signatures, is made
// valid UTF-8 rather than refused: net/http lets any non-control byte
// through in a header, and a browser's odd header should not block a login.
func (s *Server) checkTextInput(c *gin.Context) {
	if ua := c.Request.UserAgent(); !utf8.ValidString(ua) {
		c.Request.Header.Set("User-Agent", strings.ToValidUTF8(ua, "\uFFFD"))
	}
	ok := validText(c.Request.URL.Path) && validValues(c.Request.URL.Query())
	if ok && c.ContentType() == "application/x-www-form-urlencoded" {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
		if err := c.Request.ParseForm(); err != nil {
			e := &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_form", Err: err}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				e = apperr.New(apperr.TooLarge, "error.too_large")
			}
			s.fail(c, e)
			c.Abort()
			return
		}
		ok = validValues(c.Request.PostForm)
	}
	if !ok {
		s.fail(c, apperr.New(apperr.Invalid, "error.bad_encoding"))
		c.Abort()
		return
	}
	c.Next()
}
