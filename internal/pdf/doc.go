// Package pdf is the small PDF foundation shared by every posportal report:
// an A4 document with the portal's header and a "page N / M" + document-id
// footer, and a few generic blocks (heading, paragraph, key-value rows,
// tables). It wraps github.com/jung-kurt/gofpdf.
//
// Why it looks the way it does:
//
//   - The font is in the binary. Embedded is Noto Sans SC (OFL), checked once
//     per process; PORTAL_PDF_FONT may name another TrueType file (LoadFont).
//     So every machine renders Chinese, rare name characters included, with
//     no system font. gofpdf can only embed single-file TrueType (glyf) fonts
//     for UTF-8 text; .ttc collections and CFF .otf fonts fail.
//   - The font is read once, but each document gets its own copy of its
//     bytes: gofpdf pads a table it checksums by appending to a slice of
//     them, which wrote into a shared buffer (a data race under concurrent
//     documents). gofpdf also parses the font's tables in every document and
//     again to subset it on output: its parsed font is unexported and mutated
//     by subsetting, so it cannot be shared. That is most of a document's
//     cost (see docs/PERFORMANCE.md).
//   - One weight. Bold is drawn by also stroking the glyph outlines (text
//     rendering mode 2), which costs nothing; a second 10 MB font would
//     double every document's time and memory.
//   - Glyphs are subset on output: gofpdf embeds only the glyphs a document
//     uses, so a one-page Chinese report is tens of kilobytes, not megabytes.
//   - Nothing prints as garbage. Runes the font lacks, and any rune beyond the
//     Basic Multilingual Plane (e.g. CJK Extension B, which gofpdf cannot
//     encode), print as '?' and are listed by Doc.Missing; Bytes logs them
//     with the document id. A caller issuing a legal document checks Missing
//     first and refuses instead (the contract does).
//   - Output is deterministic: creation and modification dates are
//     Meta.GeneratedAt and the catalog is sorted, so the same input renders
//     byte-identical PDFs (needed for re-downloads that must match).
//
// The package reads no environment variables: the caller passes
// PORTAL_PDF_FONT to LoadFont.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"posportal/internal/shanghai"
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

// fontFamily is the name the font is registered under in each document.
const fontFamily = "doc"

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
	pdf     *gofpdf.Fpdf
	font    *Font
	meta    Meta
	lb      labels
	size    float64 // current font size, points
	bold    bool    // current text is bold
	missing map[rune]bool
	out     []byte
	err     error
}

// New starts an A4 portrait document with its first page. A nil font means
// the embedded one.
func New(font *Font, meta Meta) *Doc {
	if font == nil {
		font = Embedded()
	}
	if meta.GeneratedAt.IsZero() {
		meta.GeneratedAt = time.Now()
	}
	meta.GeneratedAt = meta.GeneratedAt.In(shanghai.Location)
	p := gofpdf.New("P", "mm", "A4", "")
	d := &Doc{pdf: p, font: font, meta: meta, lb: labelsFor(meta.Lang)}

	p.SetCatalogSort(true)
	p.SetCreationDate(meta.GeneratedAt)
	p.SetModificationDate(meta.GeneratedAt)
	p.SetTitle(metaText(meta.Title), true)
	p.SetAuthor(metaText(meta.PortalName), true)
	p.SetCreator("posportal", false)
	p.SetMargins(marginX, marginTop, marginX)
	p.SetAutoPageBreak(true, marginBottom)
	p.AliasNbPages(nbAlias)
	p.AddUTF8FontFromBytes(fontFamily, "", bytes.Clone(font.data))
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	d.setFont(10, false)
	p.AddPage()
	return d
}

// Err returns the first error met while building or writing the document.
func (d *Doc) Err() error {
	if d.err != nil {
		return d.err
	}
	return d.pdf.Error()
}

// Bytes finishes the document and returns the PDF. Later calls return the
// same slice; callers must not modify it. Content added after Bytes is an error.
// Characters that printed as '?' (Missing) are logged with the document id.
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
	if len(d.missing) > 0 {
		slog.Default().Warn("pdf: characters the font cannot draw printed as '?'", "document_id", d.meta.DocumentID,
			"title", d.meta.Title, "characters", RuneList(d.Missing()), "font", d.font.Source())
	}
}

// RuneList names runes for people: "𠀀 (U+20000), 𪚥 (U+2A6A5)".
func RuneList(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%c (U+%04X)", r, r)
	}
	return strings.Join(parts, ", ")
}

var errWritten = errors.New("pdf: content added after the document was written")

// writable reports whether content may still be added.
func (d *Doc) writable() bool {
	if d.out != nil {
		d.err = errWritten
	}
	return d.Err() == nil
}

// boldStroke is the outline stroke of bold text, in millimetres per point
// of font size: about 2% of the em, like a semibold weight.
const boldStroke = 0.013

// setFont selects the document font at size points, bold or regular.
func (d *Doc) setFont(size float64, bold bool) {
	d.size, d.bold = size, bold
	d.pdf.SetFont(fontFamily, "", size)
	d.textStroke()
}

// textStroke applies the current weight. Bold strokes the glyph outlines
// (rendering mode 2, fill then stroke) in the text colour, black; row calls
// it again after drawing borders in grey. gofpdf writes the operator into
// the page, so before the first page there is nothing to write to.
func (d *Doc) textStroke() {
	p := d.pdf
	if p.PageNo() == 0 {
		return
	}
	if !d.bold {
		p.SetTextRenderingMode(0)
		return
	}
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(d.size * boldStroke)
	p.SetTextRenderingMode(2)
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

// header and footer draw the page chrome in their own font and leave the
// caller's as it was: a heading or table header may continue on the page.
func (d *Doc) header() {
	p := d.pdf
	defer d.setFont(d.size, d.bold)
	half := d.contentWidth() / 2
	d.setFont(9, false)
	p.SetTextColor(90, 90, 90)
	p.SetXY(marginX, headerY)
	p.CellFormat(half, 5, d.clean(d.meta.PortalName), "", 0, "L", false, 0, "")
	p.CellFormat(half, 5, d.clean(d.meta.Title), "", 0, "R", false, 0, "")
	p.SetDrawColor(170, 170, 170)
	p.SetLineWidth(0.2)
	p.Line(marginX, headerRuleY, marginX+d.contentWidth(), headerRuleY)
	p.SetTextColor(0, 0, 0)
	p.SetXY(marginX, marginTop)
}

func (d *Doc) footer() {
	p := d.pdf
	defer d.setFont(d.size, d.bold)
	d.setFont(8, false)
	p.SetTextColor(90, 90, 90)
	p.SetY(footerY)
	// The total page count is gofpdf's alias, substituted on output; it must
	// not go through clean, which a font without '{' or '}' would change.
	parts := strings.Split(d.lb.pageText(p.PageNo()), nbAlias)
	for i := range parts {
		parts[i] = d.clean(parts[i])
	}
	p.CellFormat(50, 5, strings.Join(parts, nbAlias), "", 0, "L", false, 0, "")
	right := fmt.Sprintf(d.lb.docID, d.meta.DocumentID) + "    " + d.lb.generatedText(d.meta.GeneratedAt)
	p.CellFormat(d.contentWidth()-50, 5, d.clean(right), "", 0, "R", false, 0, "")
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
