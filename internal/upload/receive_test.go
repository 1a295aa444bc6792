package upload

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"posportal/internal/apperr"
	"posportal/internal/blob"
	"posportal/internal/i18n"
)

func TestReceiveStoresTheFileAndReadsFields(t *testing.T) {
	p := newPortal(t, Limits{})
	body := pdfOf(300_000)
	for _, chunked := range []bool{false, true} {
		res, text := p.post(t, chunked,
			field("kind", "business_license"),
			file("营业执照 扫描件.pdf", body),
			field("note", "第二页"),
		)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("chunked %v: %d %s", chunked, res.StatusCode, text)
		}
		var got Result
		if err := json.Unmarshal([]byte(text), &got); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if got.Object.SHA256 != hex.EncodeToString(sum[:]) || got.Object.Size != int64(len(body)) || got.Object.ContentType != blob.PDF {
			t.Errorf("object = %+v", got.Object)
		}
		if got.Filename != "营业执照 扫描件.pdf" {
			t.Errorf("filename %q", got.Filename)
		}
		if got.Fields["kind"] != "business_license" || got.Fields["note"] != "第二页" || len(got.Fields) != 2 {
			t.Errorf("fields %v", got.Fields)
		}
		rc, err := p.store.Open(t.Context(), got.Object.Key)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(stored, body) {
			t.Error("stored bytes differ from the uploaded file")
		}
	}
}

func TestFileOfExactlyTheLimitAccepted(t *testing.T) {
	const limit = 256 << 10
	p := newPortal(t, Limits{File: limit})
	for _, chunked := range []bool{false, true} {
		if res, text := p.post(t, chunked, field("kind", "storefront_photo"), file("a.png", pngOf(limit))); res.StatusCode != http.StatusCreated {
			t.Errorf("chunked %v, exactly %d bytes: %d %s", chunked, limit, res.StatusCode, text)
		}
	}
	before := len(p.stored(t))
	for _, chunked := range []bool{false, true} {
		if res, text := p.post(t, chunked, field("kind", "storefront_photo"), file("a.png", pngOf(limit+1))); res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked %v, %d bytes: %d %s", chunked, limit+1, res.StatusCode, text)
		}
	}
	if after := len(p.stored(t)); after != before {
		t.Errorf("refused uploads left %d files", after-before)
	}
}

// The limit must hold before the body is read: a client announcing too
// large a body gets 413 without sending a byte of it.
func TestContentLengthOverLimitRefusedBeforeReading(t *testing.T) {
	lim := Limits{File: 1 << 20}
	p := newPortal(t, lim)
	conn, err := net.Dial("tcp", p.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	// Headers only: the server must answer without waiting for the body.
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: portal\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: %d\r\n\r\n", lim.MaxBody()+1)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", res.StatusCode)
	}
	if n := p.read.Load(); n > 1024 {
		t.Errorf("the server read %d bytes for a request of headers only", n)
	}
}

// sendCounter is a request body of n bytes that counts what the client
// actually took from it.
type sendCounter struct {
	r    io.Reader
	sent atomic.Int64
}

func (s *sendCounter) Read(b []byte) (int, error) {
	n, err := s.r.Read(b)
	s.sent.Add(int64(n))
	return n, err
}

func TestLargeDeclaredBodyIsNotRead(t *testing.T) {
	p := newPortal(t, Limits{})
	const size = 64 << 20
	head, ctype := form(file("big.pdf", pdfOf(1024)))
	h, _ := io.ReadAll(head)
	body := &sendCounter{r: io.MultiReader(bytes.NewReader(h), io.LimitReader(zeros{}, size-int64(len(h))))}
	req, _ := http.NewRequest(http.MethodPost, p.URL, body)
	req.Header.Set("Content-Type", ctype)
	req.ContentLength = size
	res, err := p.Client().Do(req)
	if err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("client got %d, want 413", res.StatusCode)
		}
	}
	if got := p.answered.Load(); got != http.StatusRequestEntityTooLarge {
		t.Errorf("server answered %d, want 413", got)
	}
	// The client may give up writing with an error once the server closes
	// the connection; either way the server read next to nothing of it.
	read, sent := p.read.Load(), body.sent.Load()
	t.Logf("server read %d bytes; client sent %d of %d before the connection closed", read, sent, size)
	if read > 64<<10 {
		t.Errorf("the server read %d bytes of a refused %d-byte request", read, size)
	}
	if sent >= size {
		t.Errorf("the client had to send all %d bytes", sent)
	}
	p.wantNothingStored(t)
}

type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

func TestChunkedBodyOverLimitRefused(t *testing.T) {
	lim := Limits{File: 1 << 20}
	p := newPortal(t, lim)
	huge := io.MultiReader(bytes.NewReader(pngOf(64)), io.LimitReader(zeros{}, 32<<20))
	res, text, err := p.try(t, true, field("kind", "storefront_photo"), part{name: FilePart, filename: "photo.png", isFile: true, body: huge})
	if err == nil && res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("client got %d %s, want 413", res.StatusCode, text)
	}
	if got := p.answered.Load(); got != http.StatusRequestEntityTooLarge {
		t.Errorf("server answered %d, want 413", got)
	}
	// Past the cap, net/http still drains up to 256 KiB of a chunked body
	// when it closes the request (maxPostHandlerReadBytes).
	n := p.read.Load()
	t.Logf("the server read %d bytes of a 32 MiB stream; the cap is %d", n, lim.MaxBody())
	if n > lim.MaxBody()+(256+64)<<10 {
		t.Errorf("the server read %d bytes of a 32 MiB stream; the cap is %d", n, lim.MaxBody())
	}
	p.wantNothingStored(t)
}

func TestRefusedUploads(t *testing.T) {
	elf := pad([]byte("\x7fELF\x02\x01\x01"), 20_000)
	cases := []struct {
		name  string
		parts []part
		want  int
	}{
		{"executable renamed .pdf", []part{field("kind", "business_license"), file("营业执照.pdf", elf)}, 415},
		{"html renamed .png", []part{file("x.png", []byte("<html><script>alert(1)</script>"))}, 415},
		{"empty file", []part{file("empty.pdf", nil)}, 415},
		{"no file part", []part{field("kind", "business_license")}, 400},
		{"file input left empty", []part{field("kind", "business_license"), file("", nil)}, 400},
		{"two files", []part{file("a.pdf", pdfOf(100)), file("b.pdf", pdfOf(100))}, 400},
		{"a file under another name", []part{{name: "other", filename: "a.pdf", isFile: true, body: bytes.NewReader(pdfOf(100))}, file("b.pdf", pdfOf(100))}, 400},
		{"text part named file", []part{field(FilePart, "not a file")}, 400},
		{"field over its cap", []part{file("a.pdf", pdfOf(100)), field("kind", strings.Repeat("x", 2000))}, 413},
		{"too many fields", append([]part{file("a.pdf", pdfOf(100))}, manyFields(DefaultMaxFields+1)...), 400},
		{"field not UTF-8", []part{field("kind", "\xff\xfe"), file("a.pdf", pdfOf(100))}, 400},
	}
	p := newPortal(t, Limits{})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, text := p.post(t, false, c.parts...)
			if res.StatusCode != c.want {
				t.Errorf("status %d %s, want %d", res.StatusCode, text, c.want)
			}
			p.wantNothingStored(t)
		})
	}
}

func manyFields(n int) []part {
	var ps []part
	for i := range n {
		ps = append(ps, field(fmt.Sprintf("f%d", i), "v"))
	}
	return ps
}

func TestMalformedRequests(t *testing.T) {
	p := newPortal(t, Limits{})
	whole, ctype := form(field("kind", "x"), file("a.pdf", pdfOf(50_000)))
	full, _ := io.ReadAll(whole)
	cases := map[string]struct {
		ctype string
		body  []byte
	}{
		"not multipart":               {"application/json", []byte(`{"kind":"x"}`)},
		"no boundary":                 {"multipart/form-data", full},
		"cut off inside the file":     {ctype, full[:len(full)/2]},
		"cut off before the last end": {ctype, full[:len(full)-8]},
		"garbage":                     {ctype, []byte("this is not multipart at all")},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := p.Client().Post(p.URL, c.ctype, bytes.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", res.StatusCode)
			}
			p.wantNothingStored(t)
		})
	}
}

// Errors keep their sentinel identity for callers and their message in
// both languages for users.
func TestErrorsAreTypedAndTranslated(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	r.Header.Set("Content-Type", "text/plain")
	_, err := Receive(httptest.NewRecorder(), r, nil, Limits{})
	if !errors.Is(err, ErrMalformed) || apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("got %v, want ErrMalformed (400)", err)
	}
	for _, e := range []*apperr.Error{ErrMalformed, ErrMissingFile} {
		for _, lang := range i18n.Langs {
			if !i18n.Has(lang, e.Key) {
				t.Errorf("%s has no %s message", e.Key, lang)
			}
		}
	}
}

func TestMaxBody(t *testing.T) {
	if got, want := (Limits{}).MaxBody(), DefaultMaxFileSize+int64(DefaultMaxFields)*DefaultMaxFieldSize+int64(DefaultMaxFields+1)*partOverhead; got != want {
		t.Errorf("MaxBody = %d, want %d", got, want)
	}
	// The framing allowance stays small next to the file it carries.
	if over := (Limits{}).MaxBody() - DefaultMaxFileSize; over > 64<<10 {
		t.Errorf("%d bytes of allowance over the file limit", over)
	}
}

// A failure after the file was stored gives back nothing to misuse: the
// object is gone and the Result is empty.
func TestFailureAfterTheFileReturnsAnEmptyResult(t *testing.T) {
	store, err := blob.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body, ctype := form(file("a.pdf", pdfOf(5000)), field("kind", strings.Repeat("x", 5000)))
	b, _ := io.ReadAll(body)
	r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(b))
	r.Header.Set("Content-Type", ctype)
	w := httptest.NewRecorder()
	res, err := Receive(w, r, store, Limits{})
	if !errors.Is(err, blob.ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
	if res.Object != (blob.Object{}) || res.Fields != nil || res.Filename != "" {
		t.Errorf("result %+v, want empty", res)
	}
	if w.Header().Get("Connection") != "close" {
		t.Error("a refused upload should close the connection instead of reading on")
	}
}

func TestFirstValueOfAFieldWins(t *testing.T) {
	p := newPortal(t, Limits{})
	res, text := p.post(t, false, field("kind", "business_license"), field("kind", "storefront_photo"), file("a.png", pngOf(100)))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("%d %s", res.StatusCode, text)
	}
	var got Result
	json.Unmarshal([]byte(text), &got)
	if got.Fields["kind"] != "business_license" {
		t.Errorf("kind %q, want the first value", got.Fields["kind"])
	}
}
