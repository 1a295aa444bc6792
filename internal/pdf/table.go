package pdf

import "strings"

// Table geometry: text size (points), line height and vertical cell padding
// (millimetres).
const (
	tableSize  = 9.0
	tableLineH = 4.6
	cellPadY   = 1.0
)

// Column describes one table column.
type Column struct {
	Header string
	// Width in millimetres, a minimum: a column grows to fit its widest
	// header word. Columns with Width 0 share what the others leave of the
	// 180 mm content width equally.
	Width float64
	// Align is "L" (default), "C" or "R" (use "R" for amounts).
	Align string
}

// minHeaderSize is the smallest header text (points) a crowded table gets.
const minHeaderSize = 6.0

// Table writes a bordered table: a shaded header row, then rows, whose cells
// wrap within their column. A row that does not fit on the page moves to the
// next (a row taller than a page is split), and the header row is repeated
// at the top of every page the table continues on. Missing cells are blank;
// extra cells are ignored. Columns widen so that no header word breaks (see
// columns).
func (d *Doc) Table(cols []Column, rows [][]string) {
	if !d.writable() || len(cols) == 0 {
		return
	}
	widths, headSize := d.columns(cols, rows)
	aligns, headers := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		aligns[i], headers[i] = "L", c.Header
		if c.Align == "C" || c.Align == "R" {
			aligns[i] = c.Align
		}
	}
	head := func() {
		d.setFont(headSize, true)
		d.row(widths, aligns, headers, rowStyle{border: true, fill: true}, nil)
		d.setFont(tableSize, false)
	}
	// Keep the header with at least the first row.
	if d.pdf.GetY()+2*(tableLineH+2*cellPadY) > d.pageBottom() {
		d.pdf.AddPage()
	}
	head()
	for _, r := range rows {
		d.row(widths, aligns, r, rowStyle{border: true}, head)
	}
	d.pdf.Ln(3)
	d.setFont(bodySize, false)
}

// columns resolves the widths and the header text size. A column is at
// least as wide as it asks (Width 0 columns share what the others leave) and
// as its widest header word, so "Effective rate" may wrap between its words
// but never inside one. Columns that then do not fit give back what they
// have beyond their widest word (header or, up to the width asked, cell),
// the flexible ones first; if even that is too wide, all shrink in
// proportion and so does the header text.
func (d *Doc) columns(cols []Column, rows [][]string) (widths []float64, headSize float64) {
	total, pad := d.contentWidth(), 2*d.pdf.GetCellMargin()
	d.setFont(tableSize, true)
	head := make([]float64, len(cols)) // widest header word, padded
	for i, c := range cols {
		head[i] = d.widestWord(d.clean(c.Header)) + pad
	}
	fixed, flex := 0.0, 0
	for _, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
		} else {
			flex++
		}
	}
	share := 0.0
	if flex > 0 {
		share = max(total-fixed, 0) / float64(flex)
	}
	widths = make([]float64, len(cols))
	floor := make([]float64, len(cols)) // what a column keeps when others need room
	d.setFont(tableSize, false)
	for i, c := range cols {
		asked := c.Width
		if asked <= 0 {
			asked = share
		}
		widest := 0.0
		for _, r := range rows {
			if i < len(r) {
				widest = max(widest, d.widestWord(d.clean(r[i]))+pad)
			}
		}
		widths[i] = max(asked, head[i])
		floor[i] = max(head[i], min(widest, asked))
	}
	excess := sum(widths) - total
	for _, flexFirst := range []bool{true, false} {
		slack := 0.0
		for i, c := range cols {
			if (c.Width <= 0) == flexFirst {
				slack += widths[i] - floor[i]
			}
		}
		if excess <= 0 || slack <= 0 {
			continue
		}
		give := min(excess, slack)
		for i, c := range cols {
			if (c.Width <= 0) == flexFirst {
				widths[i] -= (widths[i] - floor[i]) * give / slack
			}
		}
		excess -= give
	}
	headSize = tableSize
	if excess > 0 {
		scale := total / sum(widths)
		for i := range widths {
			widths[i] *= scale
			if text := head[i] - pad; text > 0 {
				headSize = min(headSize, tableSize*(widths[i]-pad)/text)
			}
		}
		headSize = max(headSize, minHeaderSize)
	}
	return widths, headSize
}

// widestWord is the width of the widest run of text in s that wrap would
// not break, in the current font.
func (d *Doc) widestWord(s string) float64 {
	widest := 0.0
	for _, line := range strings.Split(s, "\n") {
		rs := []rune(line)
		w := 0.0
		for i, r := range rs {
			if i > 0 && breakable(rs, i) {
				w = 0
			}
			if r != ' ' {
				w += d.runeWidth(r)
			}
			widest = max(widest, w)
		}
	}
	return widest
}

// rowStyle is how row draws its cells.
type rowStyle struct {
	border    bool // frame every cell
	fill      bool // light grey background (header rows)
	greyFirst bool // grey text in the first cell (keys)
}

// row draws one row of wrapped cells at the current position. If the row does
// not fit on the current page it starts a new page (calling onBreak, e.g. to
// repeat a table header), unless it would not fit on a fresh page either; then
// it is split over pages line by line.
func (d *Doc) row(widths []float64, aligns, cells []string, st rowStyle, onBreak func()) {
	p := d.pdf
	_, lineH := p.GetFontSize()
	lineH = max(lineH*1.35, tableLineH)
	cm := p.GetCellMargin()
	lines := make([][]string, len(widths))
	n := 1
	for i, w := range widths {
		if i < len(cells) {
			lines[i] = d.wrap(d.clean(cells[i]), w-2*cm)
		}
		n = max(n, len(lines[i]))
	}
	newPage := func() {
		p.AddPage()
		if onBreak != nil {
			onBreak()
		}
	}
	fits := func() int { return int((d.pageBottom() - p.GetY() - 2*cellPadY) / lineH) }
	// Lines a fresh page holds, less room for a repeated header row.
	fresh := int((d.pageBottom()-marginTop-2*cellPadY)/lineH) - 2
	defer p.SetAutoPageBreak(true, marginBottom)
	for done := 0; done < n; {
		left := n - done
		if avail := fits(); avail < left && (avail < 1 || left <= fresh) {
			newPage()
		}
		// The row was measured to fit; gofpdf must not break inside it.
		p.SetAutoPageBreak(false, marginBottom)
		take := min(max(fits(), 1), left)
		h := float64(take)*lineH + 2*cellPadY
		y := p.GetY()
		if st.fill {
			p.SetFillColor(232, 232, 232)
			p.Rect(marginX, y, sum(widths), h, "F")
		}
		if st.border {
			p.SetDrawColor(150, 150, 150)
			p.SetLineWidth(0.2)
			x := marginX
			for _, w := range widths {
				p.Rect(x, y, w, h, "D")
				x += w
			}
			d.textStroke() // bold text strokes in black, not border grey
		}
		x := marginX
		for i, w := range widths {
			if st.greyFirst && i == 0 {
				p.SetTextColor(100, 100, 100)
			}
			for k := done; k < done+take && k < len(lines[i]); k++ {
				p.SetXY(x, y+cellPadY+float64(k-done)*lineH)
				p.CellFormat(w, lineH, lines[i][k], "", 0, aligns[i], false, 0, "")
			}
			p.SetTextColor(0, 0, 0)
			x += w
		}
		p.SetXY(marginX, y+h)
		done += take
	}
}

func sum(xs []float64) (t float64) {
	for _, x := range xs {
		t += x
	}
	return t
}
