package upload

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"path/filepath"
	"sync/atomic"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/blob"
)

var statusOf = map[apperr.Code]int{
	apperr.Invalid:     http.StatusBadRequest,
	apperr.NotFound:    http.StatusNotFound,
	apperr.TooLarge:    http.StatusRequestEntityTooLarge,
	apperr.Unsupported: http.StatusUnsupportedMediaType,
}

func status(err error) int {
	if s, ok := statusOf[apperr.CodeOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// portal is an upload endpoint as the application will have one, plus what
// the tests observe: the bytes the server read off the network and the
// store's directory. Bytes are counted on the connection, not by wrapping
// the request body, because net/http treats a handler-replaced body
// differently when the handler refuses it.
type portal struct {
	*httptest.Server
	dir   string
	store *blob.Local
	read  atomic.Int64
	// answered is the status the handler chose for the last request, which
	// a client still sending may not get to read before the connection
	// closes.
	answered atomic.Int32
}

type countingListener struct {
	net.Listener
	n *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	return countingConn{c, l.n}, err
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func newPortal(t *testing.T, lim Limits) *portal {
	t.Helper()
	p := &portal{dir: t.TempDir()}
	var err error
	if p.store, err = blob.NewLocal(p.dir); err != nil {
		t.Fatal(err)
	}
	p.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := Receive(w, r, p.store, lim)
		if err != nil {
			p.answered.Store(int32(status(err)))
			http.Error(w, err.Error(), status(err))
			return
		}
		p.answered.Store(http.StatusCreated)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(res)
	}))
	p.Listener = countingListener{p.Listener, &p.read}
	p.Start()
	t.Cleanup(p.Close)
	return p
}

// stored lists the objects (and any temp files) in the store's directory.
func (p *portal) stored(t *testing.T) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(p.dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			out = append(out, path)
		}
		return err
	})
	return out
}

func (p *portal) wantNothingStored(t *testing.T) {
	t.Helper()
	if f := p.stored(t); len(f) > 0 {
		t.Errorf("files left in the store: %v", f)
	}
}

// part is one multipart part; a part with a filename is a file.
type part struct {
	name, filename string
	isFile         bool
	body           io.Reader
}

func field(name, value string) part { return part{name: name, body: bytes.NewReader([]byte(value))} }

func file(filename string, body []byte) part {
	return part{name: FilePart, filename: filename, isFile: true, body: bytes.NewReader(body)}
}

// form streams a multipart body through a pipe, so a test can send more
// than it would want to hold in memory. Filenames are written raw, as a
// browser or an attacker would.
func form(parts ...part) (io.Reader, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		for _, p := range parts {
			h := textproto.MIMEHeader{}
			cd := fmt.Sprintf(`form-data; name="%s"`, p.name)
			if p.isFile {
				cd += fmt.Sprintf(`; filename="%s"`, p.filename)
				h.Set("Content-Type", "application/pdf") // what a client claims, ignored
			}
			h.Set("Content-Disposition", cd)
			w, err := mw.CreatePart(h)
			if err == nil {
				_, err = io.Copy(w, p.body)
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	return pr, mw.FormDataContentType()
}

// post sends parts with a known Content-Length (buffered) or, with
// chunked, as a stream of unknown length.
func (p *portal) post(t *testing.T, chunked bool, parts ...part) (*http.Response, string) {
	t.Helper()
	res, body, err := p.try(t, chunked, parts...)
	if err != nil {
		t.Fatal(err)
	}
	return res, body
}

// try is post for a request the server may refuse while the client is
// still sending: the client may then see a broken connection instead of
// the response.
func (p *portal) try(t *testing.T, chunked bool, parts ...part) (*http.Response, string, error) {
	t.Helper()
	body, ctype := form(parts...)
	if !chunked {
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(http.MethodPost, p.URL, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if chunked {
		req.ContentLength = -1
	}
	res, err := p.Client().Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b), nil
}

// Bodies of each type, padded to n bytes.
func pdfOf(n int) []byte { return pad([]byte("%PDF-1.7\n"), n) }
func pngOf(n int) []byte { return pad([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, n) }

func pad(head []byte, n int) []byte {
	b := make([]byte, n)
	copy(b, head)
	for i := len(head); i < n; i++ {
		b[i] = byte(i * 13)
	}
	return b
}
