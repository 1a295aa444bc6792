package secret

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSealOpenRoundTripAndTamper(t *testing.T) {
	b, err := NewBox([]byte(strings.Repeat("k", KeySize)))
	if err != nil {
		t.Fatal(err)
	}
	id := "11010519491231002X"
	s1, s2 := b.Seal(id), b.Seal(id)
	if s1 == s2 {
		t.Error("two seals of one value are equal: nonce reused")
	}
	if strings.Contains(s1, "1949") {
		t.Error("sealed value leaks plaintext")
	}
	if got, err := b.Open(s1); err != nil || got != id {
		t.Fatalf("open = %q, %v", got, err)
	}
	raw := []byte(s1)
	raw[len(raw)-3] ^= 1
	if _, err := b.Open(string(raw)); err == nil {
		t.Error("tampered value opened")
	}
	other, _ := NewBox([]byte(strings.Repeat("x", KeySize)))
	if _, err := other.Open(s1); err == nil {
		t.Error("opened with the wrong key")
	}
	if b.Hash(id) != b.Hash(id) || b.Hash(id) == other.Hash(id) {
		t.Error("hash must be deterministic and keyed")
	}
}

func TestKeyFileCreatedOnceThenReused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sub", "data.key")
	k1, created, err := LoadOrCreateKeyFile(p)
	if err != nil || !created || len(k1) != KeySize {
		t.Fatalf("first load: %v %v %d", err, created, len(k1))
	}
	k2, created, err := LoadOrCreateKeyFile(p)
	if err != nil || created || string(k1) != string(k2) {
		t.Fatalf("second load: %v %v", err, created)
	}
	if _, err := ParseKey("tooshort"); err == nil {
		t.Error("short key accepted")
	}
}
