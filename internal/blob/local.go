package blob

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"posportal/internal/apperr"
)

// Local is a Store in a directory of the local filesystem. The directory
// must lie outside anything a web server serves: objects leave only through
// an authorized handler. Objects live at dir/ab/cd/abcd… (a two-level
// fan-out on the key, so no directory grows to millions of entries) and
// temp files in dir/tmp, on the same filesystem so the final rename is
// atomic.
type Local struct {
	dir string
}

const (
	tmpDir = "tmp"
	// keyLen is the length of a key: 128 random bits in hex.
	keyLen = 32
	// copyBufLen is the one buffer a Put streams through; the heap a Put
	// needs is this, not the object's size.
	copyBufLen = 32 << 10
	// staleTemp is the age after which a temp file can only be the leftover
	// of a process that died mid-upload: no upload takes a day.
	staleTemp = 24 * time.Hour
)

// NewLocal returns a Store keeping objects under dir, creating it if needed
// and removing temp files that crashed processes left behind.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(abs, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	l := &Local{dir: abs}
	if err := l.removeStaleTemps(time.Now()); err != nil {
		return nil, err
	}
	return l, nil
}

// Put implements Store: it streams r through a size limit, a SHA-256 and a
// temp file, then syncs and renames the file into place.
func (l *Local) Put(ctx context.Context, r io.Reader, limit int64) (obj Object, err error) {
	if limit <= 0 {
		return Object{}, fmt.Errorf("blob: limit %d is not positive", limit)
	}
	key, err := newKey()
	if err != nil {
		return Object{}, err
	}
	tmp, err := os.CreateTemp(filepath.Join(l.dir, tmpDir), "put-*")
	if err != nil {
		return Object{}, fmt.Errorf("blob: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	// Reading one byte past the limit is how an oversized stream is told
	// apart from one of exactly limit bytes.
	src := &io.LimitedReader{R: ctxReader{ctx: ctx, r: r}, N: limit + 1}
	buf := make([]byte, copyBufLen)
	n, err := io.ReadFull(src, buf[:sniffLen])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return Object{}, fmt.Errorf("blob: read: %w", err)
	}
	if int64(n) > limit {
		return Object{}, ErrTooLarge
	}
	contentType, ok := sniff(buf[:n])
	if !ok {
		return Object{}, ErrUnsupported
	}
	sum := sha256.New()
	dst := io.MultiWriter(tmp, sum)
	if _, err := dst.Write(buf[:n]); err != nil {
		return Object{}, fmt.Errorf("blob: write: %w", err)
	}
	rest, err := io.CopyBuffer(dst, src, buf)
	if err != nil {
		return Object{}, fmt.Errorf("blob: copy: %w", err)
	}
	size := int64(n) + rest
	if size > limit {
		return Object{}, ErrTooLarge
	}
	if err := tmp.Sync(); err != nil {
		return Object{}, fmt.Errorf("blob: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Object{}, fmt.Errorf("blob: close: %w", err)
	}
	final := l.path(key)
	if err := l.mkdirFanout(key); err != nil {
		return Object{}, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Object{}, fmt.Errorf("blob: rename: %w", err)
	}
	// Until the directory is synced the rename may not survive a crash; an
	// object the caller cannot rely on must not be reported as stored.
	if err := syncDir(filepath.Dir(final)); err != nil {
		os.Remove(final)
		return Object{}, err
	}
	return Object{Key: key, Size: size, SHA256: hex.EncodeToString(sum.Sum(nil)), ContentType: contentType}, nil
}

// Open implements Store.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, ErrInvalidKey
	}
	f, err := os.Open(l.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", key, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &localFile{File: f, size: st.Size()}, nil
}

// Delete implements Store. The directory is not synced: if a crash undoes
// the removal, the object comes back as an unreferenced orphan, which is
// harmless, and every delete stays cheap.
func (l *Local) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return ErrInvalidKey
	}
	err := os.Remove(l.path(key))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

func (l *Local) path(key string) string {
	return filepath.Join(l.dir, key[0:2], key[2:4], key)
}

// removeStaleTemps deletes temp files older than staleTemp. Younger ones may
// belong to another portal instance sharing the directory.
func (l *Local) removeStaleTemps(now time.Time) error {
	dir := filepath.Join(l.dir, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < staleTemp {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("blob: %w", err)
		}
	}
	return nil
}

// localFile is what Open returns: the file plus its size for Sized.
type localFile struct {
	*os.File
	size int64
}

func (f *localFile) Size() int64 { return f.size }

func newKey() (string, error) {
	b := make([]byte, keyLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("blob: key: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// validKey accepts exactly what newKey makes, so a key can never name a
// path outside the store ("../", "/", NUL, upper case all fail).
func validKey(key string) bool {
	if len(key) != keyLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// mkdirFanout creates key's two fan-out directories if missing, syncing
// the parent of each new one so its entry survives a crash.
func (l *Local) mkdirFanout(key string) error {
	parent := l.dir
	for _, part := range []string{key[0:2], key[2:4]} {
		p := filepath.Join(parent, part)
		err := os.Mkdir(p, 0o700)
		switch {
		case err == nil:
			if err := syncDir(parent); err != nil {
				return err
			}
		case !errors.Is(err, fs.ErrExist):
			return fmt.Errorf("blob: %w", err)
		}
		parent = p
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: sync dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: sync dir: %w", err)
	}
	return nil
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
