package upload

import (
	"bytes"
	"net/http"
	"strconv"
	"testing"

	"posportal/internal/blob"
	"posportal/internal/blob/blobtest"
)

// Served from the encrypted stores the portal runs on, a document comes
// back as the bytes uploaded, with their length (not the ciphertext's) in
// Content-Length, and the same safe headers.
func TestServeAttachmentFromEncryptedStores(t *testing.T) {
	blobtest.Each(t, func(t *testing.T, store *blob.Sealed) {
		for _, body := range [][]byte{pdfOf(12345), pngOf(200_000), pngOf(64 << 10)} {
			obj, err := store.Put(t.Context(), bytes.NewReader(body), 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			w := serve(t, http.MethodGet, store, obj.Key, obj.ContentType, "scan", true)
			if !bytes.Equal(w.Body.Bytes(), body) {
				t.Errorf("%d bytes: served bytes differ", len(body))
			}
			if got := w.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, want %d", got, len(body))
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" || w.Header().Get("Cache-Control") != "private, no-store" {
				t.Errorf("headers %v", w.Header())
			}
		}
	})
}
