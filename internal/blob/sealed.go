package blob

import (
	"context"
	"fmt"
	"io"
)

// backend is where a store keeps its bytes: a directory (Local) or a bucket
// (S3). It stores exactly what it is given; Sealed decides what that is.
type backend interface {
	// create stores everything r yields under a new key, or nothing when
	// r fails: the object appears whole or not at all.
	create(ctx context.Context, key string, r io.Reader) error
	// replace overwrites key's object with what r yields (size bytes, or
	// -1 when unknown); readers see the old object or the new, never a mix.
	replace(ctx context.Context, key string, r io.Reader, size int64) error
	// read returns key's stored bytes and their length.
	read(ctx context.Context, key string) (io.ReadCloser, int64, error)
	remove(ctx context.Context, key string) error
	// list calls fn with every object's key.
	list(ctx context.Context, fn func(key string) error) error
}

// Sealed is the Store the portal runs on: every object is encrypted at rest
// with a random per-object key wrapped by the key ring's current data key
// (see envelope.go), over a directory or a bucket.
type Sealed struct {
	b    backend
	keys *KeyRing
}

// Put implements Store: it sniffs, counts and hashes the plaintext and
// encrypts it as the backend reads it, so nothing is held in memory.
func (s *Sealed) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	in, err := newIntake(ctx, r, limit)
	if err != nil {
		return Object{}, err
	}
	key, err := newKey()
	if err != nil {
		return Object{}, err
	}
	ct, err := s.keys.seal(key, in)
	if err != nil {
		return Object{}, err
	}
	if err := s.b.create(ctx, key, ct); err != nil {
		return Object{}, in.failure(err)
	}
	return in.object(key), nil
}

// Open implements Store, decrypting while the caller reads. A stored
// object that fails authentication fails the read (ErrCorrupt), at the
// latest at its end. Objects stored before encryption are read as they are
// until `portal blobs encrypt` has encrypted them.
func (s *Sealed) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, ErrInvalidKey
	}
	raw, size, err := s.b.read(ctx, key)
	if err != nil {
		return nil, err
	}
	pt, n, err := s.keys.open(key, raw, size)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("blob %s: %w", key, err)
	}
	return &sizedReader{Reader: pt, Closer: raw, size: n}, nil
}

// KeyID names the data key that wraps new objects' keys.
func (s *Sealed) KeyID() string { return s.keys.CurrentID() }

// Delete implements Store.
func (s *Sealed) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return ErrInvalidKey
	}
	return s.b.remove(ctx, key)
}

// sizedReader is what Open returns: the bytes, their source to close, and
// their length for Sized.
type sizedReader struct {
	io.Reader
	io.Closer
	size int64
}

func (r *sizedReader) Size() int64 { return r.size }
