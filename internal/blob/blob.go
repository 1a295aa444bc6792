package blob

import (
	"context"
	"io"
	"time"

	"posportal/internal/apperr"
)

// Store keeps immutable objects under keys it chooses.
type Store interface {
	// Put stores everything r yields if it is a JPEG, PNG or PDF of at most
	// limit bytes. It returns ErrTooLarge or ErrUnsupported for content it
	// refuses and, on any error, leaves nothing stored.
	Put(ctx context.Context, r io.Reader, limit int64) (Object, error)
	// Open returns the bytes stored under key; ErrInvalidKey for a key Put
	// cannot have made, apperr.ErrNotFound (wrapped) for one not stored.
	// The reader implements Sized when the store knows the length.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes key's object; deleting a missing object is not an
	// error, so a retried or duplicated cleanup is harmless.
	Delete(ctx context.Context, key string) error
}

// Object describes stored bytes. ContentType is what the bytes are, judged
// from their magic numbers, never what the client claimed.
type Object struct {
	Key         string
	Size        int64
	SHA256      string // lower-case hex
	ContentType string // one of JPEG, PNG, PDF
}

// The content types a Store accepts.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	PDF  = "application/pdf"
)

// Sized is implemented by readers from Open that know their length, so a
// handler can send Content-Length.
type Sized interface {
	Size() int64
}

// Errors for content a Store refuses; they map to 413 and 415.
var (
	ErrTooLarge    = apperr.New(apperr.TooLarge, "blob.too_large")
	ErrUnsupported = apperr.New(apperr.Unsupported, "blob.unsupported")
	// ErrInvalidKey answers 404: a key comes from our own database, so a
	// malformed one means the object does not exist (and never a path).
	ErrInvalidKey = apperr.New(apperr.NotFound, "error.not_found")
)

// discardTimeout bounds the clean-up of an object whose record failed.
const discardTimeout = 30 * time.Second

// Discard deletes o from s after the transaction recording it failed. It
// keeps going when ctx is already cancelled — a client hanging up is a
// common reason for the failure — so the object is not orphaned. The error
// is for logging; the caller's own error is the one to return.
func (o Object) Discard(ctx context.Context, s Store) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discardTimeout)
	defer cancel()
	return s.Delete(ctx, o.Key)
}
