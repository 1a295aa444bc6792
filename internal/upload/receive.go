package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"unicode/utf8"

	"posportal/internal/apperr"
	"posportal/internal/blob"
)

// FilePart is the name of the form field carrying the file.
const FilePart = "file"

// DefaultMaxFileSize is SPEC §2.2's limit on one document.
const DefaultMaxFileSize int64 = 10 << 20

// Defaults for the text fields that travel with the file (such as kind).
const (
	DefaultMaxFieldSize int64 = 1 << 10
	DefaultMaxFields          = 8
)

// partOverhead allows for one part's boundary line and headers, including
// a long Chinese filename, in the cap on the whole body.
const partOverhead = 4 << 10

// Limits bounds one upload request; a zero field takes its default.
type Limits struct {
	File   int64 // bytes of the file; DefaultMaxFileSize
	Field  int64 // bytes of each text field; DefaultMaxFieldSize
	Fields int   // number of text fields; DefaultMaxFields
}

func (l Limits) withDefaults() Limits {
	if l.File <= 0 {
		l.File = DefaultMaxFileSize
	}
	if l.Field <= 0 {
		l.Field = DefaultMaxFieldSize
	}
	if l.Fields <= 0 {
		l.Fields = DefaultMaxFields
	}
	return l
}

// MaxBody is the largest request body Limits allow: the file, the text
// fields and every part's multipart framing.
func (l Limits) MaxBody() int64 {
	l = l.withDefaults()
	return l.File + int64(l.Fields)*l.Field + int64(l.Fields+1)*partOverhead
}

// Result is a received upload. Object is already stored: the caller records
// it in its transaction and calls Object.Discard if that fails.
type Result struct {
	Fields   map[string]string // text fields, first value of each name
	Object   blob.Object
	Filename string // the client's filename, sanitized; may be ""
}

// Errors for malformed uploads; both answer 400. Oversized requests get
// blob.ErrTooLarge (413) and content other than JPEG, PNG or PDF
// blob.ErrUnsupported (415), whichever layer notices.
var (
	ErrMalformed   = apperr.New(apperr.Invalid, "upload.malformed")
	ErrMissingFile = apperr.New(apperr.Invalid, "upload.missing_file")
)

// Receive reads a multipart/form-data request whose part FilePart is the
// file and whose other parts are short text fields, storing the file in
// store as it arrives. A Content-Length over lim.MaxBody is refused before
// a byte is read; a body without one is cut off at that size. On error
// nothing stays stored, the Result is empty, and the response is marked
// "Connection: close" so the server does not read on through a refused
// body.
func Receive(w http.ResponseWriter, r *http.Request, store blob.Store, lim Limits) (res Result, err error) {
	defer func() {
		if err == nil {
			return
		}
		if res.Object.Key != "" {
			if derr := res.Object.Discard(r.Context(), store); derr != nil {
				err = errors.Join(err, derr)
			}
		}
		res = Result{}
		// The rest of a refused body is not worth reading: without this,
		// net/http would read up to 256 KiB of it before answering,
		// hoping to keep the connection.
		w.Header().Set("Connection", "close")
	}()
	lim = lim.withDefaults()
	max := lim.MaxBody()
	if r.ContentLength > max {
		return Result{}, blob.ErrTooLarge
	}
	// MaxBytesReader also tells the server to close the connection rather
	// than drain an oversized body after the handler gave up on it.
	r.Body = http.MaxBytesReader(w, r.Body, max)
	mr, err := r.MultipartReader()
	if err != nil {
		return Result{}, fmt.Errorf("%w (%w)", ErrMalformed, err)
	}
	ctx := r.Context()
	res.Fields = map[string]string{}
	for parts := 0; ; parts++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return res, requestError(err)
		}
		if parts > lim.Fields {
			return res, fmt.Errorf("%w (more than %d parts)", ErrMalformed, lim.Fields+1)
		}
		_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil {
			return res, fmt.Errorf("%w (%w)", ErrMalformed, err)
		}
		filename, isFile := params["filename"]
		switch name := params["name"]; {
		case name == FilePart && isFile && filename == "":
			// A file input left empty: browsers send an empty part.
		case name == FilePart && isFile && res.Object.Key == "":
			obj, err := put(ctx, store, p, lim.File)
			if err != nil {
				return res, err
			}
			res.Object, res.Filename = obj, SanitizeFilename(filename)
		case isFile || name == FilePart || name == "":
			return res, fmt.Errorf("%w (unexpected part %q)", ErrMalformed, name)
		default:
			v, err := readField(p, lim.Field)
			if err != nil {
				return res, err
			}
			if _, seen := res.Fields[name]; !seen {
				res.Fields[name] = v
			}
		}
	}
	if res.Object.Key == "" {
		return res, ErrMissingFile
	}
	return res, nil
}

// put stores the file part, telling a failure of the client's stream
// (cut off, malformed, over the body cap) from the store's own verdict.
func put(ctx context.Context, store blob.Store, p *multipart.Part, limit int64) (blob.Object, error) {
	src := &recordingReader{r: p}
	obj, err := store.Put(ctx, src, limit)
	if err != nil && src.err != nil {
		return obj, requestError(src.err)
	}
	return obj, err
}

func readField(p *multipart.Part, limit int64) (string, error) {
	b, err := io.ReadAll(io.LimitReader(p, limit+1))
	if err != nil {
		return "", requestError(err)
	}
	if int64(len(b)) > limit {
		return "", blob.ErrTooLarge
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("%w (field %q is not UTF-8)", ErrMalformed, p.FormName())
	}
	return string(b), nil
}

// requestError classifies a failure reading the request body.
func requestError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return blob.ErrTooLarge
	}
	return fmt.Errorf("%w (%w)", ErrMalformed, err)
}

// recordingReader remembers the first error its source returned other than
// io.EOF.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && r.err == nil {
		r.err = err
	}
	return n, err
}
