package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"posportal/internal/apperr"
)

// Local keeps objects in a directory of the local filesystem. The directory
// must lie outside anything a web server serves: objects leave only through
// an authorized handler. Objects live at dir/ab/cd/abcd… (a two-level
// fan-out on the key, so no directory grows to millions of entries) and
// temp files in dir/tmp, on the same filesystem so the final rename is
// atomic.
//
// Local is itself a Store that keeps the bytes as they come, for tests of
// code above the store; the portal wraps it in Sealed (see Open) so every
// object is encrypted at rest.
type Local struct {
	dir string
}

const (
	tmpDir = "tmp"
	// keyLen is the length of a key: 128 random bits in hex.
	keyLen = 32
	// copyBufLen is the one buffer a write streams through; the heap a Put
	// needs is this, not the object's size.
	copyBufLen = 32 << 10
)

// NewLocal returns a Store keeping objects under dir, creating it if needed
// and removing the temp files of uploads that a stopped or crashed process
// left behind.
func NewLocal(dir string) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(abs, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	l := &Local{dir: abs}
	if err := l.removeAbandonedTemps(); err != nil {
		return nil, err
	}
	return l, nil
}

// Put implements Store, keeping the bytes unencrypted.
func (l *Local) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	in, err := newIntake(ctx, r, limit)
	if err != nil {
		return Object{}, err
	}
	key, err := newKey()
	if err != nil {
		return Object{}, err
	}
	if err := l.create(ctx, key, in); err != nil {
		return Object{}, in.failure(err)
	}
	return in.object(key), nil
}

// Open implements Store.
func (l *Local) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, ErrInvalidKey
	}
	f, size, err := l.read(ctx, key)
	if err != nil {
		return nil, err
	}
	return &sizedReader{Reader: f, Closer: f, size: size}, nil
}

// Delete implements Store.
func (l *Local) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return ErrInvalidKey
	}
	return l.remove(ctx, key)
}

func (l *Local) create(ctx context.Context, key string, r io.Reader) error {
	return l.replace(ctx, key, r, -1)
}

// replace streams r into a locked temp file, syncs it and renames it over
// key's path, so the object appears whole or not at all, even across a
// crash.
func (l *Local) replace(ctx context.Context, key string, r io.Reader, _ int64) (err error) {
	tmp, err := l.createTemp()
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			os.Remove(tmp.Name())
		}
		// Closing releases the temp file's lock only now, after the rename,
		// so no sweep can take the file for abandoned while it is in use.
		tmp.Close()
	}()
	buf := make([]byte, copyBufLen)
	if _, err := io.CopyBuffer(struct{ io.Writer }{tmp}, ctxReader{ctx: ctx, r: r}, buf); err != nil {
		return fmt.Errorf("blob: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("blob: sync: %w", err)
	}
	final := l.path(key)
	if err := l.mkdirFanout(key); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("blob: rename: %w", err)
	}
	renamed = true
	// Until the directory is synced the rename may not survive a crash; an
	// object the caller cannot rely on must not be reported as stored.
	if err := syncDir(filepath.Dir(final)); err != nil {
		os.Remove(final)
		return err
	}
	return nil
}

func (l *Local) read(_ context.Context, key string) (io.ReadCloser, int64, error) {
	f, err := os.Open(l.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("blob %s: %w", key, apperr.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("blob: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("blob: %w", err)
	}
	return f, st.Size(), nil
}

// remove deletes key's file without syncing the directory: if a crash
// undoes the removal, the object comes back as an unreferenced orphan,
// which is harmless, and every delete stays cheap.
func (l *Local) remove(_ context.Context, key string) error {
	err := os.Remove(l.path(key))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

func (l *Local) list(ctx context.Context, fn func(key string) error) error {
	return filepath.WalkDir(l.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p == filepath.Join(l.dir, tmpDir) {
			return fs.SkipDir
		}
		if !d.Type().IsRegular() || !validKey(d.Name()) || p != l.path(d.Name()) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		return fn(d.Name())
	})
}

func (l *Local) path(key string) string {
	return filepath.Join(l.dir, key[0:2], key[2:4], key)
}

// createTemp returns a new temp file holding an exclusive lock, which marks
// it as in use for as long as this process lives: the lock goes with the
// process, which is how a sweep tells an abandoned upload from one in
// flight, in this portal or another sharing the directory.
func (l *Local) createTemp() (*os.File, error) {
	for {
		f, err := os.CreateTemp(filepath.Join(l.dir, tmpDir), "put-*")
		if err != nil {
			return nil, fmt.Errorf("blob: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, fmt.Errorf("blob: lock temp file: %w", err)
		}
		// A sweep may have taken the file between its creation and the
		// lock; then start over with another.
		held, err1 := f.Stat()
		named, err2 := os.Stat(f.Name())
		if err1 == nil && err2 == nil && os.SameFile(held, named) {
			return f, nil
		}
		f.Close()
	}
}

// removeAbandonedTemps deletes every temp file no live process holds
// locked: the leftovers of uploads interrupted by a stop or a crash.
func (l *Local) removeAbandonedTemps() error {
	dir := filepath.Join(l.dir, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := removeIfUnlocked(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func removeIfUnlocked(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // finished or swept meanwhile
	}
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return nil // an upload in flight
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

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
