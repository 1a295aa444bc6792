package blob

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// helperEnv makes the test binary, run again as a child, act as a portal
// that is in the middle of an upload into the store in that directory.
const helperEnv = "BLOB_TEST_UPLOADING_INTO"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		s, err := Open(context.Background(), "file://"+dir, mustRing(), os.Getenv)
		if err != nil {
			os.Exit(2)
		}
		// A client that sent 200 KB and then nothing more.
		s.Put(context.Background(), io.MultiReader(bytes.NewReader(pngOf(200_000)), blockForever{}), 10<<20)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func mustRing() *KeyRing {
	k := make([]byte, KeySize)
	rand.Read(k)
	r, err := NewKeyRing(k)
	if err != nil {
		panic(err)
	}
	return r
}

type blockForever struct{}

func (blockForever) Read([]byte) (int, error) {
	time.Sleep(time.Hour) // killed long before
	return 0, io.EOF
}

// Item 14 of issue 10 with a real crash: a portal process killed (SIGKILL)
// in the middle of an upload leaves its temp file; while it lived, a
// starting portal left the file alone, and once it is dead the next start
// removes it.
func TestTempFileOfAKilledUploadIsRemovedAtStart(t *testing.T) {
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), helperEnv+"="+dir)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()

	var temp string
	for deadline := time.Now().Add(time.Minute); temp == ""; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the child never started its upload")
		}
		entries, _ := os.ReadDir(filepath.Join(dir, tmpDir))
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.Size() > 100_000 {
				temp = filepath.Join(dir, tmpDir, e.Name())
			}
		}
	}
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(temp); err != nil {
		t.Fatalf("the temp file of a live upload was removed: %v", err)
	}

	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if _, err := os.Stat(temp); err != nil {
		t.Fatalf("temp file already gone before the restart: %v", err)
	}
	if _, err := NewLocal(dir); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(filepath.Join(dir, tmpDir)); len(left) != 0 {
		t.Errorf("after the restart %d temp files are left", len(left))
	}
}
