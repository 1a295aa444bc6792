package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The headers every delivery carries (§14).
const (
	HeaderEventID   = "Portal-Event-Id"
	HeaderEventType = "Portal-Event-Type"
	HeaderSignature = "Portal-Signature"
)

// Sign returns the Portal-Signature value for body sent at t: the unix
// time and the hex HMAC-SHA256, keyed with the endpoint's secret, of
// "<t>." followed by the raw body. The time is signed too, so a receiver
// can refuse an old request replayed by someone who captured it.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + mac(secret, ts, body)
}

func mac(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// ErrBadSignature is what Verify answers for any signature that does not
// prove the portal sent this body recently.
var ErrBadSignature = errors.New("webhooks: signature does not verify")

// Verify checks a Portal-Signature header against body as a receiver
// would: a v1 value must match and t must lie within tolerance of now.
// Several v1 values are accepted (one may be made with a new secret).
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs []string
	for _, part := range strings.Split(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrBadSignature
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}
