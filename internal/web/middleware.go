package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
	"posportal/internal/auth"
	"posportal/internal/i18n"
)

const (
	sessionCookie = "portal_session"
	langCookie    = "portal_lang"
	flashCookie   = "portal_flash"

	keyRequestID = "request_id"
	keyUser      = "user"
	keyLang      = "lang"
)

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// requestID tags each request so a user's error page and our logs meet.
func (s *Server) requestID(c *gin.Context) {
	b := make([]byte, 8)
	rand.Read(b)
	id := hex.EncodeToString(b)
	c.Set(keyRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.Log.Error("panic", "request_id", c.GetString(keyRequestID), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			c.Abort()
			s.fail(c, fmt.Errorf("panic: %v", p))
		}
	}()
	c.Next()
}

// observe logs one line per request and feeds the Prometheus metrics,
// labelled by route pattern (not raw path) to keep cardinality bounded.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	elapsed := time.Since(start)
	s.metrics.observe(c.Request.Method, route, status, elapsed)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []any{"request_id", c.GetString(keyRequestID), "method", c.Request.Method, "route", route,
		"status", status, "duration_ms", elapsed.Milliseconds(), "ip", c.ClientIP()}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, "user_id", u.ID)
	}
	if t := currentToken(c); t != nil {
		attrs = append(attrs, "api_token_id", t.ID) // what the token did is logged as its own, not only its creator's
	}
	if len(c.Errors) > 0 {
		attrs = append(attrs, "error", c.Errors.String())
	}
	s.Log.Log(c.Request.Context(), level, "request", attrs...)
}

// contentSecurityPolicy allows no inline script or style and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.Config.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	c.Next()
}

// language: on pages the switch's cookie wins, then Accept-Language (the
// user's saved choice is applied when they log in, by setting the cookie).
// On /api an explicit Accept-Language wins (§16): an integration sharing a
// browser's cookie jar still gets the language it asked for.
func (s *Server) language(c *gin.Context) {
	lang := ""
	accept := c.GetHeader("Accept-Language")
	if v, err := c.Cookie(langCookie); err == nil && i18n.Supported(v) && (accept == "" || !isAPI(c)) {
		lang = v
	} else {
		lang = i18n.Negotiate(accept)
	}
	c.Set(keyLang, lang)
	c.Header("Content-Language", lang)
	c.Next()
}

func langOf(c *gin.Context) string {
	if l := c.GetString(keyLang); l != "" {
		return l
	}
	return i18n.ZH
}

func (s *Server) loadUser(c *gin.Context) {
	token, err := c.Cookie(sessionCookie)
	if err == nil && token != "" {
		u, err := s.Auth.Authenticate(c.Request.Context(), token)
		switch apperr.CodeOf(err) {
		case apperr.Unauthorized:
			s.clearSessionCookie(c)
		case apperr.Internal:
			if err != nil {
				s.fail(c, err)
				c.Abort()
				return
			}
			c.Set(keyUser, &u)
		}
	}
	c.Next()
}

func currentUser(c *gin.Context) *auth.User {
	if v, ok := c.Get(keyUser); ok {
		return v.(*auth.User)
	}
	return nil
}

func (s *Server) requireUser(c *gin.Context) {
	if currentUser(c) != nil {
		c.Next()
		return
	}
	if isAPI(c) {
		s.fail(c, apperr.New(apperr.Unauthorized, "error.unauthenticated"))
	} else {
		c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
	}
	c.Abort()
}

func (s *Server) requireRole(roles ...auth.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		for _, r := range roles {
			if u != nil && u.Role == r {
				c.Next()
				return
			}
		}
		s.fail(c, apperr.ErrForbidden)
		c.Abort()
	}
}

func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		MaxAge:   int(s.Auth.Policy().AbsoluteTimeout.Seconds()),
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) setLangCookie(c *gin.Context, lang string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
	c.Set(keyLang, lang)
}

// setFlash stores a message key for the next page, which shows it once.
func (s *Server) setFlash(c *gin.Context, key string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: flashCookie, Value: key, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) takeFlash(c *gin.Context) string {
	v, err := c.Cookie(flashCookie)
	if err != nil || v == "" {
		return ""
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.Config.SecureCookies, SameSite: http.SameSiteLaxMode})
	if !i18n.Has(i18n.EN, v) {
		return "" // only known keys: the cookie is client-controlled
	}
	return v
}

func clientRequest(c *gin.Context) auth.Request {
	return auth.Request{IP: c.ClientIP(), UserAgent: c.Request.UserAgent()}
}
