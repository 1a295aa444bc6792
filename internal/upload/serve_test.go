package upload

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/blob"
)

func storeWith(t *testing.T, body []byte) (*blob.Local, blob.Object) {
	t.Helper()
	store, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	obj, err := store.Put(t.Context(), bytes.NewReader(body), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return store, obj
}

func serve(t *testing.T, method string, store blob.Store, key, contentType, filename string, inline bool) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(method, "/documents/1", nil)
	if err := ServeAttachment(w, r, store, key, contentType, filename, inline); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestServeAttachmentHeadersForAChineseFilename(t *testing.T) {
	body := pdfOf(12345)
	store, obj := storeWith(t, body)
	w := serve(t, http.MethodGet, store, obj.Key, obj.ContentType, "营业执照 扫描件.pdf", false)

	want := map[string]string{
		"Content-Type":                 "application/pdf",
		"Content-Length":               "12345",
		"X-Content-Type-Options":       "nosniff",
		"Content-Security-Policy":      "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'",
		"Cache-Control":                "private, no-store",
		"Cross-Origin-Resource-Policy": "same-origin",
		"Content-Disposition": `attachment; filename="document.pdf"; ` +
			`filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%E6%89%AB%E6%8F%8F%E4%BB%B6.pdf`,
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if w.Code != http.StatusOK || !bytes.Equal(w.Body.Bytes(), body) {
		t.Errorf("status %d, %d bytes; want 200 with the stored bytes", w.Code, w.Body.Len())
	}
	// A standard parser recovers the Chinese name from filename*.
	disp, params, err := mime.ParseMediaType(w.Header().Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != "营业执照 扫描件.pdf" {
		t.Errorf("parsed %q %v %v", disp, params, err)
	}
}

func TestServeAttachmentInlineOnlyForImages(t *testing.T) {
	store, png := storeWith(t, pngOf(100))
	if w := serve(t, http.MethodGet, store, png.Key, blob.PNG, "门头照.png", true); !strings.HasPrefix(w.Header().Get("Content-Disposition"), "inline;") {
		t.Errorf("image preview: %q, want inline", w.Header().Get("Content-Disposition"))
	}
	if w := serve(t, http.MethodGet, store, png.Key, blob.PNG, "门头照.png", false); !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment;") {
		t.Errorf("image download: %q, want attachment", w.Header().Get("Content-Disposition"))
	}
	store, pdf := storeWith(t, pdfOf(100))
	if w := serve(t, http.MethodGet, store, pdf.Key, blob.PDF, "a.pdf", true); !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment;") {
		t.Errorf("PDF asked inline: %q, want attachment", w.Header().Get("Content-Disposition"))
	}
}

func TestServeAttachmentNeverTrustsAnUnknownType(t *testing.T) {
	store, obj := storeWith(t, pngOf(100))
	w := serve(t, http.MethodGet, store, obj.Key, "text/html", "x.html", true)
	if got := w.Header().Get("Content-Type"); got != "application/octet-stream" {
		t.Errorf("Content-Type %q", got)
	}
	if got := w.Header().Get("Content-Disposition"); got != `attachment; filename="x.html.bin"; filename*=UTF-8''x.html.bin` {
		t.Errorf("Content-Disposition %q", got)
	}
}

func TestDownloadNameMatchesTheContent(t *testing.T) {
	cases := []struct {
		name, ctype, want string
	}{
		{"scan.exe", blob.PDF, "scan.exe.pdf"},
		{"Scan.PDF", blob.PDF, "Scan.PDF"},
		{"photo.jpeg", blob.JPEG, "photo.jpeg"},
		{"photo.png", blob.JPEG, "photo.png.jpg"},
		{"", blob.PNG, "document.png"},
		{"../../", blob.PDF, "document.pdf"},
		{".pdf", blob.PDF, "pdf.pdf"},
	}
	for _, c := range cases {
		if got := downloadName(c.name, extensions[c.ctype]); got != c.want {
			t.Errorf("downloadName(%q, %s) = %q, want %q", c.name, c.ctype, got, c.want)
		}
	}
}

func TestContentDispositionFallback(t *testing.T) {
	cases := map[string]string{
		"report 2024.pdf": `attachment; filename="report 2024.pdf"; filename*=UTF-8''report%202024.pdf`,
		"合同-v2.pdf":       `attachment; filename="_-v2.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C-v2.pdf`,
		`a"b\c%41.pdf`:    `attachment; filename="a_b_c_41.pdf"; filename*=UTF-8''a%22b%5Cc%2541.pdf`,
		"身份证.jpg":         `attachment; filename="document.jpg"; filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81.jpg`,
		"no-extension-名字": `attachment; filename="no-extension-_"; filename*=UTF-8''no-extension-%E5%90%8D%E5%AD%97`,
	}
	for name, want := range cases {
		got := ContentDisposition("attachment", name)
		if got != want {
			t.Errorf("ContentDisposition(%q)\n got %s\nwant %s", name, got, want)
		}
		if _, params, err := mime.ParseMediaType(got); err != nil || params["filename"] != name {
			t.Errorf("%q does not parse back: %v %v", got, params, err)
		}
	}
}

func TestServeAttachmentHead(t *testing.T) {
	store, obj := storeWith(t, jpegOf(777))
	w := serve(t, http.MethodHead, store, obj.Key, blob.JPEG, "a.jpg", false)
	if w.Body.Len() != 0 || w.Header().Get("Content-Length") != strconv.Itoa(777) {
		t.Errorf("HEAD: %d body bytes, Content-Length %q", w.Body.Len(), w.Header().Get("Content-Length"))
	}
}

func TestServeAttachmentMissingObjectWritesNothing(t *testing.T) {
	store, _ := storeWith(t, jpegOf(10))
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	for _, key := range []string{strings.Repeat("0", 32), "../../etc/passwd"} {
		err := ServeAttachment(w, r, store, key, blob.JPEG, "a.jpg", false)
		if apperr.CodeOf(err) != apperr.NotFound || errors.Is(err, ErrResponseStarted) {
			t.Errorf("key %q: %v, want a 404 error before the response", key, err)
		}
	}
	if len(w.Header()) != 0 || w.Body.Len() != 0 {
		t.Errorf("a failed serve wrote headers %v", w.Header())
	}
}

// brokenStore opens readers that fail after a few bytes, like a disk error
// in the middle of a download.
type brokenStore struct{ blob.Store }

func (b brokenStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	return io.NopCloser(io.MultiReader(strings.NewReader("%PDF-1.7"), errReader{})), nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk error") }

func TestServeAttachmentFailureAfterTheHeaders(t *testing.T) {
	w := httptest.NewRecorder()
	err := ServeAttachment(w, httptest.NewRequest(http.MethodGet, "/", nil), brokenStore{}, "k", blob.PDF, "a.pdf", false)
	if !errors.Is(err, ErrResponseStarted) {
		t.Errorf("got %v, want ErrResponseStarted", err)
	}
}

func jpegOf(n int) []byte { return pad([]byte{0xFF, 0xD8, 0xFF, 0xE0}, n) }
