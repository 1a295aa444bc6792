package knowledge

import (
	"errors"
	"sync"
	"testing"
)

func mustLoad(tb testing.TB) *Tree {
	tb.Helper()
	tree, err := Load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return tree
}

func TestLoad(t *testing.T) {
	tree := mustLoad(t)
	vs := Versions()
	if len(vs) == 0 || tree.Version() != vs[len(vs)-1] {
		t.Errorf("Load gave version %q, want the newest of %v", tree.Version(), vs)
	}
	if tree.Root() == nil || tree.Root().ID != "q.start" {
		t.Errorf("root = %v, want q.start", tree.Root())
	}
}

func TestLoadVersion(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, v := range Versions() {
			if _, err := LoadVersion(v); err != nil {
				t.Errorf("LoadVersion(%q): %v", v, err)
			}
		}
	})
	t.Run("ErrUnknownVersion", func(t *testing.T) {
		for _, v := range []string{"v0", "v999", "../data", ""} {
			if _, err := LoadVersion(v); !errors.Is(err, ErrUnknownVersion) {
				t.Errorf("LoadVersion(%q) = %v, want ErrUnknownVersion", v, err)
			}
		}
	})
}

func TestVersionsOrderedNumerically(t *testing.T) {
	fsys := fixtureFS(t, validFixture())
	fsys["data/v10/manifest.json"] = fsys["data/v1/manifest.json"]
	fsys["data/v2/manifest.json"] = fsys["data/v1/manifest.json"]
	fsys["data/notes/manifest.json"] = fsys["data/v1/manifest.json"]
	got := versions(fsys)
	want := []string{"v1", "v2", "v10"}
	if len(got) != len(want) {
		t.Fatalf("versions = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("versions = %v, want %v", got, want)
		}
	}
}

// The portal shares one Tree between all requests.
func TestTreeConcurrentUse(t *testing.T) {
	tree := mustLoad(t)
	paths := allPaths(t, tree)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, p := range paths {
				node := Node(tree.Root())
				for _, step := range p.answers {
					next, err := tree.Next(node.NodeID(), step)
					if err != nil {
						t.Error(err)
						return
					}
					node = next
				}
				_ = tree.Diagnoses()
			}
		})
	}
	wg.Wait()
}
