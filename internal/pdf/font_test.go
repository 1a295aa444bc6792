package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindFontPrefersExplicitPath(t *testing.T) {
	own := filepath.Join(t.TempDir(), "mine.ttf")
	if err := os.WriteFile(own, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if p, ok := FindFont(own); !ok || p != own {
		t.Fatalf("FindFont(%q) = %q, %v", own, p, ok)
	}
	// A missing explicit path falls through to the system paths.
	p, ok := FindFont(filepath.Join(t.TempDir(), "missing.ttf"))
	if ok && !contains(SystemFontPaths, p) {
		t.Fatalf("FindFont returned %q, not a system path", p)
	}
}

func TestLoadFontAcceptsSystemFonts(t *testing.T) {
	testFont(t) // skips or fails as the environment demands
	found := 0
	for _, p := range SystemFontPaths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		found++
		f, err := LoadFont(p)
		if err != nil {
			t.Errorf("LoadFont(%s): %v", p, err)
			continue
		}
		if !f.CJK() || f.Path() != p || !f.Has('中') || !f.Has('A') || f.Has('😀') {
			t.Errorf("%s: CJK %v path %q coverage wrong", p, f.CJK(), f.Path())
		}
	}
	if found == 0 {
		t.Fatal("no system font found although FindFont found one")
	}
}

func TestLoadFontRejectsUnusableFonts(t *testing.T) {
	good := testFont(t).data
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty.ttf":      nil,
		"garbage.ttf":    []byte(strings.Repeat("not a font ", 10)),
		"otf-cff.otf":    append([]byte("OTTO"), make([]byte, 64)...),
		"collection.ttc": append([]byte("ttcf"), make([]byte, 64)...),
		"truncated.ttf":  good[:4096],
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if f, err := LoadFont(p); err == nil {
			t.Errorf("LoadFont(%s) = %v, want error", name, f)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	if _, err := LoadFont(filepath.Join(dir, "missing.ttf")); err == nil {
		t.Error("missing file: want error")
	}
	// CJK-only fonts (no Latin) would print boxes for digits and names.
	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	if _, err := os.Stat(droid); err == nil {
		if _, err := LoadFont(droid); err == nil || !strings.Contains(err.Error(), "Latin") {
			t.Errorf("LoadFont(droid) error = %v, want no-Latin error", err)
		}
	}
}

func TestNilFontIsFallback(t *testing.T) {
	var f *Font
	if f.CJK() || f.Path() != "" || f.Has('中') || !f.Has('é') || !f.Has('€') {
		t.Fatal("nil font must be the Windows-1252 fallback")
	}
}

func TestCleanAndEncode(t *testing.T) {
	var fallback *Font
	cases := []struct {
		font     *Font
		in, want string
	}{
		{fallback, "abc 123", "abc 123"},
		{fallback, "Café €5\n中文", "Caf\xe9 \x805\n??"},
		{fallback, "tab\there \xff 😀", "tab here ? ?"},
	}
	for _, c := range cases {
		if got := c.font.encode(c.font.clean(c.in)); got != c.want {
			t.Errorf("fallback(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if metaText("a😀\x01b\xff") != "a??b?" {
		t.Errorf("metaText = %q", metaText("a😀\x01b\xff"))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
