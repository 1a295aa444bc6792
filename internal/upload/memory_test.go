package upload

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"posportal/internal/blob"
	"posportal/internal/blob/blobtest"
)

const tenMiB = 10 << 20

// uploadRequest is a multipart request carrying a kind field and a PNG of
// n bytes, generated as it is read.
func uploadRequest(n int64) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", "storefront_photo")
	mw.CreateFormFile(FilePart, "门头照.png")
	head := bytes.Clone(buf.Bytes())
	buf.Reset()
	mw.Close()
	tail := buf.Bytes()
	body := io.MultiReader(bytes.NewReader(head), &pngStream{n: n}, bytes.NewReader(tail))
	r := httptest.NewRequest(http.MethodPost, "/applications/1/documents", body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.ContentLength = int64(len(head)) + n + int64(len(tail))
	return r
}

// pngStream yields a PNG signature and filler up to n bytes.
type pngStream struct{ n, i int64 }

// filler repeats through generated bodies; it holds no CR or '-', so it
// can never look like a multipart boundary.
var filler = func() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = 'A' + byte(i%26)
	}
	return b
}()

func (s *pngStream) Read(p []byte) (int, error) {
	if s.i >= s.n {
		return 0, io.EOF
	}
	if rem := s.n - s.i; int64(len(p)) > rem {
		p = p[:rem]
	}
	n := 0
	for n < len(p) {
		n += copy(p[n:], filler[(s.i+int64(n))%int64(len(filler)):])
	}
	if s.i == 0 {
		copy(p, pngOf(8))
	}
	s.i += int64(n)
	return n, nil
}

// TestReceiveStreamsWithoutBuffering: a 10 MiB upload through the whole
// HTTP side (multipart parsing, limits, sniffing, hashing, encryption, the
// file) must not cost 10 MiB of heap. TotalAlloc counts every byte
// allocated during the call, so no GC timing can hide a buffered body.
// (The S3 store's bound, one 5 MiB part, is tested in package blob.)
func TestReceiveStreamsWithoutBuffering(t *testing.T) {
	store := blobtest.Local(t)
	r := uploadRequest(tenMiB)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := Receive(httptest.NewRecorder(), r, store, Limits{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if res.Object.Size != tenMiB || res.Fields["kind"] != "storefront_photo" {
		t.Fatalf("result %+v", res)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a 10 MiB upload allocated %d bytes (%.1f KiB)", allocated, float64(allocated)/1024)
	if allocated >= 1<<20 {
		t.Errorf("a 10 MiB upload allocated %d bytes; want < 1 MiB (streamed, not buffered)", allocated)
	}
}

// BenchmarkReceive10MiB measures one 10 MiB document upload through
// Receive into each encrypted store (fsync included on local): the ratio
// of the two is what S3 costs over a local disk.
// Run: go test -run '^$' -bench Receive10MiB -benchmem ./internal/upload/
func BenchmarkReceive10MiB(b *testing.B) {
	for name, open := range map[string]func(testing.TB) *blob.Sealed{"local": blobtest.Local, "s3": blobtest.S3} {
		b.Run(name, func(b *testing.B) {
			store := open(b)
			b.SetBytes(tenMiB)
			b.ReportAllocs()
			for b.Loop() {
				res, err := Receive(httptest.NewRecorder(), uploadRequest(tenMiB), store, Limits{})
				if err != nil {
					b.Fatal(err)
				}
				if err := store.Delete(b.Context(), res.Object.Key); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
