package web

import "posportal/internal/svgchart"

// feesChart is the geometry of the quote page's bar chart: one horizontal
// bar per plan, cheapest at the top, length proportional to total cost. It
// is drawn by the template as inline SVG, so it needs no script and no
// style attribute (the CSP allows neither); colours come from classes.
type feesChart struct {
	Width, Height int
	LabelX        int // left edge of the plan labels
	BarX          int // left edge of every bar
	Bars          []feesBar
}

// feesBar is one plan's bar.
type feesBar struct {
	PlanID      int64
	Y, TextY    int // top of the bar; baseline of its texts
	W           int // bar length in user units, at least 2 so zero shows
	AmountX     int // where the amount is written, after the bar
	Label, Full string
	Amount      string
	Best        bool // the comparison's best plan
	Partial     bool // cannot take every requested channel
}

const (
	chartWidth    = 760
	chartLabelX   = 8
	chartBarX     = 300
	chartBarMax   = 320
	chartRow      = 34
	chartBar      = 22
	chartPad      = 10
	chartLabelMax = 40 // label width budget, in half-width characters
)

// newFeesChart lays out the ranked rows of the page; yuan formats the
// amounts.
func newFeesChart(quotes []feesQuoteRow, yuan func(int64) string) feesChart {
	ch := feesChart{Width: chartWidth, Height: 2*chartPad + len(quotes)*chartRow, LabelX: chartLabelX, BarX: chartBarX}
	var peak int64
	for _, q := range quotes {
		peak = max(peak, q.TotalFen)
	}
	for i, q := range quotes {
		w := 2
		if peak > 0 {
			// Pixel geometry, not money: a float is fine here.
			w = max(2, int(float64(q.TotalFen)/float64(peak)*chartBarMax))
		}
		y := chartPad + i*chartRow
		full := q.PlanName + " · " + q.Provider
		amount := yuan(q.TotalFen)
		if len(q.UnsupportedChannels) > 0 {
			amount += " *"
		}
		ch.Bars = append(ch.Bars, feesBar{
			PlanID: q.PlanID, Y: y, TextY: y + chartBar/2 + 5, W: w, AmountX: chartBarX + w + 8,
			Label: svgchart.Truncate(full, chartLabelMax), Full: full, Amount: amount,
			Best: q.Best, Partial: len(q.UnsupportedChannels) > 0,
		})
	}
	return ch
}
