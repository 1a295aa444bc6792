// Package svgchart draws the small server-side charts of the portal's
// pages as inline SVG: horizontal bars and a line chart. The output needs
// no script and no style attribute (the CSP allows neither): colours are
// presentation attributes and classes. Every chart is an image with a
// title and a description for screen readers (role="img",
// aria-labelledby); pages put the same numbers in a table next to it.
package svgchart

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"
	"unicode"
)

// Bar is one row of a bar chart.
type Bar struct {
	Label string
	Value float64 // bar length relative to the largest Value
	Text  string  // written after the bar
	// Highlight marks the bar (e.g. a suspect release) with the alert colour.
	Highlight bool
}

// BarChart is a horizontal bar chart.
type BarChart struct {
	ID          string // unique on the page; prefixes the title and desc ids
	Title, Desc string
	Bars        []Bar
}

// Series is one line of a line chart.
type Series struct {
	Name   string
	Values []float64 // one per label
}

// LineChart is a line chart over labelled points of the x axis.
type LineChart struct {
	ID          string
	Title, Desc string
	Labels      []string
	Series      []Series
}

const (
	width     = 760
	labelW    = 230
	minValueW = 90
	maxValueW = 260
	rowH      = 30
	barH      = 20
	pad       = 10
	labelMax  = 30 // half-width characters
	plotH     = 200
	plotLeft  = 50
	plotRight = 20
)

var colours = []string{"#0b3d91", "#1a7f37", "#c4302b"}

type barRow struct {
	Y, TextY, W, ValueX int
	Label, Full, Text   string
	Highlight           bool
}

type point struct{ X, Y int }

type line struct {
	Name, Colour, Points string
	Dots                 []point
	LegendX              int
}

type tick struct {
	X     int
	Label string
}

var tmpl = template.Must(template.New("bars").Parse(`<svg class="chart-svg" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" data-chart="{{.ID}}">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
{{range .Bars}}<g class="chart-row"><title>{{.Full}}: {{.Text}}</title>
<text class="chart-label" x="{{$.LabelX}}" y="{{.TextY}}" text-anchor="end">{{.Label}}</text>
<rect class="chart-bar{{if .Highlight}} chart-bar-alert{{end}}" x="{{$.BarX}}" y="{{.Y}}" width="{{.W}}" height="20" rx="3" fill="{{if .Highlight}}#c4302b{{else}}#0b3d91{{end}}"></rect>
<text class="chart-value" x="{{.ValueX}}" y="{{.TextY}}">{{.Text}}</text></g>
{{end}}</svg>`))

var lineTmpl = template.Must(template.New("lines").Parse(`<svg class="chart-svg" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-labelledby="{{.ID}}-title {{.ID}}-desc" data-chart="{{.ID}}">
<title id="{{.ID}}-title">{{.Title}}</title>
<desc id="{{.ID}}-desc">{{.Desc}}</desc>
<line x1="{{.Left}}" y1="{{.Top}}" x2="{{.Left}}" y2="{{.Bottom}}" stroke="#9aa8bd"></line>
<line x1="{{.Left}}" y1="{{.Bottom}}" x2="{{.Right}}" y2="{{.Bottom}}" stroke="#9aa8bd"></line>
<text class="chart-axis" x="{{.AxisX}}" y="{{.TopText}}" text-anchor="end">{{.Max}}</text>
<text class="chart-axis" x="{{.AxisX}}" y="{{.Bottom}}" text-anchor="end">0</text>
{{range .Ticks}}<text class="chart-axis" x="{{.X}}" y="{{$.TickY}}" text-anchor="middle">{{.Label}}</text>
{{end}}{{range .Lines}}<g class="chart-series"><title>{{.Name}}</title>
<polyline fill="none" stroke="{{.Colour}}" stroke-width="2.5" points="{{.Points}}"></polyline>
{{$c := .Colour}}{{range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="3.5" fill="{{$c}}"></circle>{{end}}
<line x1="{{.LegendX}}" y1="{{$.LegendY}}" x2="{{.LegendEnd}}" y2="{{$.LegendY}}" stroke="{{.Colour}}" stroke-width="3"></line>
<text class="chart-legend" x="{{.LegendText}}" y="{{$.LegendTextY}}">{{.Name}}</text></g>
{{end}}</svg>`))

// Bars renders c as inline SVG.
func Bars(c BarChart) template.HTML {
	peak := 0.0
	for _, b := range c.Bars {
		if b.Value > peak {
			peak = b.Value
		}
	}
	// Room after the longest bar for the longest value text, at about 8
	// user units per half-width character of 13 px text.
	valueW := minValueW
	for _, b := range c.Bars {
		valueW = max(valueW, 8*textWidth(b.Text)+16)
	}
	valueW = min(valueW, maxValueW)
	barMax := width - labelW - valueW - 2*pad
	rows := make([]barRow, 0, len(c.Bars))
	for i, b := range c.Bars {
		w := 2 // a zero still shows
		if peak > 0 && b.Value > 0 {
			w = max(2, int(b.Value/peak*float64(barMax)))
		}
		y := pad + i*rowH
		rows = append(rows, barRow{Y: y, TextY: y + barH/2 + 5, W: w, ValueX: labelW + pad + w + 8,
			Label: Truncate(b.Label, labelMax), Full: b.Label, Text: b.Text, Highlight: b.Highlight})
	}
	return render(tmpl, map[string]any{"ID": c.ID, "Title": c.Title, "Desc": c.Desc, "W": width,
		"H": 2*pad + max(1, len(rows))*rowH, "LabelX": labelW, "BarX": labelW + pad, "Bars": rows})
}

// Lines renders c as inline SVG.
func Lines(c LineChart) template.HTML {
	peak := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if v > peak {
				peak = v
			}
		}
	}
	if peak == 0 {
		peak = 1
	}
	top, bottom := pad+10, pad+10+plotH
	plotW := width - plotLeft - plotRight
	x := func(i int) int {
		if len(c.Labels) <= 1 {
			return plotLeft + plotW/2
		}
		return plotLeft + i*plotW/(len(c.Labels)-1)
	}
	y := func(v float64) int { return bottom - int(v/peak*plotH+0.5) }
	var ticks []tick
	for i, l := range c.Labels {
		ticks = append(ticks, tick{X: x(i), Label: l})
	}
	type lineOut struct {
		line
		LegendEnd, LegendText int
	}
	var lines []lineOut
	for k, s := range c.Series {
		var pts bytes.Buffer
		l := line{Name: s.Name, Colour: colours[k%len(colours)], LegendX: plotLeft + k*200}
		for i, v := range s.Values {
			if i >= len(c.Labels) {
				break
			}
			fmt.Fprintf(&pts, "%d,%d ", x(i), y(v))
			l.Dots = append(l.Dots, point{x(i), y(v)})
		}
		l.Points = pts.String()
		lines = append(lines, lineOut{line: l, LegendEnd: l.LegendX + 24, LegendText: l.LegendX + 30})
	}
	return render(lineTmpl, map[string]any{"ID": c.ID, "Title": c.Title, "Desc": c.Desc, "W": width, "H": bottom + 60,
		"Left": plotLeft, "Right": plotLeft + plotW, "Top": top, "Bottom": bottom, "AxisX": plotLeft - 6, "TopText": top + 4,
		"Max": strconv.FormatFloat(peak, 'f', -1, 64), "Ticks": ticks, "TickY": bottom + 18, "Lines": lines,
		"LegendY": bottom + 40, "LegendTextY": bottom + 45})
}

func render(t *template.Template, data any) template.HTML {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		// The templates are fixed and the data is plain values: failing
		// here is a programming error caught by the package's tests.
		panic(fmt.Sprintf("svgchart: %v", err))
	}
	return template.HTML(b.String()) // written by html/template: already escaped
}

// textWidth counts s in half-width characters (a Chinese character is two).
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if unicode.Is(unicode.Han, r) || r > 0x2E80 {
			n++
		}
	}
	return n
}

// Truncate shortens s to about budget half-width characters (a Chinese
// character counts two), ending in "…" when cut: chart labels keep their
// column, the full text goes in the element's title.
func Truncate(s string, budget int) string {
	used := 0
	for i, r := range s {
		w := 1
		if unicode.Is(unicode.Han, r) || r > 0x2E80 {
			w = 2
		}
		if used+w > budget {
			return s[:i] + "…"
		}
		used += w
	}
	return s
}
