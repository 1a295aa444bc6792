package blob

import (
	"bytes"
)

// sniffLen is how much of an object's head sniff looks at: the PDF
// specification lets readers find the %PDF- header anywhere in the first
// 1024 bytes.
const sniffLen = 1024

var (
	jpegMagic = []byte{0xFF, 0xD8, 0xFF}
	pngMagic  = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}
	pdfMagic  = []byte("%PDF-")
)

// foreignMagic are signatures of formats that must never pass as a PDF just
// because a %PDF- header follows them: executables, archives and documents
// that other programs would open instead of a PDF reader (polyglots).
var foreignMagic = [][]byte{
	[]byte("\x7fELF"),            // ELF executable
	[]byte("MZ"),                 // Windows PE/DOS executable
	[]byte("PK\x03\x04"),         // ZIP, also docx/xlsx/jar/apk
	[]byte("PK\x05\x06"),         // empty ZIP
	[]byte("PK\x07\x08"),         // spanned ZIP
	[]byte("\xca\xfe\xba\xbe"),   // Java class, Mach-O universal
	[]byte("\xcf\xfa\xed\xfe"),   // Mach-O 64-bit
	[]byte("\xce\xfa\xed\xfe"),   // Mach-O 32-bit
	[]byte("#!"),                 // script
	[]byte("\x1f\x8b"),           // gzip
	[]byte("7z\xbc\xaf\x27\x1c"), // 7-Zip
	[]byte("Rar!"),               // RAR
	[]byte("\xd0\xcf\x11\xe0"),   // OLE: .doc, .xls, .msi
}

// sniff names the content type of an object from its first bytes, or
// reports false for anything but JPEG, PNG and PDF.
func sniff(head []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(head, jpegMagic):
		return JPEG, true
	case bytes.HasPrefix(head, pngMagic):
		return PNG, true
	}
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	i := bytes.Index(head, pdfMagic)
	if i < 0 || !pdfVersion(head[i+len(pdfMagic):]) || !harmlessPrefix(head[:i]) {
		return "", false
	}
	return PDF, true
}

// pdfVersion reports whether b starts with a header version like "1.7" or
// "2.0", so a stray "%PDF-" inside other text does not count.
func pdfVersion(b []byte) bool {
	return len(b) >= 3 && isDigit(b[0]) && b[1] == '.' && isDigit(b[2])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// harmlessPrefix judges the bytes a PDF may carry before its header. The
// specification's allowance exists for transport junk (a MacBinary header,
// stray whitespace from a generator), not for another format: a prefix that
// starts like an executable or archive, or holds markup a browser or viewer
// could interpret (HTML, SVG, XML all need '<'), is refused.
func harmlessPrefix(p []byte) bool {
	if len(p) == 0 {
		return true
	}
	for _, m := range foreignMagic {
		if bytes.HasPrefix(p, m) {
			return false
		}
	}
	return bytes.IndexByte(p, '<') < 0
}
