package pdf

import "strconv"

// Chart geometry in millimetres.
const (
	chartLabelW = 55.0 // label column of a bar chart
	chartValueW = 28.0 // value text after the longest bar
	chartBarH   = 5.0
	chartRowH   = 7.0
	chartLineH  = 55.0 // plot height of a line chart
)

// Bar is one row of BarChart.
type Bar struct {
	Label string
	Value float64 // bar length, relative to the largest Value
	Text  string  // printed after the bar, e.g. "12" or "66.7"
	// Highlight draws the bar in the alert colour (a suspect release).
	Highlight bool
}

// BarChart draws horizontal bars with their labels and values, drawn with
// PDF rectangles so the chart stays sharp and its texts read back. The
// whole chart moves to the next page rather than split.
func (d *Doc) BarChart(bars []Bar) {
	if !d.writable() || len(bars) == 0 {
		return
	}
	p := d.pdf
	h := float64(len(bars))*chartRowH + 2
	if p.GetY()+h > d.pageBottom() {
		p.AddPage()
	}
	max := 0.0
	for _, b := range bars {
		if b.Value > max {
			max = b.Value
		}
	}
	barMax := d.contentWidth() - chartLabelW - chartValueW
	d.setFont(tableSize, false)
	y := p.GetY() + 1
	for _, b := range bars {
		w := 0.4 // a zero still shows as a hairline
		if max > 0 && b.Value > 0 {
			w = b.Value / max * barMax
		}
		p.SetXY(marginX, y)
		p.CellFormat(chartLabelW-2, chartBarH, d.clean(b.Label), "", 0, "R", false, 0, "")
		if b.Highlight {
			p.SetFillColor(196, 48, 43)
		} else {
			p.SetFillColor(11, 61, 145)
		}
		p.Rect(marginX+chartLabelW, y, w, chartBarH, "F")
		p.SetXY(marginX+chartLabelW+w+1.5, y)
		p.CellFormat(chartValueW, chartBarH, d.clean(b.Text), "", 0, "L", false, 0, "")
		y += chartRowH
	}
	p.SetFillColor(255, 255, 255)
	p.SetXY(marginX, y+1)
	d.setFont(bodySize, false)
}

// Series is one line of LineChart.
type Series struct {
	Name   string
	Values []float64 // one per label
	// Dashed tells the series apart without colour.
	Dashed bool
}

// LineChart draws series over the labels of the x axis, with a legend and
// the largest value on the y axis.
func (d *Doc) LineChart(labels []string, series []Series) {
	if !d.writable() || len(labels) == 0 {
		return
	}
	p := d.pdf
	if p.GetY()+chartLineH+16 > d.pageBottom() {
		p.AddPage()
	}
	max := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			if v > max {
				max = v
			}
		}
	}
	if max == 0 {
		max = 1
	}
	left, top := marginX+12, p.GetY()+2
	width := d.contentWidth() - 14
	step := width
	if len(labels) > 1 {
		step = width / float64(len(labels)-1)
	}
	x := func(i int) float64 {
		if len(labels) == 1 {
			return left + width/2
		}
		return left + float64(i)*step
	}
	yOf := func(v float64) float64 { return top + chartLineH - v/max*chartLineH }

	d.setFont(8, false)
	p.SetDrawColor(170, 170, 170)
	p.SetLineWidth(0.2)
	p.Line(left, top, left, top+chartLineH)
	p.Line(left, top+chartLineH, left+width, top+chartLineH)
	p.SetXY(marginX, top-2)
	p.CellFormat(11, 4, d.clean(trimFloat(max)), "", 0, "R", false, 0, "")
	p.SetXY(marginX, top+chartLineH-2)
	p.CellFormat(11, 4, "0", "", 0, "R", false, 0, "")
	for i, l := range labels {
		p.SetXY(x(i)-12, top+chartLineH+1)
		p.CellFormat(24, 4, d.clean(l), "", 0, "C", false, 0, "")
	}
	colours := [][3]int{{11, 61, 145}, {26, 127, 55}, {196, 48, 43}}
	for k, s := range series {
		c := colours[k%len(colours)]
		p.SetDrawColor(c[0], c[1], c[2])
		p.SetFillColor(c[0], c[1], c[2])
		p.SetLineWidth(0.6)
		if s.Dashed {
			p.SetDashPattern([]float64{1.5, 1}, 0)
		}
		for i := 1; i < len(s.Values) && i < len(labels); i++ {
			p.Line(x(i-1), yOf(s.Values[i-1]), x(i), yOf(s.Values[i]))
		}
		p.SetDashPattern([]float64{}, 0)
		for i := 0; i < len(s.Values) && i < len(labels); i++ {
			p.Circle(x(i), yOf(s.Values[i]), 0.8, "F")
		}
		// Legend under the axis labels.
		lx := left + float64(k)*50
		ly := top + chartLineH + 8
		p.Line(lx, ly+2, lx+8, ly+2)
		p.SetXY(lx+9, ly)
		p.CellFormat(40, 4, d.clean(s.Name), "", 0, "L", false, 0, "")
	}
	p.SetDrawColor(0, 0, 0)
	p.SetFillColor(255, 255, 255)
	p.SetLineWidth(0.2)
	p.SetXY(marginX, top+chartLineH+14)
	d.setFont(bodySize, false)
}

// trimFloat writes an axis value without trailing zeros.
func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
