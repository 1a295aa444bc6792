package blob

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
)

// KeySize is the length of a data key in bytes.
const KeySize = 32

// KeyRing holds the data keys that wrap per-object keys. New objects are
// wrapped by the current key; objects wrapped by any key in the ring stay
// readable, so a new current key can be rolled out before `portal keys
// rotate` re-wraps the old objects, and the old key removed after.
type KeyRing struct {
	current string
	aeads   map[string]cipher.AEAD
}

// NewKeyRing makes current the key new objects are wrapped with and keeps
// old for reading objects wrapped before a rotation. A key's id is derived
// from the key itself, so nobody has to configure or keep ids in step.
func NewKeyRing(current []byte, old ...[]byte) (*KeyRing, error) {
	r := &KeyRing{aeads: map[string]cipher.AEAD{}}
	for i, k := range append([][]byte{current}, old...) {
		if len(k) != KeySize {
			return nil, fmt.Errorf("blob: data key %d must be %d bytes, got %d", i, KeySize, len(k))
		}
		block, err := aes.NewCipher(derive(k, "posportal blob key wrap v1"))
		if err != nil {
			return nil, err
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, err
		}
		id := KeyID(k)
		if i == 0 {
			r.current = id
		}
		r.aeads[id] = aead
	}
	return r, nil
}

// KeyID names key in object headers and reports: the first 64 bits of a
// keyed hash, which identify the key without revealing anything about it.
func KeyID(key []byte) string {
	return "dk-" + hex.EncodeToString(derive(key, "posportal key id v1")[:8])
}

// CurrentID is the id of the key that wraps new objects.
func (r *KeyRing) CurrentID() string { return r.current }

// IDs lists every key id in the ring, sorted.
func (r *KeyRing) IDs() []string {
	ids := make([]string, 0, len(r.aeads))
	for id := range r.aeads {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func derive(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}
