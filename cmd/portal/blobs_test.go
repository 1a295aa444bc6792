package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"posportal/internal/blob"
	"posportal/internal/blob/blobtest"
	"posportal/internal/config"
)

var secretScan = append([]byte("%PDF-1.4\n"), []byte(strings.Repeat("居民身份证 330106199001011234 ", 400))...)

// The portal as wired stores documents encrypted in its data dir.
func TestPortalStoresDocumentsEncrypted(t *testing.T) {
	env := testEnv(t)
	cfg, err := config.Parse("serve", nil, env, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	a, err := openApp(t.Context(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	obj, err := a.onb.Blobs().Put(t.Context(), bytes.NewReader(secretScan), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(filepath.Join(env("PORTAL_DATA_DIR"), "documents"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte("%PDF")) || bytes.Contains(b, []byte("330106199001011234")) {
				t.Errorf("%s holds plaintext", p)
			}
		}
		return err
	})
	if n != 1 {
		t.Errorf("%d files in the document dir, want 1", n)
	}
	if got := readBlob(t, a.onb.Blobs(), obj.Key); !bytes.Equal(got, secretScan) {
		t.Error("document differs")
	}
}

// The operator's path, on the local store and on S3: documents from before
// encryption are encrypted by `portal blobs encrypt`; a new key is rolled
// out with the old one kept, `portal keys rotate` re-wraps, the old key
// goes, and every document still reads.
func TestBlobCommandsEncryptAndRotate(t *testing.T) {
	stores := map[string]func(testing.TB) string{
		"local": func(testing.TB) string { return "" }, // the default: DATA_DIR/documents
		"s3":    blobtest.S3URL,
	}
	for name, blobURL := range stores {
		t.Run(name, func(t *testing.T) {
			k1, k2 := keyHex(t), keyHex(t)
			base := testEnv(t)
			dataDir := base("PORTAL_DATA_DIR")
			url := blobURL(t)
			envWith := func(kv ...string) func(string) string {
				vars := map[string]string{"PORTAL_DATA_DIR": dataDir, "PORTAL_LOG_LEVEL": "warn", "PORTAL_DATA_KEY": k1, "PORTAL_BLOB_URL": url}
				for i := 0; i+1 < len(kv); i += 2 {
					vars[kv[i]] = kv[i+1]
				}
				return func(k string) string {
					if v, ok := vars[k]; ok {
						return v
					}
					if strings.HasPrefix(k, "AWS_") {
						return os.Getenv(k)
					}
					return ""
				}
			}
			store := func(env func(string) string) *blob.Sealed {
				cfg, err := config.Parse("test", nil, env, io.Discard)
				if err != nil {
					t.Fatal(err)
				}
				s, err := openBlobs(context.Background(), cfg, mustKey(t, k1))
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			// A document written since encryption and, on the local store,
			// one from before.
			first := store(envWith())
			sealed, err := first.Put(t.Context(), bytes.NewReader(secretScan), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			second, err := first.Put(t.Context(), bytes.NewReader(secretScan[:5000]), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string][]byte{sealed.Key: secretScan, second.Key: secretScan[:5000]}
			if name == "local" {
				keys[plantPlaintext(t, filepath.Join(dataDir, "documents"), secretScan)] = secretScan
				out := runOK(t, envWith(), "", "blobs", "encrypt")
				if !strings.Contains(out, "encrypted 1, already current 0, already encrypted 2") {
					t.Errorf("blobs encrypt: %s", out)
				}
			}
			t.Cleanup(func() {
				for k := range keys {
					first.Delete(context.Background(), k)
				}
			})
			out := runOK(t, envWith("PORTAL_BLOB_KEY", k2, "PORTAL_BLOB_OLD_KEYS", k1), "", "keys", "rotate")
			if !strings.Contains(out, "current key "+blob.KeyID(mustKey(t, k2))) || !strings.Contains(out, fmt.Sprintf("re-wrapped %d,", len(keys))) {
				t.Errorf("keys rotate: %s", out)
			}
			newOnly := store(envWith("PORTAL_BLOB_KEY", k2))
			for key, body := range keys {
				if got := readBlob(t, newOnly, key); !bytes.Equal(got, body) {
					t.Errorf("%s unreadable with the new key alone", key)
				}
			}
			if _, err := store(envWith()).Open(t.Context(), sealed.Key); err == nil {
				t.Error("the old key alone still opens a rotated document")
			}
		})
	}
}

func TestKeysNewPrintsAKey(t *testing.T) {
	out := strings.TrimSpace(runOK(t, testEnv(t), "", "keys", "new"))
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(out) || out == strings.TrimSpace(runOK(t, testEnv(t), "", "keys", "new")) {
		t.Errorf("keys new: %q", out)
	}
}

// plantPlaintext stores body the way the portal did before encryption: as
// it is, under a fresh key, in the local document dir. (There is no such
// object on S3, which came with encryption.)
func plantPlaintext(t *testing.T, dir string, body []byte) string {
	t.Helper()
	l, err := blob.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := l.Put(t.Context(), bytes.NewReader(body), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return obj.Key
}

func readBlob(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	rc, err := s.Open(t.Context(), key)
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

func keyHex(t *testing.T) string {
	return strings.TrimSpace(runOK(t, testEnv(t), "", "keys", "new"))
}

func mustKey(t *testing.T, h string) []byte {
	k, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
