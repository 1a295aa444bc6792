package blob

import (
	"io"
	"io/fs"
	"path/filepath"
	"testing"
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

func newStore(t testing.TB) *Local {
	t.Helper()
	l, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// files lists every regular file under dir (objects and temp files alike).
func files(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func wantNoFiles(t testing.TB, l *Local) {
	t.Helper()
	if f := files(t, l.dir); len(f) > 0 {
		t.Errorf("files left behind: %v", f)
	}
}

func readAll(t testing.TB, l *Local, key string) []byte {
	t.Helper()
	rc, err := l.Open(t.Context(), key)
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
