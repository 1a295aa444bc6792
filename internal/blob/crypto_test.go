package blob

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// secretText is what a scan of an ID card might contain; it must not show
// up in the store in any form.
var secretText = []byte("居民身份证 330106199001011234 张喆 MERCHANT-SECRET")

func documentOf(head []byte, n int) []byte {
	b := pad(head, n)
	for i := len(head) + 100; i+len(secretText) < n; i += 5000 {
		copy(b[i:], secretText)
	}
	return b
}

func TestStoreHoldsCiphertextOnly(t *testing.T) {
	bodies := [][]byte{
		documentOf([]byte("%PDF-1.7\n"), 200_000),
		documentOf([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 90_000),
		documentOf(pngMagic, 150_000),
	}
	eachStore(t, func(t *testing.T, s *testStore) {
		for _, b := range bodies {
			put(t, s, b)
		}
		stored := s.stored(t)
		if len(stored) != len(bodies) {
			t.Fatalf("stored %v", names(stored))
		}
		for name, raw := range stored {
			for _, plain := range [][]byte{[]byte("%PDF"), {0xFF, 0xD8, 0xFF}, pngMagic[1:4], secretText, secretText[:12]} {
				if bytes.Contains(raw, plain) {
					t.Errorf("%s holds plaintext %q", name, plain)
				}
			}
			// No run of any document survives either.
			for _, b := range bodies {
				for i := 0; i+32 < len(b); i += 4099 {
					if bytes.Contains(raw, b[i:i+32]) {
						t.Fatalf("%s holds 32 plaintext bytes from offset %d", name, i)
					}
				}
			}
			if !bytes.HasPrefix(raw, magic) {
				t.Errorf("%s does not start with the envelope", name)
			}
		}
	})
}

// Rotation: a new current key is rolled out with the old one kept for
// reading, Rotate re-wraps every object without touching its ciphertext,
// and after that the old key can go.
func TestRotateRewrapsWithoutReencrypting(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		oldKey, newKey := randomKey(t), randomKey(t)
		oldRing, _ := NewKeyRing(oldKey)
		before := s.reopen(t, oldRing)
		bodies := map[string][]byte{}
		for _, b := range [][]byte{pdfOf(300_000), jpegOf(5), pngOf(chunkSize * 2)} {
			bodies[put(t, before, b).Key] = b
		}
		payloads := map[string][]byte{}
		for k := range bodies {
			payloads[k] = payload(t, s, k)
		}

		// Roll-out: new key current, old key still accepted.
		both, _ := NewKeyRing(newKey, oldKey)
		during := s.reopen(t, both)
		fresh := pngOf(4000)
		bodies[put(t, during, fresh).Key] = fresh
		for k, b := range bodies {
			if !bytes.Equal(readAll(t, during, k), b) {
				t.Errorf("%s unreadable during the roll-out", k)
			}
		}
		rep, err := during.Rotate(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if rep != (Report{Rewrapped: 3, Current: 1}) {
			t.Errorf("report %+v, want 3 re-wrapped and 1 current", rep)
		}
		for k, p := range payloads {
			if !bytes.Equal(payload(t, s, k), p) {
				t.Errorf("%s: ciphertext changed; rotation must only re-wrap the key", k)
			}
			if id := envelopeOf(t, s, k).keyID; id != KeyID(newKey) {
				t.Errorf("%s wrapped by %s after rotation, want %s", k, id, KeyID(newKey))
			}
		}
		if got := s.stored(t); len(got) != len(bodies) {
			t.Errorf("stored after rotation: %v (staging or temp left?)", names(got))
		}

		// The old key removed: everything still reads.
		newOnly, _ := NewKeyRing(newKey)
		after := s.reopen(t, newOnly)
		for k, b := range bodies {
			if !bytes.Equal(readAll(t, after, k), b) {
				t.Errorf("%s unreadable after the old key was removed", k)
			}
		}
		if rep, err := after.Rotate(t.Context()); err != nil || rep != (Report{Current: 4}) {
			t.Errorf("second rotation: %+v, %v; want all current", rep, err)
		}
		// And the old key alone no longer opens anything.
		for k := range bodies {
			if _, err := s.reopen(t, oldRing).Open(t.Context(), k); !errors.Is(err, ErrUnknownKey) {
				t.Errorf("old key alone: %v, want ErrUnknownKey", err)
			}
		}
	})
}

// Objects stored before encryption existed stay readable and are
// encrypted in place by EncryptPlaintext (`portal blobs encrypt`).
func TestPlaintextObjectsReadThenEncrypted(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		legacy := map[string][]byte{}
		for _, b := range [][]byte{documentOf([]byte("%PDF-1.4\n"), 120_000), documentOf(pngMagic, 10), jpegOf(3)} {
			key, _ := newKey()
			if err := s.b.create(t.Context(), key, bytes.NewReader(b)); err != nil {
				t.Fatal(err)
			}
			legacy[key] = b
		}
		sealed := pdfOf(2000)
		sealedKey := put(t, s, sealed).Key

		for k, b := range legacy {
			rc, err := s.Open(t.Context(), k)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			if !bytes.Equal(got, b) || rc.(Sized).Size() != int64(len(b)) {
				t.Errorf("plaintext object %s: read %d bytes, size %d", k, len(got), rc.(Sized).Size())
			}
			rc.Close()
		}
		if rep, err := s.Rotate(t.Context()); err != nil || rep != (Report{Current: 1, Plaintext: 3}) {
			t.Errorf("rotate before migration: %+v, %v", rep, err)
		}
		rep, err := s.EncryptPlaintext(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if rep != (Report{Encrypted: 3, Sealed: 1}) {
			t.Errorf("report %+v, want 3 encrypted, 1 already sealed", rep)
		}
		for name, raw := range s.stored(t) {
			if !bytes.HasPrefix(raw, magic) || bytes.Contains(raw, secretText) || bytes.Contains(raw, []byte("%PDF")) {
				t.Errorf("%s still holds plaintext", name)
			}
		}
		legacy[sealedKey] = sealed
		for k, b := range legacy {
			if !bytes.Equal(readAll(t, s, k), b) {
				t.Errorf("%s differs after migration", k)
			}
		}
		if rep, _ := s.EncryptPlaintext(t.Context()); rep != (Report{Sealed: 4}) {
			t.Errorf("second run: %+v, want nothing to do", rep)
		}
	})
}

func TestTamperedObjectsDoNotRead(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		body := pdfOf(200_000)
		a, b := put(t, s, body), put(t, s, pngOf(1000))
		rawA := rawOf(t, s, a.Key)

		flipped := bytes.Clone(rawA)
		flipped[len(flipped)-70_000] ^= 1
		truncated := rawA[:len(rawA)-chunkSize-tagSize]
		cases := map[string][]byte{
			"a flipped bit":          flipped,
			"a chunk cut off":        truncated,
			"another object's bytes": rawOf(t, s, b.Key),
			"all but the magic gone": rawA[:7],
			"another key id":         bytes.Replace(rawA, []byte(envelopeOf(t, s, a.Key).keyID), []byte("dk-0000000000000000"), 1),
		}
		for name, raw := range cases {
			t.Run(name, func(t *testing.T) {
				if err := s.b.replace(t.Context(), a.Key, bytes.NewReader(raw), int64(len(raw))); err != nil {
					t.Fatal(err)
				}
				rc, err := s.Open(t.Context(), a.Key)
				if err == nil {
					_, err = io.ReadAll(rc)
					rc.Close()
				}
				if err == nil {
					t.Errorf("tampered object read without error")
				}
			})
		}
	})
}

func TestKeyRing(t *testing.T) {
	k1, k2 := randomKey(t), randomKey(t)
	if KeyID(k1) == KeyID(k2) || KeyID(k1) != KeyID(bytes.Clone(k1)) {
		t.Error("key ids must be stable per key and differ between keys")
	}
	r, err := NewKeyRing(k1, k2)
	if err != nil {
		t.Fatal(err)
	}
	if r.CurrentID() != KeyID(k1) || len(r.IDs()) != 2 {
		t.Errorf("ring %v current %s", r.IDs(), r.CurrentID())
	}
	if _, err := NewKeyRing(k1[:16]); err == nil {
		t.Error("a 16-byte key accepted")
	}
	if _, err := NewKeyRing(k1, []byte("short")); err == nil {
		t.Error("a short old key accepted")
	}
}

func rawOf(t testing.TB, s *testStore, key string) []byte {
	t.Helper()
	rc, _, err := s.b.read(t.Context(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func envelopeOf(t testing.TB, s *testStore, key string) envelope {
	t.Helper()
	raw := rawOf(t, s, key)
	env, _, err := readEnvelope(bytes.NewReader(raw[len(magic):]))
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// payload is the stored age file after the envelope.
func payload(t testing.TB, s *testStore, key string) []byte {
	t.Helper()
	raw := rawOf(t, s, key)
	_, n, err := readEnvelope(bytes.NewReader(raw[len(magic):]))
	if err != nil {
		t.Fatal(err)
	}
	return raw[n:]
}
