package upload

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"posportal/internal/blob"
)

// attachmentCSP forbids everything a stored file might try if a browser
// ever rendered it as a page: no scripts, styles, frames or plugins (the
// sandbox also gives it an opaque origin), only itself as an image.
const attachmentCSP = "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'"

// extensions lists, per stored type, the filename extensions that fit it;
// the first is added to a download name that has none of them.
var extensions = map[string][]string{
	blob.JPEG: {".jpg", ".jpeg", ".jpe", ".jfif"},
	blob.PNG:  {".png"},
	blob.PDF:  {".pdf"},
}

// ErrResponseStarted wraps a failure after ServeAttachment sent the
// headers: the response can no longer become an error page, so the caller
// should only log it.
var ErrResponseStarted = errors.New("upload: response already started")

// ServeAttachment sends the object stored under key as a download named
// after filename. contentType must be the type the store sniffed (kept with
// the object's record), never the type the client declared; an unknown one
// is sent as application/octet-stream. With inline, images are shown in
// the browser (the staff preview); PDFs and anything else are always
// attachments. Every response carries nosniff, a sandboxing CSP and
// "Cache-Control: private, no-store", since documents hold ID photos.
//
// Errors before the response starts (the object is missing: 404) are
// returned as they are for the caller to answer; later ones wrap
// ErrResponseStarted.
func ServeAttachment(w http.ResponseWriter, r *http.Request, store blob.Store, key, contentType, filename string, inline bool) error {
	rc, err := store.Open(r.Context(), key)
	if err != nil {
		return err
	}
	defer rc.Close()
	exts, known := extensions[contentType]
	if !known {
		contentType, exts = "application/octet-stream", []string{".bin"}
	}
	disposition := "attachment"
	if inline && (contentType == blob.JPEG || contentType == blob.PNG) {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", ContentDisposition(disposition, downloadName(filename, exts)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", attachmentCSP)
	h.Set("Cache-Control", "private, no-store")
	// Other sites may not embed a merchant's ID photo even with the
	// reviewer's cookies.
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if s, ok := rc.(blob.Sized); ok {
		h.Set("Content-Length", strconv.FormatInt(s.Size(), 10))
	}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	if _, err := io.Copy(w, rc); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrResponseStarted, key, err)
	}
	return nil
}

// downloadName is the sanitized filename with an extension that matches
// the content, so "scan.exe" holding a PDF is saved as "scan.exe.pdf" and
// opened by a PDF reader.
func downloadName(filename string, exts []string) string {
	name := SanitizeFilename(filename)
	if name == "" {
		name = "document"
	}
	lower := strings.ToLower(name)
	for _, e := range exts {
		if strings.HasSuffix(lower, e) && len(lower) > len(e) {
			return name
		}
	}
	return name + exts[0]
}

// ContentDisposition builds the header for disposition ("attachment" or
// "inline") and a UTF-8 filename per RFC 6266: filename* carries the name
// percent-encoded (RFC 5987) for every current browser, and filename an
// ASCII stand-in for clients that know only that.
func ContentDisposition(disposition, filename string) string {
	return disposition + `; filename="` + asciiFallback(filename) + `"; filename*=UTF-8''` + encodeRFC5987(filename)
}

// asciiFallback keeps filename's printable ASCII, collapsing other runs to
// "_" — also quote and backslash, which would need escaping, and "%",
// which some clients would percent-decode (RFC 6266 appendix D). A name
// left with no letter or digit before its extension becomes "document"
// plus the extension.
func asciiFallback(filename string) string {
	var b strings.Builder
	replaced := false
	for _, r := range filename {
		if r >= 0x20 && r < 0x7f && r != '"' && r != '\\' && r != '%' {
			b.WriteRune(r)
			replaced = false
		} else if !replaced {
			b.WriteByte('_')
			replaced = true
		}
	}
	s := b.String()
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		ext = s[i:]
	}
	if !strings.ContainsFunc(strings.TrimSuffix(s, ext), isASCIIAlnum) {
		return "document" + ext
	}
	return s
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// encodeRFC5987 percent-encodes every byte that is not an RFC 5987
// attr-char.
func encodeRFC5987(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isASCIIAlnum(rune(c)) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
