package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The names the issue was filed for: outside GB2312, common in real names.
const rareNames = "张喆 王堃 李昇 上海堃昇商贸有限公司"

func TestEmbeddedFontDrawsChineseNamesAndLatin(t *testing.T) {
	f := Embedded()
	if f != Embedded() {
		t.Fatal("Embedded parses the font more than once")
	}
	for _, r := range rareNames + "ABCxyz0123456789¥￥，。（）“”：；、—…·" {
		if !f.Has(r) {
			t.Errorf("embedded font lacks %q (U+%04X)", r, r)
		}
	}
	// gofpdf cannot encode beyond the BMP: Extension B is never drawable.
	for _, r := range "𠀀𪚥😀" {
		if f.Has(r) {
			t.Errorf("Has(%q) = true for a rune beyond the BMP", r)
		}
	}
	if !strings.Contains(f.Source(), "embedded") {
		t.Errorf("Source() = %q", f.Source())
	}
	licence, err := os.ReadFile("font/OFL.txt")
	if err != nil || !strings.Contains(string(licence), "SIL OPEN FONT LICENSE Version 1.1") {
		t.Errorf("the font's licence must ship beside it: %v", err)
	}
}

func TestLoadFontOverride(t *testing.T) {
	p := filepath.Join(t.TempDir(), "override.ttf")
	if err := os.WriteFile(p, notoSansSC, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFont(p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Source() != p || !f.Has('喆') {
		t.Errorf("override: source %q, has 喆 %v", f.Source(), f.Has('喆'))
	}
}

func TestLoadFontRejectsUnusableFonts(t *testing.T) {
	dir := t.TempDir()
	cases := map[string][]byte{
		"empty.ttf":      nil,
		"garbage.ttf":    []byte(strings.Repeat("not a font ", 10)),
		"otf-cff.otf":    append([]byte("OTTO"), make([]byte, 64)...),
		"collection.ttc": append([]byte("ttcf"), make([]byte, 64)...),
		"truncated.ttf":  notoSansSC[:4096],
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
	// Latin-only fonts (no Chinese) would print every Chinese label as '?'.
	const latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	if _, err := os.Stat(latin); err == nil {
		if _, err := LoadFont(latin); err == nil || !strings.Contains(err.Error(), "Chinese") {
			t.Errorf("LoadFont(DejaVuSans) error = %v, want no-Chinese error", err)
		}
	}
}

func TestCleanReplacesWhatCannotBeDrawn(t *testing.T) {
	d := New(nil, testMeta(LangEN))
	got := d.clean("tab\there \xff 😀 𠀀 张喆\n¥1")
	if want := "tab here ? ? ? 张喆\n¥1"; got != want {
		t.Errorf("clean = %q, want %q", got, want)
	}
	if got, want := RuneList(d.Missing()), "\uFFFD (U+FFFD), 😀 (U+1F600), 𠀀 (U+20000)"; got != want {
		t.Errorf("Missing = %s, want %s", got, want)
	}
	if metaText("a😀\x01b\xff") != "a??b?" {
		t.Errorf("metaText = %q", metaText("a😀\x01b\xff"))
	}
}
