package pdf

// Text sizes (points) and line heights (millimetres) of the blocks.
const (
	headingSize  = 14.0
	headingLineH = 8.0
	bodySize     = 10.0
	bodyLineH    = 5.5
)

// Heading writes a section heading. It starts a new page rather than leave
// the heading alone at the bottom of one.
func (d *Doc) Heading(text string) {
	if !d.writable() {
		return
	}
	p := d.pdf
	if p.GetY()+headingLineH+3*bodyLineH > d.pageBottom() {
		p.AddPage()
	}
	if p.GetY() > marginTop+0.1 {
		p.Ln(3)
	}
	d.setFont(headingSize, true)
	d.lines(text, headingLineH)
	p.Ln(1.5)
	d.setFont(bodySize, false)
}

// Paragraph writes text wrapped to the page width, breaking pages between
// lines as needed; '\n' starts a new line.
func (d *Doc) Paragraph(text string) {
	if !d.writable() {
		return
	}
	d.setFont(bodySize, false)
	d.lines(text, bodyLineH)
	d.pdf.Ln(2)
}

// lines writes text wrapped to the content width, one cell per line, letting
// gofpdf break pages between lines. gofpdf's MultiCell is not used: when it
// wraps Chinese text it drops the character at each break.
func (d *Doc) lines(text string, lineH float64) {
	w := d.contentWidth()
	for _, l := range d.wrap(d.clean(text), w-2*d.pdf.GetCellMargin()) {
		d.pdf.CellFormat(w, lineH, l, "", 1, "L", false, 0, "")
	}
}

// KV is one key-value row for KeyValues.
type KV struct {
	Key, Value string
}

// keyWidth is the width of the key column of KeyValues, in millimetres.
const keyWidth = 45.0

// KeyValues writes borderless rows of a grey key and a wrapped value, such as
// "商户名称  上海浦东示例便利店有限公司".
func (d *Doc) KeyValues(rows ...KV) {
	if !d.writable() {
		return
	}
	d.setFont(bodySize, false)
	widths := []float64{keyWidth, d.contentWidth() - keyWidth}
	aligns := []string{"L", "L"}
	for _, kv := range rows {
		d.row(widths, aligns, []string{kv.Key, kv.Value}, rowStyle{greyFirst: true}, nil)
	}
	d.pdf.Ln(2)
}
