package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"posportal/internal/apperr"
	"posportal/internal/i18n"
)

// The contract every Store keeps, run on the local directory and on S3.

func TestPutOpenDeleteRoundTrip(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		body := pdfOf(100_000)
		obj, err := s.Put(t.Context(), bytes.NewReader(body), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if obj.Size != int64(len(body)) || obj.ContentType != PDF || !validKey(obj.Key) {
			t.Errorf("object = %+v", obj)
		}
		if got := readAll(t, s, obj.Key); !bytes.Equal(got, body) {
			t.Error("bytes read back differ from bytes stored")
		}
		if got := s.stored(t); len(got) != 1 {
			t.Errorf("stored %v, want one object", names(got))
		}
		if err := s.Delete(t.Context(), obj.Key); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Open(t.Context(), obj.Key); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("Open after Delete: %v, want not found", err)
		}
		if err := s.Delete(t.Context(), obj.Key); err != nil {
			t.Errorf("second Delete: %v, want nil (idempotent)", err)
		}
		wantNothingStored(t, s)
	})
}

func TestOpenReportsPlaintextSize(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		// Around age's 64 KiB chunks, where the arithmetic could slip.
		for _, n := range []int{3, 4321, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize, 3*chunkSize + 17} {
			obj := put(t, s, pngOf(max(n, len(pngMagic))))
			rc, err := s.Open(t.Context(), obj.Key)
			if err != nil {
				t.Fatal(err)
			}
			sz, ok := rc.(Sized)
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !ok || sz.Size() != obj.Size || int64(len(got)) != obj.Size {
				t.Errorf("%d bytes: Sized %v, size %d, read %d", n, ok, sz.Size(), len(got))
			}
		}
	})
}

func TestSizeLimitBoundary(t *testing.T) {
	const limit = 64 << 10
	eachStore(t, func(t *testing.T, s *testStore) {
		obj, err := s.Put(t.Context(), bytes.NewReader(jpegOf(limit)), limit)
		if err != nil {
			t.Fatalf("exactly limit bytes: %v", err)
		}
		if obj.Size != limit {
			t.Errorf("size %d, want %d", obj.Size, limit)
		}
		if err := s.Delete(t.Context(), obj.Key); err != nil {
			t.Fatal(err)
		}
		_, err = s.Put(t.Context(), bytes.NewReader(jpegOf(limit+1)), limit)
		if !errors.Is(err, ErrTooLarge) || apperr.CodeOf(err) != apperr.TooLarge {
			t.Errorf("limit+1 bytes: %v, want ErrTooLarge (413)", err)
		}
		// Far past the limit, in the middle of the stream.
		_, err = s.Put(t.Context(), newStream(pngMagic, 7<<20), 6<<20)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("7 MiB under a 6 MiB limit: %v, want ErrTooLarge", err)
		}
		wantNothingStored(t, s)
	})
}

func TestTinyLimitSmallerThanSniffWindow(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		if _, err := s.Put(t.Context(), bytes.NewReader(pngOf(100)), 99); !errors.Is(err, ErrTooLarge) {
			t.Errorf("100 bytes under a 99-byte limit: %v, want ErrTooLarge", err)
		}
		if _, err := s.Put(t.Context(), bytes.NewReader(pngOf(99)), 99); err != nil {
			t.Errorf("99 bytes under a 99-byte limit: %v", err)
		}
	})
}

func TestAcceptedTypes(t *testing.T) {
	pdfAfterJunk := append(bytes.Repeat([]byte{0}, 128), pdfOf(2000)...)
	cases := []struct {
		name string
		body []byte
		want string
	}{
		{"jpeg", jpegOf(2000), JPEG},
		{"png", pngOf(2000), PNG},
		{"pdf", pdfOf(2000), PDF},
		{"pdf 2.0", pad([]byte("%PDF-2.0\n"), 2000), PDF},
		{"pdf after whitespace", append([]byte("\r\n\n  "), pdfOf(2000)...), PDF},
		{"pdf after binary junk within 1024 bytes", pdfAfterJunk, PDF},
		{"pdf header ending at byte 1024", append(bytes.Repeat([]byte{' '}, 1016), []byte("%PDF-1.4")...), PDF},
		{"tiny png", append([]byte(nil), pngMagic...), PNG},
		{"tiny jpeg", []byte{0xFF, 0xD8, 0xFF}, JPEG},
	}
	eachStore(t, func(t *testing.T, s *testStore) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				obj, err := s.Put(t.Context(), bytes.NewReader(c.body), 1<<20)
				if err != nil {
					t.Fatal(err)
				}
				if obj.ContentType != c.want {
					t.Errorf("content type %q, want %q", obj.ContentType, c.want)
				}
				if !bytes.Equal(readAll(t, s, obj.Key), c.body) {
					t.Error("bytes differ")
				}
			})
		}
	})
}

func TestRefusedTypes(t *testing.T) {
	elf := pad([]byte("\x7fELF\x02\x01\x01\x00"), 4000)
	cases := map[string][]byte{
		"empty":                   {},
		"elf":                     elf,
		"elf with a pdf header":   append(elf[:64:64], pdfOf(500)...),
		"windows exe":             pad([]byte("MZ\x90\x00\x03\x00"), 4000),
		"exe with a pdf header":   append(pad([]byte("MZ\x90\x00"), 200), pdfOf(500)...),
		"zip":                     pad([]byte("PK\x03\x04\x14\x00"), 4000),
		"zip with a pdf header":   append(pad([]byte("PK\x03\x04"), 300), pdfOf(500)...),
		"shell script":            []byte("#!/bin/sh\n# %PDF-1.4\nrm -rf /\n"),
		"html":                    []byte("<!doctype html><html><script>alert(1)</script></html>"),
		"html with a pdf header":  []byte("<html><!-- %PDF-1.4 --><script>alert(1)</script>"),
		"html after whitespace":   []byte("  \n<html>%PDF-1.4</html>"),
		"svg":                     []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"svg with a pdf header":   []byte(`<?xml version="1.0"?><!-- %PDF-1.7 --><svg xmlns="http://www.w3.org/2000/svg"/>`),
		"pdf header past 1024":    append(bytes.Repeat([]byte{' '}, 1017), []byte("%PDF-1.4\n")...),
		"%PDF without version":    []byte("%PDF-\nnot really"),
		"%PDF without dash":       []byte("%PDF1.4\n"),
		"lowercase pdf":           []byte("%pdf-1.4\n"),
		"jpeg magic cut short":    {0xFF, 0xD8},
		"png magic cut short":     pngMagic[:7],
		"gif":                     []byte("GIF89a\x01\x00\x01\x00"),
		"plain text":              []byte("营业执照扫描件"),
		"gzip with a pdf header":  append([]byte("\x1f\x8b\x08\x00"), pdfOf(100)...),
		"ole doc with pdf header": append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), pdfOf(100)...),
		"our own envelope":        append(append([]byte(nil), magic...), pdfOf(100)...),
	}
	eachStore(t, func(t *testing.T, s *testStore) {
		for name, body := range cases {
			t.Run(name, func(t *testing.T) {
				_, err := s.Put(t.Context(), bytes.NewReader(body), 1<<20)
				if !errors.Is(err, ErrUnsupported) || apperr.CodeOf(err) != apperr.Unsupported {
					t.Errorf("got %v, want ErrUnsupported (415)", err)
				}
			})
		}
		wantNothingStored(t, s)
	})
}

func TestSHA256MatchesCryptoSHA256(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		for _, n := range []int{3, 1023, 1024, 1025, copyBufLen, copyBufLen + 1, 3*copyBufLen + 17} {
			body := jpegOf(n)
			obj := put(t, s, body)
			sum := sha256.Sum256(body)
			if want := hex.EncodeToString(sum[:]); obj.SHA256 != want {
				t.Errorf("%d bytes: sha256 %s, want %s", n, obj.SHA256, want)
			}
		}
	})
}

// oneByteReader returns data a byte at a time, the worst case for the head
// read that sniffs the type.
type oneByteReader struct{ r io.Reader }

func (o oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

func TestSlowReaderStillSniffsAndHashes(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		body := append([]byte("\n\n"), pdfOf(5000)...)
		obj, err := s.Put(t.Context(), oneByteReader{bytes.NewReader(body)}, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if obj.ContentType != PDF || obj.SHA256 != hex.EncodeToString(sum[:]) || obj.Size != int64(len(body)) {
			t.Errorf("object = %+v", obj)
		}
		if !bytes.Equal(readAll(t, s, obj.Key), body) {
			t.Error("bytes differ")
		}
	})
}

func TestInvalidKeysRefused(t *testing.T) {
	valid := strings.Repeat("a", keyLen)
	eachStore(t, func(t *testing.T, s *testStore) {
		for _, key := range []string{
			"", "..", "../secret", "../../../../etc/passwd", "/etc/passwd",
			"aa/../../secret", `..\..\secret`, valid[:keyLen-1], valid + "a",
			strings.ToUpper(valid), "aaaa/aaaaaaaaaaaaaaaaaaaaaaaaaaa", valid[:keyLen-1] + "\x00",
			"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "tmp", "tmp/" + valid,
		} {
			if _, err := s.Open(t.Context(), key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Open(%q) = %v, want ErrInvalidKey", key, err)
			}
			if err := s.Delete(t.Context(), key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete(%q) = %v, want ErrInvalidKey", key, err)
			}
		}
	})
	if apperr.CodeOf(ErrInvalidKey) != apperr.NotFound {
		t.Error("an invalid key should answer 404")
	}
}

func TestOpenMissingKeyIsNotFound(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		_, err := s.Open(t.Context(), strings.Repeat("0", keyLen))
		if !errors.Is(err, apperr.ErrNotFound) || errors.Is(err, ErrInvalidKey) {
			t.Errorf("got %v, want apperr.ErrNotFound", err)
		}
	})
}

func TestConcurrentPuts(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		const n = 16
		var wg sync.WaitGroup
		objs := make([]Object, n)
		errs := make([]error, n)
		bodies := make([][]byte, n)
		for i := range n {
			bodies[i] = pngOf(50_000 + i*997)
			wg.Go(func() {
				objs[i], errs[i] = s.Put(context.Background(), bytes.NewReader(bodies[i]), 1<<20)
			})
		}
		wg.Wait()
		keys := map[string]bool{}
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("put %d: %v", i, errs[i])
			}
			if keys[objs[i].Key] {
				t.Errorf("key %s issued twice", objs[i].Key)
			}
			keys[objs[i].Key] = true
			if !bytes.Equal(readAll(t, s, objs[i].Key), bodies[i]) {
				t.Errorf("object %d: bytes differ", i)
			}
		}
		if got := s.stored(t); len(got) != n {
			t.Errorf("%d stored, want %d (no temp files or uploads left): %v", len(got), n, names(got))
		}
	})
}

type failingReader struct {
	r     io.Reader
	after int
	err   error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, f.err
	}
	if len(p) > f.after {
		p = p[:f.after]
	}
	n, err := f.r.Read(p)
	f.after -= n
	return n, err
}

func TestReadErrorLeavesNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		broken := errors.New("connection reset")
		// The last one fails in the second S3 part.
		for _, after := range []int{0, 10, 5000, 200_000, 6 << 20} {
			r := &failingReader{r: newStream(pngMagic, 8<<20), after: after, err: broken}
			if _, err := s.Put(t.Context(), r, 10<<20); !errors.Is(err, broken) {
				t.Errorf("fail after %d bytes: %v, want the reader's error", after, err)
			}
		}
		wantNothingStored(t, s)
	})
}

// cancelAfter cancels a context once n bytes were read: a client hanging
// up in the middle of an upload.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func TestCancelledContextLeavesNothing(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := s.Put(ctx, bytes.NewReader(pngOf(100_000)), 1<<20); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled before: %v, want context.Canceled", err)
		}
		ctx, cancel = context.WithCancel(t.Context())
		r := &cancelAfter{r: newStream(pngMagic, 8<<20), n: 6 << 20, cancel: cancel}
		if _, err := s.Put(ctx, r, 10<<20); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled midway: %v, want context.Canceled", err)
		}
		wantNothingStored(t, s)
	})
}

func TestNonPositiveLimitRefused(t *testing.T) {
	eachStore(t, func(t *testing.T, s *testStore) {
		if _, err := s.Put(t.Context(), bytes.NewReader(pngOf(10)), 0); err == nil {
			t.Error("limit 0 accepted")
		}
		wantNothingStored(t, s)
	})
}

func TestErrorMessagesTranslated(t *testing.T) {
	for _, e := range []*apperr.Error{ErrTooLarge, ErrUnsupported, ErrInvalidKey} {
		for _, lang := range i18n.Langs {
			if !i18n.Has(lang, e.Key) {
				t.Errorf("%s has no %s message", e.Key, lang)
			}
		}
	}
}
