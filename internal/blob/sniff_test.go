package blob

import (
	"bytes"
	"testing"
)

// FuzzSniff checks sniff's promises on arbitrary heads: it never panics and
// accepts a PDF only with a versioned header in the first 1024 bytes and no
// markup or foreign signature before it.
func FuzzSniff(f *testing.F) {
	for _, s := range [][]byte{jpegOf(10), pngOf(10), pdfOf(10), []byte("<p>%PDF-1.4"), []byte("MZ%PDF-1.4"), {}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, head []byte) {
		ct, ok := sniff(head)
		if !ok {
			return
		}
		switch ct {
		case JPEG:
			if !bytes.HasPrefix(head, jpegMagic) {
				t.Fatalf("JPEG without its magic: %q", head)
			}
		case PNG:
			if !bytes.HasPrefix(head, pngMagic) {
				t.Fatalf("PNG without its magic: %q", head)
			}
		case PDF:
			i := bytes.Index(head, pdfMagic)
			if i < 0 || i+len(pdfMagic)+3 > sniffLen || bytes.IndexByte(head[:i], '<') >= 0 {
				t.Fatalf("PDF accepted from %q", head)
			}
		default:
			t.Fatalf("unknown type %q", ct)
		}
	})
}
