package pdf

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/jung-kurt/gofpdf"
)

// notoSansSC is Noto Sans SC Regular (SIL Open Font License 1.1, see
// font/OFL.txt) as shipped in the npm package @expo-google-fonts/noto-sans-sc
// 0.4.3: a single TrueType (glyf) font, which gofpdf can embed, covering the
// whole CJK Unified Ideographs block plus Latin. It is in the binary so that
// every machine renders Chinese documents the same, with no system font;
// names outside GB2312 (张喆, 王堃, 李昇) included.
//
//go:embed font/NotoSansSC-Regular.ttf
var notoSansSC []byte

// Font is a TrueType font read and checked once at start-up and shared,
// read-only, by every document; it is safe for concurrent use.
type Font struct {
	source string
	data   []byte
	cover  *coverage
}

// Embedded returns the built-in Noto Sans SC, checked on first use and then
// shared by the whole process. It panics if the embedded file is unusable,
// which is a build defect that the package's tests catch.
func Embedded() *Font { return embedded() }

var embedded = sync.OnceValue(func() *Font {
	f, err := ParseFont(notoSansSC)
	if err != nil {
		panic("pdf: embedded font: " + err.Error())
	}
	f.source = "embedded Noto Sans SC Regular"
	return f
})

// LoadFont reads the TrueType font at path once and checks it (see
// ParseFont); it is the PORTAL_PDF_FONT override of the embedded font.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pdf: load font: %w", err)
	}
	f, err := ParseFont(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", path, err)
	}
	f.source = path
	return f, nil
}

// ParseFont checks that data is a single TrueType (glyf) font with both
// Chinese and Latin glyphs and that gofpdf can embed it, and returns it ready
// for New. data is kept, not copied, and must not be modified afterwards.
func ParseFont(data []byte) (*Font, error) {
	tables, err := sfntTables(data)
	if err != nil {
		return nil, err
	}
	cover, err := cmapCoverage(tables["cmap"])
	if err != nil {
		return nil, err
	}
	if !cover.hasAll("AZaz09") {
		return nil, errors.New("font has no Latin glyphs (e.g. DroidSansFallback); use one with CJK and Latin")
	}
	if !cover.hasAll("中文页") {
		return nil, errors.New("font has no Chinese glyphs")
	}
	f := &Font{data: data, cover: cover}
	if err := f.probe(); err != nil {
		return nil, fmt.Errorf("gofpdf cannot embed it: %w", err)
	}
	return f, nil
}

// probe renders a tiny document with the font, so a font that gofpdf's
// parser or subsetter chokes on fails at start-up rather than per request.
func (f *Font) probe() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	p := gofpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(fontFamily, "", f.data)
	p.SetFont(fontFamily, "", 12)
	p.AddPage()
	p.Cell(40, 10, "中文 Latin 123")
	return p.Output(io.Discard)
}

// Source says where the font came from: a file path, or the embedded font.
func (f *Font) Source() string { return f.source }

// Has reports whether the font draws r. Runes beyond the Basic Multilingual
// Plane (e.g. CJK Extension B, 𠀀) are never drawable: gofpdf's UTF-8 fonts
// handle the BMP only.
func (f *Font) Has(r rune) bool { return f.cover.has(r) }
