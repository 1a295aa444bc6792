package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Report counts the objects a maintenance run found, by what it did.
type Report struct {
	Rewrapped int // re-wrapped under the current data key
	Encrypted int // stored before encryption, now encrypted
	Current   int // already wrapped by the current data key (Rotate)
	Sealed    int // already encrypted (EncryptPlaintext)
	Plaintext int // stored before encryption and left so (Rotate)
	Failed    int // not changed because of an error (see the error)
}

// Rotate re-wraps every object's key under the key ring's current data key
// and leaves the ciphertext as it is: only the envelope at the head of each
// object changes. The object is still rewritten whole (a file is replaced
// by rename, a bucket object by a streaming copy), since neither a file
// replaced atomically nor an S3 object can be changed in part. Objects
// stored before encryption are counted, not changed: EncryptPlaintext
// encrypts them. It goes on past a failing object and returns every error.
// It is safe while portals serve: readers see the old object or the new
// one, both readable with the ring. A document deleted while it is being
// rewritten may come back as an unreferenced object (never a row without
// its bytes).
func (s *Sealed) Rotate(ctx context.Context) (Report, error) {
	return s.each(ctx, s.rewrap)
}

// EncryptPlaintext encrypts every object stored before encryption was
// introduced, in place under the same key, so the database's references
// stay valid.
func (s *Sealed) EncryptPlaintext(ctx context.Context) (Report, error) {
	return s.each(ctx, s.encrypt)
}

// Walk calls fn with the key of every object in the store, for sweeps that
// compare the store with the database.
func (s *Sealed) Walk(ctx context.Context, fn func(key string) error) error {
	return s.b.list(ctx, fn)
}

func (s *Sealed) each(ctx context.Context, do func(ctx context.Context, key string, rep *Report) error) (Report, error) {
	var rep Report
	var errs []error
	err := s.b.list(ctx, func(key string) error {
		if err := do(ctx, key, &rep); err != nil {
			rep.Failed++
			errs = append(errs, fmt.Errorf("%s: %w", key, err))
		}
		return ctx.Err()
	})
	return rep, errors.Join(append(errs, err)...)
}

func (s *Sealed) rewrap(ctx context.Context, key string, rep *Report) error {
	raw, size, err := s.b.read(ctx, key)
	if err != nil {
		return err
	}
	defer raw.Close()
	header, oldLen, current, plaintext, err := s.keys.rewrap(key, raw)
	switch {
	case err != nil:
		return err
	case plaintext:
		rep.Plaintext++
		return nil
	case current:
		rep.Current++
		return nil
	}
	r := io.MultiReader(bytes.NewReader(header), raw)
	if err := s.b.replace(ctx, key, r, size-int64(oldLen)+int64(len(header))); err != nil {
		return err
	}
	rep.Rewrapped++
	return nil
}

func (s *Sealed) encrypt(ctx context.Context, key string, rep *Report) error {
	raw, _, err := s.b.read(ctx, key)
	if err != nil {
		return err
	}
	defer raw.Close()
	sealed, head, err := readMagic(raw)
	if err != nil {
		return err
	}
	if sealed {
		rep.Sealed++
		return nil
	}
	ct, err := s.keys.seal(key, io.MultiReader(bytes.NewReader(head), raw))
	if err != nil {
		return err
	}
	if err := s.b.replace(ctx, key, ct, -1); err != nil {
		return err
	}
	rep.Encrypted++
	return nil
}
