package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// NewToken returns a bearer secret of 256 random bits (sessions, service
// and check-in tokens, calendar feeds), prefix first so a leaked one is
// recognisable in logs and by secret scanners, and the hash to store.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand panics rather than return short
	token = prefix + hex.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is what is stored for a token. With 256 random bits there is
// nothing to brute-force, unlike a password, so a plain SHA-256 suffices:
// a leaked table yields no usable token and a look-up is one equality.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
