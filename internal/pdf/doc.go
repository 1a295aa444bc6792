// Package pdf is the small PDF foundation shared by every posportal report:
// an A4 document with the portal's header and a "page N / M" + document-id
// footer, and a few generic blocks (heading, paragraph, key-value rows,
// tables). It wraps github.com/jung-kurt/gofpdf.
//
// Why it looks the way it does:
//
//   - Fonts are loaded once. gofpdf can only embed single-file TrueType (glyf)
//     fonts for UTF-8 text; .ttc collections and CFF .otf fonts fail. LoadFont
//     reads the file once at start-up, checks it (format, Chinese and Latin
//     glyphs, a trial render) and keeps the bytes; every document then hands
//     those bytes to gofpdf's AddUTF8FontFromBytes (AddUTF8Font cannot take an
//     absolute path). Nothing is read from disk per document. gofpdf still
//     parses the font's tables inside every document and again to subset it
//     (a few milliseconds each); it has no API to share a parsed font.
//   - Glyphs are subset on output: gofpdf embeds only the glyphs a document
//     uses, so a one-page Chinese report is tens of kilobytes, not megabytes.
//   - There is a fallback. A host without a CJK font still gets PDFs: pass a
//     nil *Font to New and the document uses the PDF core font Helvetica.
//     Font.CJK and Doc.CJK tell the caller so it can log at start-up and warn
//     users where PDFs are offered. Runes Helvetica (Windows-1252) cannot show
//     are replaced with '?', never emitted as garbage, and the page chrome
//     switches to English. With a CJK font, runes it lacks (and any rune
//     beyond the Basic Multilingual Plane, which gofpdf cannot encode) are
//     likewise replaced with '?'; Font.Has tells which. The default font,
//     gbsn00lp, covers GB2312 only (see SystemFontPaths).
//   - Output is deterministic: creation and modification dates are
//     Meta.GeneratedAt and the catalog is sorted, so the same input renders
//     byte-identical PDFs (needed for re-downloads that must match).
//
// The package reads no environment variables: the caller passes
// PORTAL_PDF_FONT to FindFont.
//
// Typical start-up:
//
//	var font *pdf.Font // nil: Helvetica fallback
//	if path, ok := pdf.FindFont(os.Getenv("PORTAL_PDF_FONT")); ok {
//		f, err := pdf.LoadFont(path)
//		if err != nil {
//			log.Printf("PDF font %s unusable: %v", path, err)
//		}
//		font = f
//	}
//	if !font.CJK() {
//		log.Print("no CJK font: PDFs will show Chinese as '?'")
//	}
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry in millimetres (A4 portrait is 210 x 297).
const (
	marginX      = 15.0
	marginTop    = 22.0
	marginBottom = 18.0
	headerY      = 9.0
	headerRuleY  = 15.5
	footerY      = -12.0
)

// cjkFamily is the name the CJK font is registered under in each document.
const cjkFamily = "cjk"

// Meta describes a document. It is shown in the page chrome and stored in
// the PDF's metadata.
type Meta struct {
	Title       string    // shown in every page header and as the PDF title
	DocumentID  string    // shown in every page footer
	Lang        string    // LangZH ("zh-CN", any "zh…") or LangEN; the header/footer language
	PortalName  string    // shown in every page header and as the PDF author
	GeneratedAt time.Time // shown in the footer in Asia/Shanghai time; also the PDF dates. Zero means now.
}

// Doc is one PDF being built. Build it from one goroutine, then call Bytes or
// WriteTo once content is complete. The first error is kept and returned by
// Err, Bytes and WriteTo; later calls do nothing.
type Doc struct {
	pdf  *gofpdf.Fpdf
	font *Font
	meta Meta
	lb   labels
	out  []byte
	err  error
}

// New starts an A4 portrait document with its first page. font may be nil,
// which selects the Helvetica fallback (see the package comment).
func New(font *Font, meta Meta) *Doc {
	if meta.GeneratedAt.IsZero() {
		meta.GeneratedAt = time.Now()
	}
	meta.GeneratedAt = meta.GeneratedAt.In(shanghai)
	p := gofpdf.New("P", "mm", "A4", "")
	d := &Doc{pdf: p, font: font, meta: meta, lb: labelsFor(meta.Lang, font.CJK())}

	p.SetCatalogSort(true)
	p.SetCreationDate(meta.GeneratedAt)
	p.SetModificationDate(meta.GeneratedAt)
	p.SetTitle(metaText(meta.Title), true)
	p.SetAuthor(metaText(meta.PortalName), true)
	p.SetCreator("posportal", false)
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(true, marginBottom)
	p.AliasNbPages(nbAlias)
	if font != nil {
		p.AddUTF8FontFromBytes(cjkFamily, "", font.data)
	}
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	d.setFont(10, false)
	p.AddPage()
	return d
}

// CJK reports whether the document has a CJK font (false: Helvetica fallback).
func (d *Doc) CJK() bool { return d.font.CJK() }

// Err returns the first error met while building or writing the document.
func (d *Doc) Err() error {
	if d.err != nil {
		return d.err
	}
	return d.pdf.Error()
}

// Bytes finishes the document and returns the PDF. Later calls return the
// same slice; callers must not modify it. Content added after Bytes is an error.
func (d *Doc) Bytes() ([]byte, error) {
	if d.out == nil && d.Err() == nil {
		d.render()
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	return d.out, nil
}

// WriteTo finishes the document and writes the PDF to w.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	b, err := d.Bytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

func (d *Doc) render() {
	defer func() {
		if r := recover(); r != nil {
			d.err = fmt.Errorf("pdf: render: %v", r)
		}
	}()
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := d.pdf.Output(&buf); err != nil {
		d.err = fmt.Errorf("pdf: render: %w", err)
		return
	}
	d.out = buf.Bytes()
}

var errWritten = errors.New("pdf: content added after the document was written")

// writable reports whether content may still be added.
func (d *Doc) writable() bool {
	if d.out != nil {
		d.err = errWritten
	}
	return d.Err() == nil
}

// text prepares caller text for gofpdf in the document's font.
func (d *Doc) text(s string) string { return d.font.encode(d.font.clean(s)) }

// setFont selects the document font. Bold is only available in the
// Helvetica fallback; the CJK font has one weight.
func (d *Doc) setFont(size float64, bold bool) {
	if d.font != nil {
		d.pdf.SetFont(cjkFamily, "", size)
		return
	}
	style := ""
	if bold {
		style = "B"
	}
	d.pdf.SetFont("Helvetica", style, size)
}

// contentWidth is the width between the left and right margins.
func (d *Doc) contentWidth() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*marginX
}

// pageBottom is the y at which automatic page breaks happen.
func (d *Doc) pageBottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - marginBottom
}

func (d *Doc) header() {
	p := d.pdf
	half := d.contentWidth() / 2
	d.setFont(9, false)
	p.SetTextColor(90, 90, 90)
	p.SetXY(marginX, headerY)
	p.CellFormat(half, 5, d.text(d.meta.PortalName), "", 0, "L", false, 0, "")
	p.CellFormat(half, 5, d.text(d.meta.Title), "", 0, "R", false, 0, "")
	p.SetDrawColor(170, 170, 170)
	p.SetLineWidth(0.2)
	p.Line(marginX, headerRuleY, marginX+d.contentWidth(), headerRuleY)
	p.SetTextColor(0, 0, 0)
	p.SetXY(marginX, marginTop)
}

func (d *Doc) footer() {
	p := d.pdf
	d.setFont(8, false)
	p.SetTextColor(90, 90, 90)
	p.SetY(footerY)
	// The total page count is gofpdf's alias, substituted on output; it must
	// not go through clean, which might not keep '{' or '}'.
	parts := strings.Split(d.lb.pageText(p.PageNo()), nbAlias)
	for i := range parts {
		parts[i] = d.text(parts[i])
	}
	p.CellFormat(50, 5, strings.Join(parts, nbAlias), "", 0, "L", false, 0, "")
	right := fmt.Sprintf(d.lb.docID, d.meta.DocumentID) + "    " + d.lb.generatedText(d.meta.GeneratedAt)
	p.CellFormat(d.contentWidth()-50, 5, d.text(right), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// metaText prepares text for the PDF Info dictionary, which gofpdf writes as
// UTF-16 independent of fonts but cannot encode beyond the BMP.
func metaText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || r < 0x20 || r == 0xFFFD {
			return '?'
		}
		return r
	}, s)
}
