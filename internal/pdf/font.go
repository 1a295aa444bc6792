package pdf

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/jung-kurt/gofpdf"
)

// SystemFontPaths are the places FindFont looks, in order, after the explicit
// path. Each is a single TrueType (glyf) font with both CJK and Latin glyphs,
// which is what gofpdf can embed and what mixed Chinese/English reports need.
// Collections (.ttc) and CFF .otf fonts (Noto CJK, WenQuanYi) are absent on
// purpose: gofpdf cannot read them.
var SystemFontPaths = []string{
	// Debian/Ubuntu fonts-arphic-gbsn00lp: AR PL SungtiL GB (Song). Small and
	// fast, but GB2312 only: rarer name characters (喆, 堃, 赟, 昇, 珺) show '?'.
	"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
	// Debian/Ubuntu fonts-arphic-gkai00mp: AR PL KaitiM GB (Kai), GB2312 only.
	"/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
	// Debian/Ubuntu fonts-hanazono: HanaMinA (Japanese-style Mincho) covers
	// all of Unicode's common CJK ideographs, but is 22 MB and makes each
	// document several times slower.
	"/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
}

// Font is a CJK TrueType font read and checked once at start-up and shared,
// read-only, by every document; it is safe for concurrent use. A nil *Font is
// valid and means "no CJK font": documents then use the PDF core font
// Helvetica and show characters outside Windows-1252 as '?'.
type Font struct {
	path  string
	data  []byte
	cover *coverage
}

// FindFont returns the first font file that exists: envPath (the caller
// passes the value of PORTAL_PDF_FONT; the package reads no environment) and
// then SystemFontPaths. ok is false when none exists. FindFont only checks
// that the file is there; LoadFont checks that it is usable.
func FindFont(envPath string) (path string, ok bool) {
	candidates := SystemFontPaths
	if envPath != "" {
		candidates = append([]string{envPath}, candidates...)
	}
	for _, p := range candidates {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, true
		}
	}
	return "", false
}

// LoadFont reads the TrueType font at path once and checks it; see ParseFont.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("pdf: load font: %w", err)
	}
	f, err := ParseFont(data)
	if err != nil {
		return nil, fmt.Errorf("pdf: font %s: %w", path, err)
	}
	f.path = path
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
	p.AddUTF8FontFromBytes(cjkFamily, "", f.data)
	p.SetFont(cjkFamily, "", 12)
	p.AddPage()
	p.Cell(40, 10, "中文 Latin 123")
	return p.Output(io.Discard)
}

// CJK reports whether documents made with f can show Chinese. It is false
// for a nil *Font (the Helvetica fallback).
func (f *Font) CJK() bool { return f != nil }

// Path returns the file the font was loaded from ("" for ParseFont or nil).
func (f *Font) Path() string {
	if f == nil {
		return ""
	}
	return f.path
}

// Has reports whether text written with f shows r as itself; otherwise it is
// replaced by '?'. With a nil *Font this is the Windows-1252 repertoire.
func (f *Font) Has(r rune) bool {
	if f == nil {
		_, ok := cp1252(r)
		return ok
	}
	return f.cover.has(r)
}
