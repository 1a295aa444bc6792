package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"hash"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"posportal/internal/apperr"
)

// idempotencyTTL is how long a key's first answer is replayed (§14).
const idempotencyTTL = 24 * time.Hour

// inFlightLease is how long an unanswered claim blocks its key. The
// handler releases or answers its claim itself; only a claim left by an
// instance that died mid-request outlives it, and no create runs an hour.
const inFlightLease = time.Hour

// maxStoredAnswer bounds the answer body kept for replay; creating POSTs
// answer with one object, far below it. A larger answer is not stored.
const maxStoredAnswer = 1 << 20

// idempotentRoutes are the creating POSTs (§14): each makes a new object,
// so a retried request must not make a second one. Actions on an existing
// object (submit, cancel, ack …) are guarded by their state machines
// instead, and POST /api/v1/register is left out: it has no actor to scope
// a key to, and a replay would hand one client another's session cookie.
// The api-tokens and webhook-endpoints routes come from their branches.
var idempotentRoutes = map[string]bool{
	"/api/v1/users":                          true,
	"/api/v1/applications":                   true,
	"/api/v1/applications/:id/documents":     true,
	"/api/v1/applications/:id/contract":      true,
	"/api/v1/applications/:id/appointments":  true,
	"/api/v1/applications/:id/training-seat": true,
	"/api/v1/fee-plans":                      true,
	"/api/v1/training-sessions":              true,
	"/api/v1/diagnoses":                      true,
	"/api/v1/tickets":                        true,
	"/api/v1/tickets/:id/comment":            true,
	"/api/v1/tickets/:id/repair-visits":      true,
	"/api/v1/devices":                        true,
	"/api/v1/firmware-releases":              true,
	"/api/v1/admin/notices":                  true,
	"/api/v1/integrations":                   true,
	"/api/v1/api-tokens":                     true,
	"/api/v1/webhook-endpoints":              true,
}

// onceShown are the answer fields of creating POSTs that reveal a secret
// exactly once (it is stored hashed). They are blanked before an answer is
// kept, so idempotency_keys never holds a usable credential; a replay
// still names the object made, and its secret is rotated if it was lost.
var onceShown = map[string][]string{
	"/api/v1/integrations":      {"token"},
	"/api/v1/api-tokens":        {"token"},
	"/api/v1/webhook-endpoints": {"secret"},
}

// replayedHeaders are the answer headers a replay repeats. Cookies never
// are: a creating POST sets none, and a replayed one would be a session.
var replayedHeaders = []string{"Content-Type", "Location", "Content-Disposition", "Cache-Control"}

// idempotency makes the creating POSTs safe to retry. The first request
// with a key claims it by inserting an in-flight row (the primary key
// (actor, key) lets exactly one of two concurrent twins in, on every
// instance); the twin that loses answers 409 while the first runs. A 2xx
// answer is stored with the request's body hash and replayed for 24 h to
// the same actor sending the same method, path and body; another body or
// path under the key is 422. Any other answer releases the key: a refused
// or failed create made nothing, so retrying it cannot make a duplicate,
// and a retry after the cause is fixed (or the state changed) must run.
func (s *Server) idempotency(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	u := currentUser(c)
	if key == "" || c.Request.Method != http.MethodPost || !idempotentRoutes[c.FullPath()] || u == nil {
		c.Next()
		return
	}
	if !validIdempotencyKey(key) {
		s.fail(c, apperr.New(apperr.Invalid, "error.idempotency_key_invalid"))
		c.Abort()
		return
	}
	actor := "user:" + strconv.FormatInt(u.ID, 10)
	target := c.Request.Method + " " + c.Request.URL.Path
	now := s.now()
	claimed, err := s.claimIdempotencyKey(c.Request.Context(), actor, key, target, now)
	if err != nil {
		s.fail(c, err)
		c.Abort()
		return
	}
	if !claimed {
		s.replayIdempotent(c, actor, key, target, now)
		c.Abort()
		return
	}

	h := newBodyDigest(c.GetHeader("Content-Type"))
	c.Request.Body = hashingBody{ReadCloser: c.Request.Body, h: h}
	rec := &recordingWriter{ResponseWriter: c.Writer}
	c.Writer = rec
	created := false
	// The answer is kept even if the client hung up meanwhile: the object
	// exists, and the retry must find it.
	ctx := context.WithoutCancel(c.Request.Context())
	defer func() { // also when the handler panics
		if !created {
			_, _ = s.DB.Exec(ctx, `DELETE FROM idempotency_keys WHERE actor = ? AND key = ? AND status IS NULL`, actor, key)
		}
	}()
	c.Next()

	status := rec.Status()
	if status < 200 || status > 299 {
		return
	}
	// Something was made: from here on the claim is never released. An
	// answer that cannot be kept leaves it in flight (retries get 409
	// until the lease ends), which is better than a second object.
	created = true
	if rec.overflow {
		s.Log.Warn("idempotency: answer too large to keep", "route", c.FullPath(), "request_id", c.GetString(keyRequestID))
		return
	}
	// A handler may stop reading early (multipart); the hash covers the body.
	_, _ = io.Copy(h, io.LimitReader(c.Request.Body, s.idempotencyBodyLimit()))
	headers := map[string]string{}
	for _, name := range replayedHeaders {
		if v := rec.Header().Get(name); v != "" {
			headers[name] = v
		}
	}
	hj, _ := json.Marshal(headers)
	answer, err := blankSecrets(rec.buf.Bytes(), onceShown[c.FullPath()])
	if err == nil {
		_, err = s.DB.Exec(ctx, `UPDATE idempotency_keys SET body_sha256 = ?, status = ?, headers = ?, body = ?
			WHERE actor = ? AND key = ? AND status IS NULL`, h.hex(), status, string(hj), answer, actor, key)
	}
	if err != nil {
		s.Log.Error("idempotency: keep answer", "err", err, "request_id", c.GetString(keyRequestID))
	}
}

// claimIdempotencyKey inserts the in-flight row, or takes over the key's
// expired row or abandoned claim, in one statement; false means the key
// is live (in flight or answered). Other expired rows are swept at most once a minute per
// instance, so a keyed create costs one extra write, not two.
func (s *Server) claimIdempotencyKey(ctx context.Context, actor, key, target string, now time.Time) (bool, error) {
	if last := s.idemSwept.Load(); now.Unix()-last >= 60 && s.idemSwept.CompareAndSwap(last, now.Unix()) {
		if _, err := s.DB.Exec(ctx, `DELETE FROM idempotency_keys WHERE expires_at <= ?`, now); err != nil {
			return false, err
		}
	}
	res, err := s.DB.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, method_path, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (actor, key) DO UPDATE SET method_path = excluded.method_path, body_sha256 = '', status = NULL,
			headers = '{}', body = '', created_at = excluded.created_at, expires_at = excluded.expires_at
		WHERE idempotency_keys.expires_at <= excluded.created_at
			OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at <= ?)`,
		actor, key, target, now, now.Add(idempotencyTTL), now.Add(-inFlightLease))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

type idempotentAnswer struct {
	MethodPath string `db:"method_path"`
	BodySHA256 string `db:"body_sha256"`
	Status     *int   `db:"status"`
	Headers    string `db:"headers"`
	Body       string `db:"body"`
}

// replayIdempotent answers a request whose key is taken.
func (s *Server) replayIdempotent(c *gin.Context, actor, key, target string, now time.Time) {
	var a idempotentAnswer
	err := s.DB.Get(c.Request.Context(), &a, `SELECT method_path, body_sha256, status, headers, body
		FROM idempotency_keys WHERE actor = ? AND key = ? AND expires_at > ?`, actor, key, now)
	if errors.Is(err, sql.ErrNoRows) {
		// Released or expired between our insert and this read: the
		// first request failed, so this one may simply be retried.
		err = apperr.New(apperr.Conflict, "error.idempotency_in_flight")
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if a.Status == nil {
		c.Header("Retry-After", "1")
		s.fail(c, apperr.New(apperr.Conflict, "error.idempotency_in_flight"))
		return
	}
	h := newBodyDigest(c.GetHeader("Content-Type"))
	if _, err := io.Copy(h, io.LimitReader(c.Request.Body, s.idempotencyBodyLimit())); err != nil {
		s.fail(c, &apperr.Error{Code: apperr.Invalid, Key: "error.malformed_json", Err: err})
		return
	}
	if a.MethodPath != target || a.BodySHA256 != h.hex() {
		s.fail(c, apperr.New(apperr.IdempotencyKeyReused, "error.idempotency_key_reused"))
		return
	}
	var headers map[string]string
	_ = json.Unmarshal([]byte(a.Headers), &headers)
	for k, v := range headers {
		c.Header(k, v)
	}
	c.Header("Idempotent-Replayed", "true")
	c.Status(*a.Status)
	_, _ = c.Writer.WriteString(a.Body)
}

// blankSecrets returns body with each named top-level field set to "".
func blankSecrets(body []byte, fields []string) (string, error) {
	if len(fields) == 0 {
		return string(body), nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return "", err
	}
	for _, f := range fields {
		if _, ok := m[f]; ok {
			m[f] = json.RawMessage(`""`)
		}
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// idempotencyBodyLimit bounds how much of a body is hashed: the largest
// body any creating POST accepts (a document upload).
func (s *Server) idempotencyBodyLimit() int64 {
	// The multipart envelope adds a little to the file itself.
	if n := s.Onboarding.Limits().MaxDocumentBytes + 1<<20; n > maxJSONBody {
		return n
	}
	return maxJSONBody
}

// validIdempotencyKey accepts 1–255 visible ASCII characters, as a UUID or
// any client-chosen token would be.
func validIdempotencyKey(k string) bool {
	if len(k) > 255 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// now is the service clock.
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// bodyDigest hashes a request body with its multipart boundary left out:
// clients draw a fresh random boundary for every send, so a retried upload
// of the same parts must hash the same.
type bodyDigest struct {
	h    hash.Hash
	pat  []byte // the boundary; nil for non-multipart bodies
	tail []byte // bytes that may be the start of a boundary
}

func newBodyDigest(contentType string) *bodyDigest {
	d := &bodyDigest{h: sha256.New()}
	if mt, params, err := mime.ParseMediaType(contentType); err == nil && strings.HasPrefix(mt, "multipart/") && params["boundary"] != "" {
		d.pat = []byte(params["boundary"])
	}
	return d
}

func (d *bodyDigest) Write(p []byte) (int, error) {
	if d.pat == nil {
		return d.h.Write(p)
	}
	data := append(d.tail, p...)
	for {
		i := bytes.Index(data, d.pat)
		if i < 0 {
			break
		}
		d.h.Write(data[:i])
		data = data[i+len(d.pat):]
	}
	keep := min(len(d.pat)-1, len(data))
	d.h.Write(data[:len(data)-keep])
	d.tail = append([]byte(nil), data[len(data)-keep:]...)
	return len(p), nil
}

func (d *bodyDigest) hex() string {
	d.h.Write(d.tail)
	d.tail = nil
	return hex.EncodeToString(d.h.Sum(nil))
}

// hashingBody feeds every byte the handler reads into h.
type hashingBody struct {
	io.ReadCloser
	h io.Writer
}

func (b hashingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.h.Write(p[:n])
	return n, err
}

// recordingWriter keeps a copy of the answer body for replay.
type recordingWriter struct {
	gin.ResponseWriter
	buf      bytes.Buffer
	overflow bool
}

func (w *recordingWriter) Write(p []byte) (int, error) {
	w.keep(p)
	return w.ResponseWriter.Write(p)
}

func (w *recordingWriter) WriteString(s string) (int, error) {
	w.keep([]byte(s))
	return w.ResponseWriter.WriteString(s)
}

func (w *recordingWriter) keep(p []byte) {
	if w.buf.Len()+len(p) > maxStoredAnswer {
		w.overflow = true
		return
	}
	w.buf.Write(p)
}
