package pdf

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
	// Width in millimetres. Columns with Width 0 share what the others leave
	// of the 180 mm content width equally.
	Width float64
	// Align is "L" (default), "C" or "R" (use "R" for amounts).
	Align string
}

// Table writes a bordered table: a shaded header row, then rows, whose cells
// wrap within their column. A row that does not fit on the page moves to the
// next (a row taller than a page is split), and the header row is repeated
// at the top of every page the table continues on. Missing cells are blank;
// extra cells are ignored.
func (d *Doc) Table(cols []Column, rows [][]string) {
	if !d.writable() || len(cols) == 0 {
		return
	}
	widths, aligns, headers := d.columns(cols)
	d.setFont(tableSize, false)
	head := func() {
		d.setFont(tableSize, true)
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

// columns resolves widths, alignments and header texts.
func (d *Doc) columns(cols []Column) (widths []float64, aligns, headers []string) {
	fixed, flex := 0.0, 0
	for _, c := range cols {
		if c.Width > 0 {
			fixed += c.Width
		} else {
			flex++
		}
	}
	share := 0.0
	if flex > 0 && d.contentWidth() > fixed {
		share = (d.contentWidth() - fixed) / float64(flex)
	}
	for _, c := range cols {
		w := c.Width
		if w <= 0 {
			w = share
		}
		a := c.Align
		if a != "C" && a != "R" {
			a = "L"
		}
		widths = append(widths, w)
		aligns = append(aligns, a)
		headers = append(headers, c.Header)
	}
	return widths, aligns, headers
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
			lines[i] = d.wrap(d.font.clean(cells[i]), w-2*cm)
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
		x := marginX
		for i, w := range widths {
			if st.border {
				p.SetDrawColor(150, 150, 150)
				p.SetLineWidth(0.2)
				p.Rect(x, y, w, h, "D")
			}
			if st.greyFirst && i == 0 {
				p.SetTextColor(100, 100, 100)
			}
			for k := done; k < done+take && k < len(lines[i]); k++ {
				p.SetXY(x, y+cellPadY+float64(k-done)*lineH)
				p.CellFormat(w, lineH, d.font.encode(lines[i][k]), "", 0, aligns[i], false, 0, "")
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
