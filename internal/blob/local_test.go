package blob

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func localDir(s *testStore) string { return s.Sealed.b.(*Local).dir }

func TestLocalObjectsArePrivateFiles(t *testing.T) {
	s := newLocalTestStore(t, testKeys(t))
	obj := put(t, s, pdfOf(10_000))
	// The object sits in the two-level fan-out, private to the portal.
	st, err := os.Stat(filepath.Join(localDir(s), obj.Key[:2], obj.Key[2:4], obj.Key))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestLocalKeysCannotEscapeTheStore(t *testing.T) {
	s := newLocalTestStore(t, testKeys(t))
	dir := localDir(s)
	// A file just outside the store that a traversal would reach.
	outside := filepath.Join(filepath.Dir(dir), "secret")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"../secret", "aa/../../secret", `..\..\secret`} {
		if err := s.Delete(t.Context(), key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("Delete(%q) = %v", key, err)
		}
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("file outside the store: %v", err)
	}
}

// Item 14 of issue 10: an upload interrupted by a stop or a crash leaves a
// temp file; the next start removes it at once, whatever its age, but not
// a temp file another running portal is writing.
func TestStartRemovesTempFilesOfInterruptedUploads(t *testing.T) {
	dir := t.TempDir()
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	abandoned := filepath.Join(dir, tmpDir, "put-crashed")
	if err := os.WriteFile(abandoned, pngOf(5000), 0o600); err != nil {
		t.Fatal(err)
	}
	// An upload in flight holds its temp file locked, as createTemp does.
	inFlight, err := (&Local{dir: dir}).createTemp()
	if err != nil {
		t.Fatal(err)
	}
	defer inFlight.Close()

	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(abandoned); !os.IsNotExist(err) {
		t.Errorf("temp file of an interrupted upload kept: %v", err)
	}
	if _, err := os.Stat(inFlight.Name()); err != nil {
		t.Errorf("temp file of an upload in flight removed: %v", err)
	}
	// Once its writer is gone (closed here; a dead process's locks go with
	// it), the next start takes it too.
	inFlight.Close()
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, tmpDir)); len(left) != 0 {
		t.Errorf("%d temp files left", len(left))
	}
}

// A sweep that takes a temp file between its creation and its lock must
// not break the upload: createTemp notices and starts over.
func TestCreateTempSurvivesASweepRace(t *testing.T) {
	l, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f, err := l.createTemp()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Another process could not lock it now.
	g, err := os.Open(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if err := syscall.Flock(int(g.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err == nil {
		t.Fatal("a temp file in use can be locked by a sweep")
	}
	if err := removeIfUnlocked(f.Name()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f.Name()); err != nil {
		t.Errorf("locked temp file swept: %v", err)
	}
}

// Local on its own is the unencrypted Store tests above the store use; it
// keeps the same promises.
func TestPlainLocalRoundTrip(t *testing.T) {
	l, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body := jpegOf(70_000)
	obj, err := l.Put(t.Context(), bytes.NewReader(body), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readAll(t, l, obj.Key), body) {
		t.Error("bytes differ")
	}
	if _, err := l.Put(t.Context(), strings.NewReader("<html>"), 1<<20); !errors.Is(err, ErrUnsupported) {
		t.Errorf("html: %v", err)
	}
	if err := l.Delete(t.Context(), obj.Key); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Open(t.Context(), obj.Key); err == nil {
		t.Error("deleted object opens")
	}
}
