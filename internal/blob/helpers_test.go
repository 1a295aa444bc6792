package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
)

// Minimal bodies of each accepted type, padded to n bytes.
func jpegOf(n int) []byte { return pad([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, n) }
func pngOf(n int) []byte  { return pad(append([]byte(nil), pngMagic...), n) }
func pdfOf(n int) []byte  { return pad([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), n) }

func pad(head []byte, n int) []byte {
	b := make([]byte, n)
	copy(b, head)
	for i := len(head); i < n; i++ {
		b[i] = byte(i * 7)
	}
	return b
}

// testStore is a Sealed store under test with a view of what its backend
// holds, raw, so tests can check what sits on disk or in the bucket.
type testStore struct {
	*Sealed
	url string
	// stored returns every stored file or object by name — temp files,
	// staging objects and unfinished uploads included — with its raw bytes.
	stored func(t testing.TB) map[string][]byte
}

// reopen opens the same directory or bucket prefix with another key ring,
// as a restarted portal would.
func (s *testStore) reopen(t testing.TB, keys *KeyRing) *Sealed {
	t.Helper()
	st, err := Open(t.Context(), s.url, keys, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// eachStore runs fn on the local store and on the S3 store at
// PORTAL_TEST_BLOB_URL (a prefix of its own per test), like dbtest.Each:
// without the URL the S3 run is skipped, unless CI is set.
func eachStore(t *testing.T, fn func(t *testing.T, s *testStore)) {
	t.Helper()
	t.Run("local", func(t *testing.T) { fn(t, newLocalTestStore(t, testKeys(t))) })
	t.Run("s3", func(t *testing.T) { fn(t, newS3TestStore(t, testKeys(t))) })
}

func testKeys(t testing.TB) *KeyRing {
	t.Helper()
	r, err := NewKeyRing(randomKey(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func randomKey(t testing.TB) []byte {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func newLocalTestStore(t testing.TB, keys *KeyRing) *testStore {
	t.Helper()
	dir := t.TempDir()
	s := &testStore{url: "file://" + dir}
	s.Sealed = s.reopen(t, keys)
	s.stored = func(t testing.TB) map[string][]byte {
		t.Helper()
		out := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				b, err := os.ReadFile(p)
				out[p] = b
				return err
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return s
}

// s3TestURL is PORTAL_TEST_BLOB_URL with a fresh prefix, so tests and
// parallel runs never see each other's objects. (blobtest.S3URL is the same
// for other packages; this package's tests cannot import it.)
func s3TestURL(t testing.TB) (string, string) {
	t.Helper()
	base := os.Getenv("PORTAL_TEST_BLOB_URL")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("PORTAL_TEST_BLOB_URL is not set; CI requires the S3 store tests (.ci/run starts versitygw)")
		}
		t.Skip("PORTAL_TEST_BLOB_URL not set")
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme != "s3" {
		t.Fatalf("PORTAL_TEST_BLOB_URL %q is not an s3:// URL", base)
	}
	b := make([]byte, 6)
	rand.Read(b)
	prefix := strings.Trim(u.Path, "/")
	if prefix != "" {
		prefix += "/"
	}
	prefix += "t-" + hex.EncodeToString(b) + "/"
	u.Path = "/" + prefix
	return u.String(), prefix
}

func newS3TestStore(t testing.TB, keys *KeyRing) *testStore {
	t.Helper()
	rawURL, prefix := s3TestURL(t)
	s := &testStore{url: rawURL}
	s.Sealed = s.reopen(t, keys)
	b := s.Sealed.b.(*S3)
	s.stored = func(t testing.TB) map[string][]byte {
		t.Helper()
		return s3Contents(t, b, prefix)
	}
	t.Cleanup(func() { s3Empty(b, prefix) })
	return s
}

// s3Contents lists every object and unfinished upload under prefix.
func s3Contents(t testing.TB, b *S3, prefix string) map[string][]byte {
	ctx := context.Background()
	out := map[string][]byte{}
	for o := range b.client.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		obj, err := b.client.GetObject(ctx, b.bucket, o.Key, minio.GetObjectOptions{})
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(obj)
		obj.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[o.Key] = body
	}
	for u := range b.client.ListIncompleteUploads(ctx, b.bucket, prefix, true) {
		if u.Err != nil {
			t.Fatal(u.Err)
		}
		out["upload:"+u.Key+":"+u.UploadID] = nil
	}
	return out
}

func s3Empty(b *S3, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	core := minio.Core{Client: b.client}
	for u := range b.client.ListIncompleteUploads(ctx, b.bucket, prefix, true) {
		core.AbortMultipartUpload(ctx, b.bucket, u.Key, u.UploadID)
	}
	for o := range b.client.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: prefix, Recursive: true}) {
		b.client.RemoveObject(ctx, b.bucket, o.Key, minio.RemoveObjectOptions{})
	}
}

func wantNothingStored(t testing.TB, s *testStore) {
	t.Helper()
	if got := s.stored(t); len(got) > 0 {
		t.Errorf("left behind: %v", names(got))
	}
}

func names(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func readAll(t testing.TB, s Store, key string) []byte {
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

func put(t testing.TB, s Store, body []byte) Object {
	t.Helper()
	obj, err := s.Put(t.Context(), bytes.NewReader(body), 1<<24)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

// stream yields a fixed head followed by filler up to n bytes without ever
// holding the body in memory, like a client uploading a large file.
type stream struct {
	head []byte
	n, i int64
}

func newStream(head []byte, n int64) *stream { return &stream{head: head, n: n} }

func (s *stream) Read(p []byte) (int, error) {
	if s.i >= s.n {
		return 0, io.EOF
	}
	if rem := s.n - s.i; int64(len(p)) > rem {
		p = p[:rem]
	}
	n := 0
	if s.i < int64(len(s.head)) {
		n = copy(p, s.head[s.i:])
	}
	for n < len(p) {
		n += copy(p[n:], filler[(s.i+int64(n))%int64(len(filler)):])
	}
	s.i += int64(n)
	return n, nil
}

// filler is the body of generated streams: not all zeros, so nothing along
// the way could shortcut it.
var filler = pad(nil, 4096)
