// Package secret encrypts sensitive fields (resident ID numbers) with
// AES-256-GCM and derives keyed hashes for looking them up without
// decrypting. One configured 32-byte key feeds both, through separate
// HMAC-derived subkeys so the hash never reveals encryption material.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeySize is the length of the configured data key in bytes.
const KeySize = 32

// Box seals and opens field values and computes look-up hashes.
type Box struct {
	aead    cipher.AEAD
	hashKey []byte
}

// NewBox derives the subkeys from key.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("data key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(derive(key, "posportal field encryption v1"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead, hashKey: derive(key, "posportal lookup hash v1")}, nil
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Seal encrypts plaintext; the result is base64 of nonce‖ciphertext.
func (b *Box) Seal(plaintext string) string {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(plaintext), nil))
}

// Open decrypts what Seal produced.
func (b *Box) Open(sealed string) (string, error) {
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("secret: malformed sealed value")
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", errors.New("secret: cannot open sealed value (wrong key or tampered)")
	}
	return string(plain), nil
}

// Hash returns a keyed, deterministic hash of value for equality look-ups.
func (b *Box) Hash(value string) string {
	m := hmac.New(sha256.New, b.hashKey)
	m.Write([]byte(value))
	return hex.EncodeToString(m.Sum(nil))
}

// ParseKey accepts the key as 64 hex characters or standard base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if k, err := hex.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	if k, err := base64.StdEncoding.DecodeString(s); err == nil && len(k) == KeySize {
		return k, nil
	}
	return nil, fmt.Errorf("data key must be %d bytes as hex or base64", KeySize)
}

// LoadOrCreateKeyFile reads the key at path, creating it (0600) when it
// does not exist. created tells the caller to warn: a generated key is for
// development, and losing the file loses every encrypted field.
func LoadOrCreateKeyFile(path string) (key []byte, created bool, err error) {
	if b, err := os.ReadFile(path); err == nil {
		k, err := ParseKey(string(b))
		return k, false, err
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	if _, err := f.WriteString(hex.EncodeToString(k) + "\n"); err != nil {
		return nil, false, err
	}
	return k, true, f.Sync()
}
