package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
)

// intake is the plaintext side of every Put, whatever the store does with
// the bytes next: it refuses a type other than JPEG, PNG or PDF before the
// store sees a byte, then counts and hashes the stream as the store reads
// it and fails the read once it passes the limit, so the store's write
// fails and keeps nothing.
type intake struct {
	head        []byte
	src         io.Reader
	sum         hash.Hash
	n, limit    int64
	contentType string
	err         error // the first failure other than io.EOF
}

func newIntake(ctx context.Context, r io.Reader, limit int64) (*intake, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("blob: limit %d is not positive", limit)
	}
	// Reading one byte past the limit is how an oversized stream is told
	// apart from one of exactly limit bytes.
	src := &io.LimitedReader{R: ctxReader{ctx: ctx, r: r}, N: limit + 1}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(src, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("blob: read: %w", err)
	}
	if int64(n) > limit {
		return nil, ErrTooLarge
	}
	contentType, ok := sniff(head[:n])
	if !ok {
		return nil, ErrUnsupported
	}
	return &intake{head: head[:n], src: src, sum: sha256.New(), limit: limit, contentType: contentType}, nil
}

func (in *intake) Read(p []byte) (n int, err error) {
	if in.err != nil {
		return 0, in.err
	}
	if len(in.head) > 0 {
		n = copy(p, in.head)
		in.head = in.head[n:]
	} else {
		n, err = in.src.Read(p)
	}
	in.sum.Write(p[:n])
	in.n += int64(n)
	if in.n > in.limit {
		err = ErrTooLarge
	}
	if err != nil && err != io.EOF {
		in.err = err
	}
	return n, err
}

// object describes what was read, once the store has kept all of it.
func (in *intake) object(key string) Object {
	return Object{Key: key, Size: in.n, SHA256: hex.EncodeToString(in.sum.Sum(nil)), ContentType: in.contentType}
}

// failure is the error to report for a failed store write: the stream's
// own failure (too large, cut off, cancelled) when there was one, since
// the store's error only echoes it.
func (in *intake) failure(storeErr error) error {
	if in.err != nil {
		return in.err
	}
	return storeErr
}

// ctxReader stops a Put whose request was cancelled between reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
